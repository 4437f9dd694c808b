#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include "http/connection_limit.hpp"
#include "http/exchange.hpp"
#include "http/limits.hpp"
#include "http/loop.hpp"
#include "http/loop_timers.hpp"
#include "http/router.hpp"
#include "http/tls.hpp"

namespace brigade::http {

/// One HTTP/1.1 connection: reads a request, hands it to the router as an
/// `exchange`, writes the response (possibly much later, for long-polling),
/// then reads the next one. A WebSocket upgrade takes the stream away.
/// The head is read and checked first (request_framing.hpp): a head that
/// frames its body ambiguously, or announces one over the limit, is refused
/// before the body is read; `Expect: 100-continue` is answered in between.
/// `Stream` is a `loop_socket` (plain), whose read and write timeouts are a
/// `loop_timer`, or `tls_stream` (HTTPS: the TLS handshake comes first,
/// under Beast's read timeout). A plain connection's first head (most
/// often its only one: a WebSocket upgrade) is awaited, then read into the
/// loop's buffer and parsed at once: no buffer of its own, no asynchronous
/// read, unless it arrives in pieces.
/// Lives on one loop; every member runs on that loop's thread.
template <class Stream>
class basic_connection final : public drainable, public std::enable_shared_from_this<basic_connection<Stream>> {
 public:
  /// `remote_address`: the peer's IP address, as text. `admitted`: the
  /// listener's decision. A refusal (over_address, server_busy) only answers
  /// 429 or 503 and closes; probe_only serves one request to a probe route.
  basic_connection(loop& owner, Stream stream, std::string remote_address, const router& routes, const limits& lim,
                   connection_limit::decision admitted);
  ~basic_connection() override;
  void start();
  void begin_drain() override;
  /// The connection limit needs room: close now unless a request is with
  /// its handler or its response is being written; then close after it.
  void shed();

 private:
  static constexpr bool kTls = std::is_same_v<Stream, tls_stream>;

  void read_request();
  /// Reads (the rest of) the head asynchronously.
  void read_head();
  /// Plain connections, first request: parses what has arrived; false
  /// unless that was a whole head (or an error): the asynchronous read then
  /// waits for the rest.
  bool parse_arrived_head();
  void on_header(boost::beast::error_code ec);
  void read_body();
  /// A whole request: handed to the router.
  void on_request();
  /// A request that could not be read: answered (4xx) and closed, or just
  /// closed when the peer left or timed out.
  void on_read_error(boost::beast::error_code ec);
  void refuse(response&& res);
  void send(response&& res);
  void refuse(status code, std::string_view error_code, std::string_view message, std::string_view retry_after);
  void on_written(boost::beast::error_code ec, bool keep_alive);
  std::optional<upgraded_socket> take_socket();
  void close();
  void linger_then_close();
  void drain(size_t discarded);
  auto& socket() noexcept {
    if constexpr (kTls) {
      return boost::beast::get_lowest_layer(stream_).socket();
    } else {
      return stream_;
    }
  }
  /// The read or write about to start fails (and the socket closes) unless
  /// it completes within `timeout`.
  void expire_after(std::chrono::steady_clock::duration timeout);
  void expire_never();
  void close_socket();

  // Bounds on reading what a client still sends after its last response.
  static constexpr auto kLingerTime = std::chrono::seconds(2);
  static constexpr size_t kLingerBytes = 4 << 20;
  static constexpr auto kDrainReadTime = std::chrono::milliseconds(250);

  loop& loop_;
  Stream stream_;
  loop_timer deadline_;  // plain connections' timeouts (TLS has Beast's)
  boost::beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::shared_ptr<response> pending_response_;
  const router& routes_;
  const limits& limits_;
  admission admission_;
  connection_slot slot_;  // empty once a WebSocket took it
  std::string remote_address_;
  bool socket_taken_ = false;
  bool reading_ = false;     // waiting for (the rest of) a request
  bool responding_ = false;  // a request with its handler, or its response being written
  bool draining_ = false;  // shutdown: no request after the current one
  bool request_keep_alive_ = true;
  bool first_request_ = true;
  unsigned request_version_ = 11;
};

/// HTTP connections of the whole process not closed or taken over by a
/// WebSocket yet: a graceful shutdown waits for 0. Thread-safe.
size_t open_http_connections() noexcept;

using plain_connection = basic_connection<loop_socket>;
using tls_connection = basic_connection<tls_stream>;

}  // namespace brigade::http

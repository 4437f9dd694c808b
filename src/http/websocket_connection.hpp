#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/buffer.hpp>

#include "http/byte_stream.hpp"
#include "http/loop.hpp"
#include "http/types.hpp"
#include "ws_codec/reader.hpp"
#include "ws_codec/shared_frame.hpp"

namespace brigade::http::ws {

/// Why a WebSocket connection ended.
enum class close_cause : uint8_t {
  peer_closed,     // close frame or EOF from the client
  protocol_error,  // the client broke RFC 6455 (bad frame, bad UTF-8, too big)
  io_error,        // the socket failed
  overflow,        // the client read too slowly: outbound queue over its limit
  local,           // we closed it
  shed,            // closed to make room at the connection cap (it had not authenticated)
};

/// Receives what a WebSocket connection reads. Called on the connection's loop.
class connection_handler {
 public:
  virtual ~connection_handler() = default;
  virtual void on_message(bool binary, std::string_view data) = 0;
  virtual void on_closed(close_cause cause) = 0;
};

/// What a queued frame is, for the outbound bounds: events pushed to the
/// client, or replies to its own requests (acks, which may carry a room's
/// snapshot). Each kind has its own bound, so a large snapshot never counts
/// as a slow consumer, and a flood of events cannot hide behind replies.
enum class outbound : uint8_t { event, reply };

/// A server-side WebSocket (RFC 6455, no extensions) over a byte_stream,
/// plain or TLS. Over plain TCP it reads into the loop's shared buffer, so an
/// idle connection holds no read buffer; it has one writer and a bounded
/// outbound queue whose frames leave together in one gathered write per loop
/// turn. Lives on its stream's loop: every member must be called on that
/// loop's thread.
class connection : public flushable, private byte_stream::receiver, public std::enable_shared_from_this<connection> {
 public:
  struct options {
    uint64_t max_message_size = 1'000'000;
    /// Bytes waiting behind the write in progress before the client counts
    /// as a slow consumer and is disconnected (1 MiB: ~1000 typical events).
    /// With the write in progress, at most twice this is held per client.
    size_t max_outbound_bytes = 1 << 20;
    /// The same for replies (outbound::reply): a kitchen's snapshot of every
    /// open order may be several megabytes, and the client asked for it.
    size_t max_reply_bytes = 16 << 20;
  };

  connection(std::unique_ptr<byte_stream> stream, options opts);
  ~connection() override;

  /// Queues the HTTP 101 answer for `client_key`, then starts reading
  /// (`leftover` holds bytes already read past the request head). From then
  /// on, until `mark_authenticated()`, the connection limit may shed it.
  void start(std::string_view client_key, std::string leftover, connection_handler* handler);

  /// Queues a frame; it leaves with the others queued in this loop turn.
  /// Returns false (and closes the connection) if the queue of its kind
  /// overflows.
  bool send(brigade::ws::frame_ptr frame, outbound kind = outbound::event);
  /// Sends a close frame after what is queued, then closes the socket.
  void close(uint16_t code = 1000);
  /// Refuses the upgrade: writes `raw_http_response` instead of the 101 and
  /// closes. Only before `start()`.
  void reject(std::string raw_http_response);
  /// Closes the socket at once, dropping what is queued.
  void abort();
  /// Stops calling the handler (its owner is going away).
  void detach() noexcept { handler_ = nullptr; }
  /// Routes what is read to another handler (the Engine.IO upgrade).
  void set_handler(connection_handler* handler) noexcept { handler_ = handler; }
  /// The client proved who it is (its Socket.IO handshake was accepted): it
  /// is not shed at the connection cap.
  void mark_authenticated() noexcept { stream_->slot().mark_authenticated(); }

  loop& owner() const noexcept { return stream_->owner(); }
  /// The peer's IP address, for logs (a system call: not for every message).
  std::string remote_address() const { return stream_->remote_address(); }
  bool is_open() const noexcept { return open_; }
  size_t queued_bytes() const noexcept { return queued_bytes_; }

  void flush() override;

 private:
  void wait_readable();
  std::shared_ptr<byte_stream::receiver> as_receiver();
  void on_read(boost::system::error_code ec, std::string_view bytes) override;
  void on_written(boost::system::error_code ec, size_t written) override;
  bool process_input();
  void finish(close_cause cause);
  /// Sends close code 1013 (try again later) and reports close_cause::shed.
  void shed();
  void send_control(brigade::ws::opcode op, std::string_view payload);
  /// Moves queued_bytes_ and brigade_outbound_queue_bytes together.
  void count_queued(int64_t delta) noexcept;

  std::unique_ptr<byte_stream> stream_;
  brigade::ws::reader reader_;
  size_t max_outbound_bytes_;  // options::max_outbound_bytes
  size_t max_reply_bytes_;     // options::max_reply_bytes
  connection_handler* handler_ = nullptr;
  std::vector<brigade::ws::frame_ptr> queue_;
  std::vector<brigade::ws::frame_ptr> in_flight_;  // being written; the first may be partly sent
  size_t in_flight_offset_ = 0;       // bytes of in_flight_.front() already sent
  std::vector<boost::asio::const_buffer> write_buffers_;
  size_t queued_bytes_ = 0;   // not yet taken by the kernel (change it with count_queued)
  size_t waiting_bytes_ = 0;  // events queued behind the write in progress
  size_t waiting_reply_bytes_ = 0;  // replies queued behind the write in progress
  bool open_ = true;
  bool writing_ = false;
  bool flush_scheduled_ = false;
  bool closing_ = false;  // close frame queued: no more frames, shut down when written
};

}  // namespace brigade::http::ws

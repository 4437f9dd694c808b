#include "http/connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "common/metrics/catalog.hpp"
#include "http/error_codes.hpp"
#include "http/loop_bound.hpp"
#include "http/request_framing.hpp"

namespace brigade::http {
namespace {
std::atomic<size_t> open_connections{0};
}  // namespace

size_t open_http_connections() noexcept {
  return open_connections.load(std::memory_order_relaxed);
}

template <class Stream>
basic_connection<Stream>::basic_connection(loop& owner, Stream stream, std::string remote_address,
                                           const router& routes, const limits& lim,
                                           connection_limit::decision admitted)
    : loop_(owner),
      stream_(std::move(stream)),
      deadline_(owner.timers(), [](void* self) { static_cast<basic_connection*>(self)->close_socket(); }, this),
      routes_(routes),
      limits_(lim),
      admission_(admitted.verdict),
      slot_(std::move(admitted.slot)),
      remote_address_(std::move(remote_address)) {
  open_connections.fetch_add(1, std::memory_order_relaxed);
}

template <class Stream>
void basic_connection<Stream>::expire_after(std::chrono::steady_clock::duration timeout) {
  if constexpr (kTls) {
    boost::beast::get_lowest_layer(stream_).expires_after(timeout);
  } else {
    deadline_.arm_after(timeout);
  }
}

template <class Stream>
void basic_connection<Stream>::expire_never() {
  if constexpr (kTls) {
    boost::beast::get_lowest_layer(stream_).expires_never();
  } else {
    deadline_.cancel();
  }
}

// Pending operations complete with operation_aborted: on a timeout, they
// end the connection as Beast's error::timeout does.
template <class Stream>
void basic_connection<Stream>::close_socket() {
  if constexpr (kTls) {
    boost::beast::get_lowest_layer(stream_).close();
  } else {
    boost::beast::error_code ignored;
    stream_.close(ignored);
  }
}

template <class Stream>
basic_connection<Stream>::~basic_connection() {
  if (!socket_taken_) open_connections.fetch_sub(1, std::memory_order_relaxed);
}

// Like Go's Server.Shutdown: a connection idle between requests closes now
// (its client simply opens a new one elsewhere); one with a request under
// way answers it with `Connection: close`, then closes.
template <class Stream>
void basic_connection<Stream>::begin_drain() {
  draining_ = true;
  if (reading_ && parser_ && !parser_->got_some() && buffer_.size() == 0) close();
}

// Shedding makes room at the connection cap for a newer connection; the
// listener chose this one because it never proved who it is.
template <class Stream>
void basic_connection<Stream>::shed() {
  if (socket_taken_) return;
  draining_ = true;
  if (!responding_) close();
}

template <class Stream>
void basic_connection<Stream>::refuse(status code, std::string_view error_code, std::string_view message,
                                      std::string_view retry_after) {
  auto res = json_error(code, error_code, message);
  res.set(field::retry_after, retry_after);
  res.keep_alive(false);
  send(std::move(res));
}

template <class Stream>
void basic_connection<Stream>::start() {
  loop_.track(this->weak_from_this());
  if (loop_.draining()) draining_ = true;
  // Refusals are answered at once, without reading: the client learns why,
  // and the connection costs no more than this write. (Over TLS the listener
  // closes them before the handshake instead.)
  if (admission_ == admission::over_address) {
    refuse(status::too_many_requests, kTooManyConnections, "Too many open connections from this address", "1");
    return;
  }
  if (admission_ == admission::server_busy) {
    refuse(status::service_unavailable, kServerBusy, "The server has too many open connections; try again shortly",
           "5");
    return;
  }
  if (admission_ == admission::admitted) {
    // Held weakly and reached on this loop only: the listener calls this
    // from its own thread.
    slot_.on_shed([&owner = loop_, weak = this->weak_from_this()] {
      boost::asio::post(owner.context(), [weak] {
        if (auto self = weak.lock()) self->shed();
      });
    });
  }
  if constexpr (kTls) {
    expire_after(limits_.read_timeout);
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            [self = this->shared_from_this()](boost::beast::error_code ec) {
                              if (ec) {
                                self->close();
                                return;
                              }
                              self->read_request();
                            });
  } else {
    read_request();
  }
}

template <class Stream>
void basic_connection<Stream>::read_request() {
  parser_.emplace();
  parser_->body_limit(limits_.max_body_size);
  parser_->header_limit(static_cast<uint32_t>(limits_.max_header_size));
  // Draining: a connection accepted just before the listener closed (a
  // client's spare one) gets a moment to send its request, not the idle
  // timeout.
  expire_after(draining_ ? kDrainReadTime : limits_.read_timeout);
  reading_ = true;
  if constexpr (!kTls) {
    if (std::exchange(first_request_, false)) {
      // The first head: once it is readable, parsed from the loop's buffer.
      stream_.async_wait(tcp::socket::wait_read, [self = this->shared_from_this()](boost::beast::error_code ec) {
        if (ec) {
          self->on_header(ec);
        } else if (!self->parse_arrived_head()) {
          self->read_head();
        }
      });
      return;
    }
  }
  read_head();
}

template <class Stream>
void basic_connection<Stream>::read_head() {
  beast_http::async_read_header(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](boost::beast::error_code ec, size_t) { self->on_header(ec); });
}

// Reads what has arrived into the loop's buffer (no buffer of its own, no
// asynchronous operation) and gives it to the same parser the asynchronous
// read uses. A whole head goes on at once; anything else (part of a head,
// the bytes after it) is kept in `buffer_`, where the asynchronous reads
// that follow take it up. False when the head is not whole yet.
template <class Stream>
bool basic_connection<Stream>::parse_arrived_head() {
  if constexpr (kTls) {
    return false;  // TLS: the first bytes are the handshake's
  } else {
    // A blocking socket would stall the loop (the listener makes each one
    // non-blocking; should that have failed, read asynchronously).
    if (!stream_.non_blocking()) return false;
    auto& scratch = loop_.read_buffer();
    boost::beast::error_code ec;
    const size_t n = stream_.read_some(boost::asio::buffer(scratch), ec);
    if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) return false;
    if (ec) {
      on_header(ec);
      return true;
    }
    const size_t used = parser_->put(boost::asio::buffer(scratch.data(), n), ec);
    if (ec == beast_http::error::need_more) ec = {};  // a head not whole yet: the rest comes asynchronously
    const size_t kept = n - used;
    if (kept > 0) {
      auto room = buffer_.prepare(kept);
      boost::asio::buffer_copy(room, boost::asio::buffer(scratch.data() + used, kept));
      buffer_.commit(kept);
    }
    if (!ec && !parser_->is_header_done()) return false;
    on_header(ec);
    return true;
  }
}

// The head decides, before a byte of the body is read, whether the request
// can be served at all; only then may a waiting client send its body.
template <class Stream>
void basic_connection<Stream>::on_header(boost::beast::error_code ec) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  if (auto refusal = refusal_for_head(parser_->get())) {
    reading_ = false;
    refuse(std::move(*refusal));
    return;
  }
  if (parser_->is_done()) {
    on_request();
    return;
  }
  if (!expects_continue(parser_->get())) {
    read_body();
    return;
  }
  boost::asio::async_write(stream_, boost::asio::buffer(kContinueResponse.data(), kContinueResponse.size()),
                           [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
                             if (ec) {
                               self->close();
                               return;
                             }
                             self->read_body();
                           });
}

template <class Stream>
void basic_connection<Stream>::read_body() {
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
                           if (ec) {
                             self->on_read_error(ec);
                             return;
                           }
                           self->on_request();
                         });
}

template <class Stream>
void basic_connection<Stream>::on_read_error(boost::beast::error_code ec) {
  reading_ = false;
  if (ec == beast_http::error::body_limit) {
    // Announced by Content-Length (refused before the body is read) or
    // reached by a chunked body. The route may end what the request belongs
    // to: a long-polling session has lost a message.
    routes_.body_refused(parser_->get());
    refuse(json_error(status::payload_too_large, kPayloadTooLarge, "Request body exceeds the size limit"));
    return;
  }
  if (ec == beast_http::error::header_limit) {
    refuse(json_error(status::request_header_fields_too_large, kHeadersTooLarge, "Request headers too large"));
    return;
  }
  if (auto refusal = refusal_for_parse_error(ec)) {
    refuse(std::move(*refusal));
    return;
  }
  close();
}

// A refused request is the connection's last: what follows it on the wire
// cannot be trusted to start a request.
template <class Stream>
void basic_connection<Stream>::refuse(response&& res) {
  res.keep_alive(false);
  send(std::move(res));
}

template <class Stream>
void basic_connection<Stream>::on_request() {
  reading_ = false;
  // No timeout while the handler holds the request (a long-poll waits up to
  // pingInterval); the Engine.IO heartbeat bounds that wait instead.
  expire_never();
  request_keep_alive_ = parser_->get().keep_alive();
  request_version_ = parser_->get().version();
  if (admission_ == admission::probe_only) {
    // Let in over the cap for a probe: one request, then the place goes back.
    request_keep_alive_ = false;
    const std::string_view target = parser_->get().target();
    if (!routes_.is_probe(target.substr(0, target.find('?')))) {
      metrics::brigade().connections_refused_busy.inc();
      refuse(status::service_unavailable, kServerBusy,
             "The server has too many open connections; try again shortly", "5");
      return;
    }
  }
  responding_ = true;
  auto weak = this->weak_from_this();
  auto ex = std::make_shared<exchange>(
      parser_->release(), remote_address_, loop_,
      // The exchange keeps the connection alive until it is answered. It may
      // be answered, and dropped, on a database thread: the handle sends on
      // the loop and lets the connection go only there.
      [self = loop_bound<basic_connection>(this->shared_from_this(), loop_)](response&& res) {
        self.dispatch([res = std::move(res)](basic_connection& connection) mutable {
          connection.send(std::move(res));
        });
      },
      [weak]() -> std::optional<upgraded_socket> {
        if (auto self = weak.lock()) return self->take_socket();
        return std::nullopt;
      },
      slot_.ticket());
  routes_.dispatch(ex);
}

template <class Stream>
std::optional<upgraded_socket> basic_connection<Stream>::take_socket() {
  if (socket_taken_) return std::nullopt;
  socket_taken_ = true;
  open_connections.fetch_sub(1, std::memory_order_relaxed);  // a WebSocket now, counted by its server
  std::string leftover(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  buffer_.consume(buffer_.size());
  expire_never();
  // The connection's slot goes with the stream: a WebSocket counts against
  // the limits for as long as it is open. Not sheddable until the WebSocket
  // says how to close it.
  slot_.on_shed(nullptr);
  connection_slot slot = std::move(slot_);
  if constexpr (kTls) {
    return upgraded_socket{make_tls_byte_stream(loop_, std::move(stream_), std::move(slot)), std::move(leftover)};
  } else {
    return upgraded_socket{make_plain_byte_stream(loop_, std::move(stream_), std::move(slot)),
                           std::move(leftover)};
  }
}

template <class Stream>
void basic_connection<Stream>::send(response&& res) {
  if (socket_taken_) return;
  res.version(request_version_);
  if (!request_keep_alive_ || draining_) res.keep_alive(false);
  const bool keep_alive = res.keep_alive();
  responding_ = true;
  pending_response_ = std::make_shared<response>(std::move(res));
  expire_after(limits_.read_timeout);
  beast_http::async_write(stream_, *pending_response_,
                          [self = this->shared_from_this(), keep_alive](boost::beast::error_code ec, size_t) {
                            self->on_written(ec, keep_alive);
                          });
}

template <class Stream>
void basic_connection<Stream>::on_written(boost::beast::error_code ec, bool keep_alive) {
  pending_response_.reset();
  responding_ = false;
  if (ec) {
    close();
    return;
  }
  // Draining began while this response was being written: no next request.
  if (!keep_alive || draining_) {
    linger_then_close();
    return;
  }
  read_request();
}

// Closing with unread request bytes in the kernel makes it send a reset,
// which can destroy the response before the client reads it (a 413 sent
// while the client is still uploading). So: stop sending, read and discard
// what still arrives for a bounded time and amount, then close. Over TLS the
// discarded bytes are simply not decrypted.
template <class Stream>
void basic_connection<Stream>::linger_then_close() {
  if (socket_taken_) return;
  boost::beast::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_send, ignored);
  expire_after(kLingerTime);
  drain(0);
}

template <class Stream>
void basic_connection<Stream>::drain(size_t discarded) {
  buffer_.consume(buffer_.size());
  boost::beast::get_lowest_layer(stream_).async_read_some(buffer_.prepare(16 * 1024),
                           [self = this->shared_from_this(), discarded](boost::beast::error_code ec, size_t n) {
                             if (ec || discarded + n > kLingerBytes) {
                               self->close_socket();
                               return;
                             }
                             self->drain(discarded + n);
                           });
}

template <class Stream>
void basic_connection<Stream>::close() {
  if (socket_taken_) return;
  boost::beast::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_send, ignored);
  close_socket();
}

template class basic_connection<loop_socket>;
template class basic_connection<tls_stream>;

}  // namespace brigade::http

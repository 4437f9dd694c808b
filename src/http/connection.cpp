#include "http/connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace brigade::http {

connection::connection(loop& owner, tcp::socket socket, const router& routes, const limits& lim)
    : loop_(owner), stream_(std::move(socket)), routes_(routes), limits_(lim) {
  boost::system::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

void connection::start() { read_request(); }

void connection::read_request() {
  parser_.emplace();
  parser_->body_limit(limits_.max_body_size);
  parser_->header_limit(static_cast<uint32_t>(limits_.max_header_size));
  stream_.expires_after(limits_.read_timeout);
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](boost::beast::error_code ec, size_t) { self->on_read(ec); });
}

void connection::on_read(boost::beast::error_code ec) {
  if (ec == beast_http::error::body_limit) {
    auto res = json_error(status::payload_too_large, "payload_too_large", "Request body exceeds the size limit");
    res.keep_alive(false);
    send(std::move(res));
    return;
  }
  if (ec == beast_http::error::header_limit) {
    auto res = json_error(status::request_header_fields_too_large, "headers_too_large", "Request headers too large");
    res.keep_alive(false);
    send(std::move(res));
    return;
  }
  if (ec) {
    close();
    return;
  }
  // No timeout while the handler holds the request (a long-poll waits up to
  // pingInterval); the Engine.IO heartbeat bounds that wait instead.
  stream_.expires_never();
  request_keep_alive_ = parser_->get().keep_alive();
  request_version_ = parser_->get().version();
  auto weak = weak_from_this();
  auto ex = std::make_shared<exchange>(
      parser_->release(), remote_address_, loop_,
      // The exchange keeps the connection alive until it is answered.
      [self = shared_from_this(), &owner = loop_](response&& res) {
        boost::asio::dispatch(owner.context(),
                              [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
      },
      [weak]() -> std::optional<upgraded_socket> {
        if (auto self = weak.lock()) return self->take_socket();
        return std::nullopt;
      });
  routes_.dispatch(ex);
}

std::optional<upgraded_socket> connection::take_socket() {
  if (socket_taken_) return std::nullopt;
  socket_taken_ = true;
  std::string leftover(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  buffer_.consume(buffer_.size());
  stream_.expires_never();
  return upgraded_socket{stream_.release_socket(), std::move(leftover)};
}

void connection::send(response&& res) {
  if (socket_taken_) return;
  res.version(request_version_);
  if (!request_keep_alive_) res.keep_alive(false);
  const bool keep_alive = res.keep_alive();
  pending_response_ = std::make_shared<response>(std::move(res));
  stream_.expires_after(limits_.read_timeout);
  beast_http::async_write(stream_, *pending_response_,
                          [self = shared_from_this(), keep_alive](boost::beast::error_code ec, size_t) {
                            self->on_written(ec, keep_alive);
                          });
}

void connection::on_written(boost::beast::error_code ec, bool keep_alive) {
  pending_response_.reset();
  if (ec) {
    close();
    return;
  }
  if (!keep_alive) {
    linger_then_close();
    return;
  }
  read_request();
}

// Closing with unread request bytes in the kernel makes it send a reset,
// which can destroy the response before the client reads it (a 413 sent
// while the client is still uploading). So: stop sending, read and discard
// what still arrives for a bounded time and amount, then close.
void connection::linger_then_close() {
  if (socket_taken_) return;
  boost::beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  drain(0);
}

void connection::drain(size_t discarded) {
  buffer_.consume(buffer_.size());
  stream_.async_read_some(buffer_.prepare(16 * 1024),
                          [self = shared_from_this(), discarded](boost::beast::error_code ec, size_t n) {
                            if (ec || discarded + n > kLingerBytes) {
                              self->stream_.close();
                              return;
                            }
                            self->drain(discarded + n);
                          });
}

void connection::close() {
  if (socket_taken_) return;
  boost::beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace brigade::http

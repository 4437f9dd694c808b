#include "http/listener.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "http/connection.hpp"

namespace brigade::http {

listener::listener(io_pool& pool, const tcp::endpoint& endpoint, const router& routes, limits lim,
                   std::shared_ptr<tls_context> tls)
    : pool_(pool),
      acceptor_(pool.at(0).context()),
      retry_timer_(pool.at(0).context()),
      routes_(routes),
      limits_(lim),
      tls_(std::move(tls)),
      connections_(connection_limit::create({lim.max_connections_per_address, lim.max_connections, lim.probe_headroom})) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  // Linux hands TCP_NODELAY down to every accepted socket: set once here
  // rather than once per connection (checked on the first one, below).
  boost::system::error_code ignored;
  acceptor_.set_option(tcp::no_delay(true), ignored);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void listener::start() {
  accepting_.store(true, std::memory_order_relaxed);
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void listener::stop() {
  accepting_.store(false, std::memory_order_relaxed);
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void listener::accept() {
  loop& target = pool_.next();
  // The peer's address comes with the accept itself: no getpeername later.
  acceptor_.async_accept(target.context(), peer_,
                         [self = shared_from_this(), &target](boost::system::error_code ec, loop_socket socket) {
                           if (ec == asio::error::operation_aborted) return;
                           if (ec) {
                             // EMFILE and friends: log, pause briefly so the loop does not spin,
                             // and keep accepting rather than dying.
                             spdlog::warn("accept failed: {}", ec.message());
                             self->retry_timer_.expires_after(std::chrono::milliseconds(100));
                             self->retry_timer_.async_wait([self](boost::system::error_code wait_ec) {
                               if (!wait_ec && self->acceptor_.is_open()) self->accept();
                             });
                             return;
                           } else {
                             boost::system::error_code ignored;
                             self->ensure_no_delay(socket);
                             // Once here, so that neither Asio's first operation
                             // nor the WebSocket's reads set it again.
                             socket.non_blocking(true, ignored);
                             self->start_connection(target, std::move(socket), self->peer_.address());
                           }
                           if (self->acceptor_.is_open()) self->accept();
                         });
}

void listener::ensure_no_delay(loop_socket& socket) {
  boost::system::error_code ignored;
  if (no_delay_inherited_ == inherited::unknown) {
    tcp::no_delay option;
    socket.get_option(option, ignored);
    no_delay_inherited_ = option.value() ? inherited::yes : inherited::no;
  }
  if (no_delay_inherited_ == inherited::no) socket.set_option(tcp::no_delay(true), ignored);
}

void listener::start_connection(loop& target, loop_socket socket, const asio::ip::address& peer) {
  auto admitted = connections_->try_admit(peer);
  switch (admitted.verdict) {
    case admission::dropped:
      return;  // refusals are at their bound: closed unanswered
    case admission::over_address:
    case admission::server_busy:
      if (tls_) return;  // closed unanswered: a TLS refusal would need the handshake first
      break;
    default:
      break;
  }
  asio::post(target.context(), [&target, socket = std::move(socket), admitted = std::move(admitted),
                                remote = peer.to_string(), self = shared_from_this()]() mutable {
    if (self->tls_) {
      std::make_shared<tls_connection>(target, tls_stream(tcp::socket(std::move(socket)), *self->tls_), std::move(remote),
                                       self->routes_, self->limits_, std::move(admitted))
          ->start();
    } else {
      std::make_shared<plain_connection>(target, std::move(socket), std::move(remote),
                                         self->routes_, self->limits_, std::move(admitted))
          ->start();
    }
  });
}

}  // namespace brigade::http

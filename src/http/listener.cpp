#include "http/listener.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "http/connection.hpp"

namespace brigade::http {

listener::listener(io_pool& pool, const tcp::endpoint& endpoint, const router& routes, limits lim)
    : pool_(pool),
      acceptor_(pool.at(0).context()),
      retry_timer_(pool.at(0).context()),
      routes_(routes),
      limits_(lim) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void listener::start() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void listener::accept() {
  loop& target = pool_.next();
  acceptor_.async_accept(target.context(), [self = shared_from_this(), &target](boost::system::error_code ec,
                                                                               tcp::socket socket) {
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
      socket.set_option(tcp::no_delay(true), ignored);
      asio::post(target.context(), [&target, socket = std::move(socket), self]() mutable {
        std::make_shared<connection>(target, std::move(socket), self->routes_, self->limits_)->start();
      });
    }
    if (self->acceptor_.is_open()) self->accept();
  });
}

}  // namespace brigade::http

#include "app/server_app.hpp"

#include <memory>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include "app/lifecycle.hpp"
#include "http/io_pool.hpp"
#include "http/listener.hpp"
#include "http/router.hpp"
#include "socketio/server.hpp"

namespace brigade::app {

int run_server(const network_options& options) {
  http::io_pool pool(options.threads);
  socketio::server io(pool, to_socketio_config(options));

  http::router routes;
  io.attach(routes, "/socket.io/");
  routes.add_prefix("/healthz", [&io](const http::exchange_ptr& ex) {
    http::response res{http::status::ok, ex->req().version()};
    res.set(http::field::content_type, "application/json");
    res.body() = nlohmann::json{{"status", "ok"}, {"clients", io.clients_count()}}.dump();
    res.prepare_payload();
    ex->respond(std::move(res));
  });

  http::limits limits;
  limits.max_body_size = options.max_payload;
  auto listener = std::make_shared<http::listener>(
      pool, http::tcp::endpoint(boost::asio::ip::make_address(options.host), options.port), routes, limits);
  return run_until_signal(pool, *listener, "brigade", options.host, [&] { io.close(); });
}

}  // namespace brigade::app

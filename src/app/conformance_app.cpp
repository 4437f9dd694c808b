#include "app/conformance_app.hpp"

#include <cstdio>
#include <memory>

#include <spdlog/spdlog.h>
#include <boost/asio/ip/address.hpp>

#include "app/conformance_greeter.hpp"
#include "app/lifecycle.hpp"
#include "http/connection.hpp"
#include "http/exchange.hpp"
#include "engineio/server.hpp"
#include "http/io_pool.hpp"
#include "http/listener.hpp"
#include "http/router.hpp"
#include "socketio/server.hpp"
#include "socketio/socket.hpp"

namespace brigade::app {

namespace sio = socketio;
using sio::json;

namespace {

// The official suites' test client awaits each WebSocket message with a
// one-shot listener re-armed in a later microtask, so a second frame that
// arrives in the same read as the CONNECT reply is lost
// (socket.io-protocol#32; the Node reference loses it about half the time).
// Sending the `auth` greeting a moment later keeps the suites deterministic;
// no real client needs this.
constexpr std::chrono::milliseconds kGreetingDelay{15};

// The official Socket.IO test suite's echo events, for "/" and "/custom".
// Handlers of the namespace, not of each socket: they keep no per-socket
// state, and one table serves every socket.
void install_echo_handlers(sio::io_namespace& nsp) {
  nsp.on("message", [](sio::socket& self, json& args, const sio::ack_fn&) { self.emit("message-back", args); });
  nsp.on("message-with-ack", [](sio::socket&, json& args, const sio::ack_fn& ack) {
    if (ack) ack(args);
  });
}

// Extra events for integration and load tests.
void install_test_handlers(sio::io_namespace& nsp) {
  nsp.on("join", [](sio::socket& self, json& args, const sio::ack_fn& ack) {
    if (!args.empty() && args[0].is_string()) self.join(args[0].get<std::string>());
    if (ack) ack(json::array({{{"ok", true}}}));
  });
  nsp.on("leave", [](sio::socket& self, json& args, const sio::ack_fn& ack) {
    if (!args.empty() && args[0].is_string()) self.leave(args[0].get<std::string>());
    if (ack) ack(json::array({{{"ok", true}}}));
  });
  nsp.on("broadcast", [](sio::socket& self, json& args, const sio::ack_fn&) {
    if (args.empty() || !args[0].is_string()) return;
    auto op = self.nsp().to(args[0].get<std::string>());
    if (args.size() > 2 && args[2].is_object() && args[2].contains("except")) {
      const json& except = args[2]["except"];
      if (except.is_string()) op = std::move(op).except(except.get<std::string>());
      if (except.is_array()) {
        for (const auto& room : except) {
          if (room.is_string()) op = std::move(op).except(room.get<std::string>());
        }
      }
    }
    op.emit("msg", json::array({args.size() > 1 ? args[1] : json()}));
  });
  nsp.on("server-ack", [](sio::socket& self, json& args, const sio::ack_fn& ack) {
    self.emit_with_ack("ping-client", json::array({args.empty() ? json() : args[0]}), std::chrono::milliseconds(500),
                       [ack](std::optional<json> reply) {
                         if (!ack) return;
                         if (reply) {
                           ack(json::array({{{"ok", true}, {"reply", reply->empty() ? json() : (*reply)[0]}}}));
                         } else {
                           ack(json::array({{{"ok", false}, {"error", "timeout"}}}));
                         }
                       });
  });
  nsp.on("drop-transport", [](sio::socket& self, json&, const sio::ack_fn&) { self.drop_transport(); });
  nsp.on("disconnect-me", [](sio::socket& self, json&, const sio::ack_fn&) { self.disconnect(); });
}

// The plain Engine.IO echo server of the Engine.IO test suite.
class echo_handler : public engineio::session_handler {
 public:
  explicit echo_handler(engineio::session_ptr s) : session_(std::move(s)) {}
  void on_message(bool binary, std::string_view data) override {
    if (binary) {
      session_->send_binary(data);
    } else {
      session_->send_message(data);
    }
  }
  void on_close(std::string_view) override { session_.reset(); }

 private:
  engineio::session_ptr session_;
};

}  // namespace

int run_conformance(const network_options& options) {
  http::io_pool pool(options.threads, to_write_coalescing(options));
  const sio::config cfg = to_socketio_config(options);
  sio::server io(pool, cfg);
  conformance_greeter greeter(pool, kGreetingDelay);
  auto greet = [&greeter](const sio::socket_ptr& s) { greeter.greet_soon(s); };
  install_echo_handlers(io.of("/"));
  install_test_handlers(io.of("/"));
  io.of("/").on_connection(greet);
  install_echo_handlers(io.of("/custom"));
  io.of("/custom").on_connection(greet);
  auto& guarded = io.of("/guarded");
  guarded.use([](const sio::socket_ptr& s, sio::next_fn next) {
    const json& auth = s->auth();
    if (auth.is_object() && auth.value("token", json()) == "letmein") {
      next(std::nullopt);
    } else {
      next(sio::connect_error{"Authentication error", {{"code", "invalid_token"}}});
    }
  });
  guarded.on_connection(greet);

  engineio::server echo(pool, cfg.engine,
                        [](const engineio::session_ptr& s) { s->set_handler(std::make_shared<echo_handler>(s)); });

  http::router routes;
  io.attach(routes, "/socket.io/");
  routes.add_prefix(
      "/engine.io/", [&echo](const http::exchange_ptr& ex) { echo.handle(ex); }, {},
      [&echo](const http::request& head) { echo.body_refused(head); });

  auto listener = make_listener(pool, routes, options, load_tls(options));

  shutdown_plan plan;
  plan.close_clients = [&] {
    io.close();
    echo.close_all();
    pool.drain_connections();
  };
  plan.drained = [&] {
    return http::exchange::unanswered() == 0 && io.clients_count() == 0 && http::open_http_connections() == 0;
  };
  plan.timeout = std::chrono::seconds(2);
  return run_until_signal(pool, *listener, "brigade conformance", options.host, plan);
}

}  // namespace brigade::app

#include "socketio/server.hpp"

#include "socketio/client.hpp"

namespace brigade::socketio {

server::server(http::io_pool& pool, config cfg)
    : pool_(pool),
      config_(std::move(cfg)),
      engine_(pool, config_.engine, [this](const engineio::session_ptr& s) { on_session(s); }) {
  of("/");
}

io_namespace& server::of(const std::string& name) {
  auto it = namespaces_.find(name);
  if (it == namespaces_.end()) {
    it = namespaces_.emplace(name, std::make_unique<io_namespace>(name, pool_)).first;
  }
  return *it->second;
}

io_namespace* server::find(const std::string& name) {
  auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second.get();
}

void server::attach(http::router& routes, std::string path) {
  routes.add_prefix(
      std::move(path), [this](const http::exchange_ptr& ex) { engine_.handle(ex); }, {},
      [this](const http::request& head) { engine_.body_refused(head); });
}

void server::on_session(const engineio::session_ptr& s) {
  auto c = std::make_shared<client>(*this, s);
  s->set_handler(c);
  c->start();
}

}  // namespace brigade::socketio

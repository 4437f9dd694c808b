#pragma once

#include <map>
#include <memory>
#include <string>

#include "engineio/server.hpp"
#include "http/io_pool.hpp"
#include "http/router.hpp"
#include "socketio/config.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::socketio {

/// A Socket.IO v5 server over an Engine.IO v4 server.
/// Thread-safety: namespaces are created (`of`) and set up before the pool
/// starts; afterwards `of` only finds existing ones, and broadcasts and
/// `clients_count()` are safe from any thread.
class server {
 public:
  server(http::io_pool& pool, config cfg);
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The namespace `name`, created on first use (during set-up only).
  io_namespace& of(const std::string& name);
  /// The namespace `name` if it exists.
  io_namespace* find(const std::string& name);

  /// Mounts the server's Engine.IO endpoint on `path` (default /socket.io/).
  void attach(http::router& routes, std::string path = "/socket.io/");

  engineio::server& engine() noexcept { return engine_; }
  const config& settings() const noexcept { return config_; }
  /// Connected Engine.IO clients (the reference's `engine.clientsCount`).
  size_t clients_count() const noexcept { return engine_.clients_count(); }

  /// Closes every connection ("server shutting down").
  void close() { engine_.close_all(); }

 private:
  void on_session(const engineio::session_ptr& s);

  http::io_pool& pool_;
  config config_;
  engineio::server engine_;
  std::map<std::string, std::unique_ptr<io_namespace>, std::less<>> namespaces_;
};

}  // namespace brigade::socketio

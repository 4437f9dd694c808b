#pragma once

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "engineio/session.hpp"
#include "socketio/packet.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

class server;

/// The Socket.IO side of one Engine.IO session: decodes packets, connects
/// namespaces (running their middlewares), routes packets to sockets and
/// enforces connectTimeout. Owned by its session.
/// Lives on the session's loop; not thread-safe.
class client : public engineio::session_handler, public std::enable_shared_from_this<client> {
 public:
  client(server& srv, engineio::session_ptr session);
  ~client() override;

  void start();
  engineio::session& session() const noexcept { return *session_; }

  void send(const packet& p);
  void send(const encoded_frames& frames);
  /// Closes the whole connection after what is queued.
  void close(std::string_view reason);
  /// Drops the transport at once, as a dead network would.
  void drop_transport();
  /// A socket left its namespace.
  void forget(const socket& s);

  void on_message(bool binary, std::string_view data) override;
  void on_close(std::string_view reason) override;

 private:
  void on_packet(packet& p);
  void connect(const std::string& nsp_name, json auth);
  void run_middlewares(const socket_ptr& s, size_t index);
  void on_connect_timeout();

  server& server_;
  engineio::session_ptr session_;
  decoder decoder_;
  std::vector<std::pair<std::string, socket_ptr>> sockets_;  // by namespace name
  std::unique_ptr<boost::asio::steady_timer> connect_timer_;
  bool closed_ = false;
};

}  // namespace brigade::socketio

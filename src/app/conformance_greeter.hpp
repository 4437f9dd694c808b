#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <vector>

#include "http/io_pool.hpp"
#include "http/loop_timers.hpp"
#include "socketio/socket.hpp"

namespace brigade::app {

/// Sends each socket of the conformance server its `auth` event a moment
/// after it connected (why: conformance_app.cpp). The delay is the same for
/// every socket, so each loop keeps its sockets in one queue, in order,
/// behind one timer: no timer per socket.
/// Thread-safety: `greet_soon` on the socket's loop; queue i is only used on
/// loop i.
class conformance_greeter {
 public:
  conformance_greeter(http::io_pool& pool, std::chrono::milliseconds delay);

  /// Emits `auth` with the socket's handshake auth after the delay, if the
  /// socket is still connected then.
  void greet_soon(const socketio::socket_ptr& s);

 private:
  struct waiting {
    std::weak_ptr<socketio::socket> socket;
    std::chrono::steady_clock::time_point since;
  };
  struct loop_queue {
    explicit loop_queue(conformance_greeter& owner, http::loop& loop);
    conformance_greeter& owner;
    std::deque<waiting> sockets;
    http::loop_timer timer;
  };

  void greet_due(loop_queue& queue);

  std::chrono::milliseconds delay_;
  std::vector<std::unique_ptr<loop_queue>> queues_;
};

}  // namespace brigade::app

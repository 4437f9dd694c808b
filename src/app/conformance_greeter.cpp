#include "app/conformance_greeter.hpp"

namespace brigade::app {

conformance_greeter::loop_queue::loop_queue(conformance_greeter& owner, http::loop& loop)
    : owner(owner), timer(loop.timers(), [](void* self) {
        auto& queue = *static_cast<loop_queue*>(self);
        queue.owner.greet_due(queue);
      }, this) {}

conformance_greeter::conformance_greeter(http::io_pool& pool, std::chrono::milliseconds delay) : delay_(delay) {
  for (size_t i = 0; i < pool.size(); ++i) queues_.push_back(std::make_unique<loop_queue>(*this, pool.at(i)));
}

void conformance_greeter::greet_soon(const socketio::socket_ptr& s) {
  auto& queue = *queues_[s->owner().index()];
  queue.sockets.push_back({s, std::chrono::steady_clock::now()});
  if (!queue.timer.armed()) queue.timer.arm_at(queue.sockets.front().since, delay_);
}

void conformance_greeter::greet_due(loop_queue& queue) {
  const auto now = std::chrono::steady_clock::now();
  while (!queue.sockets.empty() && queue.sockets.front().since + delay_ <= now) {
    auto socket = queue.sockets.front().socket.lock();
    queue.sockets.pop_front();
    if (socket) socket->emit("auth", socketio::json::array({socket->auth()}));
  }
  if (!queue.sockets.empty()) queue.timer.arm_at(queue.sockets.front().since, delay_);
}

}  // namespace brigade::app

#include "http/loop.hpp"

#include <boost/asio/post.hpp>

namespace brigade::http {

thread_local loop* loop::current_ = nullptr;

void loop::schedule_flush(std::shared_ptr<flushable> target) {
  pending_flushes_.push_back(std::move(target));
  if (pending_flushes_.size() == 1) {
    boost::asio::post(context_, [this] { run_flushes(); });
  }
}

void loop::track(std::weak_ptr<drainable> connection) {
  connections_.push_back(std::move(connection));
  if (connections_.size() >= prune_at_) {
    std::erase_if(connections_, [](const auto& weak) { return weak.expired(); });
    prune_at_ = std::max<size_t>(64, connections_.size() * 2);
  }
}

void loop::drain_connections() {
  draining_ = true;
  auto connections = std::move(connections_);
  connections_.clear();
  for (auto& weak : connections) {
    if (auto connection = weak.lock()) connection->begin_drain();
  }
}

void loop::run_flushes() {
  if (coalesce_timer_.armed()) return;  // a wider write is on its way
  if (coalescing_.delay.count() > 0 && pending_flushes_.size() >= coalescing_.min_targets) {
    coalesce_timer_.arm_after(coalescing_.delay);
    return;
  }
  flush_all();
}

void loop::flush_all() {
  running_flushes_.swap(pending_flushes_);
  for (auto& target : running_flushes_) target->flush();
  running_flushes_.clear();
}

}  // namespace brigade::http

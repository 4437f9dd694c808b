#include "socketio/io_namespace.hpp"

#include <boost/asio/post.hpp>

#include "common/metrics/catalog.hpp"
#include "socketio/socket.hpp"

namespace brigade::socketio {

io_namespace::io_namespace(std::string name, http::io_pool& pool) : name_(std::move(name)), pool_(pool) {
  for (size_t i = 0; i < pool_.size(); ++i) shards_.push_back(std::make_unique<room_index>());
}

io_namespace::room_totals io_namespace::published_room_totals() const noexcept {
  room_totals totals;
  for (const auto& shard : shards_) {
    totals.rooms += shard->published_rooms();
    totals.members += shard->published_members();
  }
  return totals;
}

std::optional<http::loop_bound<socket>> io_namespace::holder_of(const std::string& pid) const {
  std::lock_guard lock(pids_mutex_);
  auto it = pid_holders_.find(pid);
  if (it == pid_holders_.end()) return std::nullopt;
  return it->second.second;
}

void io_namespace::hold_pid(const std::string& pid, socket& s) {
  auto handle = s.bound();
  std::optional<http::loop_bound<socket>> replaced;
  std::lock_guard lock(pids_mutex_);
  auto [it, inserted] = pid_holders_.try_emplace(pid, &s, handle);
  if (!inserted) {
    replaced = std::move(it->second.second);
    it->second = std::make_pair(&s, std::move(handle));
  }
}

void io_namespace::release_pid(const std::string& pid, const socket& s) {
  // The handle is dropped outside the lock: its release may post.
  std::optional<http::loop_bound<socket>> released;
  std::lock_guard lock(pids_mutex_);
  auto it = pid_holders_.find(pid);
  if (it == pid_holders_.end() || it->second.first != &s) return;
  released = std::move(it->second.second);
  pid_holders_.erase(it);
}

void guard_trailing_string(const io_namespace& nsp, json& data) {
  if (nsp.recovery() != nullptr && data.size() > 1 && data.back().is_string()) data.push_back(nullptr);
}

void io_namespace::notify_connection(const socket_ptr& s) const {
  for (const auto& handler : connection_handlers_) {
    if (!s->connected()) break;
    handler(s);
  }
}

void io_namespace::visit_sockets(std::function<void(socket&)> visit) {
  auto shared = std::make_shared<const std::function<void(socket&)>>(std::move(visit));
  for (size_t i = 0; i < pool_.size(); ++i) {
    boost::asio::post(pool_.at(i).context(), [this, i, shared] {
      // No rooms: every socket of this loop, from a copy (a visit may
      // disconnect one).
      shards_[i]->for_each_target({}, {}, [&](socket& s) { (*shared)(s); });
    });
  }
}

namespace {

// The namespace of the batch open on this thread (nullptr: none), and what
// it holds so far.
thread_local const io_namespace* batching = nullptr;
thread_local std::vector<io_namespace::held_broadcast> batch_held;

}  // namespace

io_namespace::batch::batch(io_namespace& nsp) : nsp_(nsp) {
  if (batching != nullptr || http::loop::current() != nullptr) return;
  outermost_ = true;
  batching = &nsp_;
}

io_namespace::batch::~batch() {
  if (!outermost_) return;
  std::vector<held_broadcast> held;
  held.swap(batch_held);
  batching = nullptr;
  if (!held.empty()) nsp_.post_held(std::move(held));
}

void io_namespace::deliver_on(size_t index, const encoded_frames& f, const std::vector<std::string>& rooms,
                              const std::vector<std::string>& except) {
  uint64_t delivered = 0;
  uint64_t dropped = 0;
  shards_[index]->for_each_target(rooms, except, [&f, &delivered, &dropped](socket& s) {
    ++(s.deliver(f) ? delivered : dropped);
  });
  if (!counted_) return;
  // One count and one observation per loop, not per recipient: a
  // broadcast to ten thousand sockets costs a few atomic adds here.
  const auto& m = metrics::brigade();
  m.messages_delivered.inc(delivered);
  if (dropped > 0) m.messages_dropped.inc(dropped);
  if (delivered > 0 && f.committed_at != std::chrono::steady_clock::time_point{}) {
    m.broadcast_latency.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - f.committed_at).count());
  }
}

void io_namespace::post_held(std::vector<held_broadcast> held) {
  auto shared = std::make_shared<const std::vector<held_broadcast>>(std::move(held));
  for (size_t i = 0; i < pool_.size(); ++i) {
    boost::asio::post(pool_.at(i).context(), [this, i, shared] {
      for (const held_broadcast& b : *shared) deliver_on(i, *b.frames, b.rooms, b.except);
    });
  }
}

void io_namespace::fan_out(std::shared_ptr<const encoded_frames> frames, std::vector<std::string> rooms,
                           std::vector<std::string> except) {
  if (batching == this) {
    batch_held.push_back({std::move(frames), std::move(rooms), std::move(except)});
    return;
  }
  http::loop* here = http::loop::current();
  // Other loops first (posting is cheap), then this one inline, so that on
  // this loop the broadcast keeps its place among the caller's own emits.
  if (here == nullptr) {
    std::vector<held_broadcast> one;
    one.push_back({std::move(frames), std::move(rooms), std::move(except)});
    post_held(std::move(one));
    return;
  }
  if (pool_.size() > 1) {
    auto shared_rooms = std::make_shared<const std::pair<std::vector<std::string>, std::vector<std::string>>>(
        rooms, except);
    for (size_t i = 0; i < pool_.size(); ++i) {
      if (here == &pool_.at(i)) continue;
      boost::asio::post(pool_.at(i).context(), [this, i, frames, shared_rooms] {
        deliver_on(i, *frames, shared_rooms->first, shared_rooms->second);
      });
    }
  }
  deliver_on(here->index(), *frames, rooms, except);
}

}  // namespace brigade::socketio

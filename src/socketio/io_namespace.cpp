#include "socketio/io_namespace.hpp"

#include <atomic>
#include <set>

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

namespace {

/// Counts the loops still to report; the last one to report runs the end.
struct loops_countdown {
  std::atomic<size_t> left{0};
  bool last_one() { return left.fetch_sub(1, std::memory_order_acq_rel) == 1; }
};

}  // namespace

void io_namespace::visit_sockets(std::vector<std::string> rooms, std::vector<std::string> except,
                                 std::function<void(socket&)> visit, std::function<void()> done) {
  struct shared_visit {
    std::vector<std::string> rooms, except;
    std::function<void(socket&)> visit;
    std::function<void()> done;
    loops_countdown countdown;
  };
  auto shared = std::make_shared<shared_visit>();
  shared->rooms = std::move(rooms);
  shared->except = std::move(except);
  shared->visit = std::move(visit);
  shared->done = std::move(done);
  shared->countdown.left = pool_.size();
  for (size_t i = 0; i < pool_.size(); ++i) {
    boost::asio::post(pool_.at(i).context(), [this, i, shared] {
      // The targets first, then the visits: a visit that joins, leaves or
      // disconnects reshapes the rooms being walked.
      std::vector<socket_ptr> targets;
      shards_[i]->for_each_target(shared->rooms, shared->except,
                                  [&](socket& s) { targets.push_back(s.shared_from_this()); });
      for (const auto& s : targets) {
        if (s->connected()) shared->visit(*s);
      }
      if (shared->countdown.last_one() && shared->done) shared->done();
    });
  }
}

void io_namespace::collect_rooms(std::function<void(std::vector<std::string>)> done) {
  struct shared_rooms {
    std::mutex mutex;
    std::set<std::string> names;
    std::function<void(std::vector<std::string>)> done;
    loops_countdown countdown;
  };
  auto shared = std::make_shared<shared_rooms>();
  shared->done = std::move(done);
  shared->countdown.left = pool_.size();
  for (size_t i = 0; i < pool_.size(); ++i) {
    boost::asio::post(pool_.at(i).context(), [this, i, shared] {
      std::vector<std::string> names = shards_[i]->room_names();
      {
        std::lock_guard lock(shared->mutex);
        shared->names.insert(std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()));
      }
      if (!shared->countdown.last_one()) return;
      std::vector<std::string> all;
      {
        std::lock_guard lock(shared->mutex);
        all.assign(shared->names.begin(), shared->names.end());
      }
      shared->done(std::move(all));
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

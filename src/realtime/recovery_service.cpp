#include "realtime/recovery_service.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "kitchen/status.hpp"
#include "realtime/event_routes.hpp"
#include "realtime/rooms.hpp"
#include "realtime/socket_identity.hpp"
#include "socketio/io_namespace.hpp"
#include "socketio/socket.hpp"

namespace brigade::realtime {
namespace {

// A socket's rooms but its own id room: the id is the session's sid.
std::vector<std::string> named_rooms(const socketio::socket& s) {
  std::vector<std::string> rooms = s.rooms();
  std::erase(rooms, s.id());
  return rooms;
}

// Runs `work` on the worker; a store failure is logged, never thrown into
// the pool, and `failed` runs instead.
template <typename Work, typename Failed>
void guarded(std::string_view what, Work&& work, Failed&& failed) {
  try {
    work();
  } catch (const std::exception& e) {
    spdlog::error("recovery: {}: {}", what, e.what());
    failed();
  }
}

constexpr uint64_t kExpireEvery = 256;

// An offset past every part of its event.
constexpr uint32_t kAllParts = std::numeric_limits<uint32_t>::max();

}  // namespace

socketio::event_offset stream_offset(uint64_t sequence, uint32_t part) {
  return socketio::event_offset{sequence, part};
}

std::string identity_text(const kitchen::actor& who) {
  return fmt::format("{}:{}:{}:{}", who.is_device() ? "device" : "staff", who.id, kitchen::to_string(who.role),
                     who.table);
}

std::vector<socketio::missed_event> events_for_rooms(const std::vector<kitchen::domain_event>& events,
                                                     kitchen::restaurant_id restaurant,
                                                     const std::vector<std::string>& rooms,
                                                     socketio::event_offset after) {
  const std::unordered_set<std::string> member_of(rooms.begin(), rooms.end());
  std::vector<socketio::missed_event> missed;
  for (const auto& event : events) {
    uint32_t part = 0;
    for (auto& out : route(event)) {
      if (out.mode != delivery::immediate) continue;
      const auto offset = stream_offset(event.sequence, part++);
      if (offset <= after) continue;
      const bool heard = std::any_of(out.rooms.begin(), out.rooms.end(), [&](const room& r) {
        return member_of.contains(internal_room_name(restaurant, r));
      });
      if (!heard) continue;
      missed.push_back({std::string(out.name), socketio::json::array({std::move(out.payload)}), offset});
    }
  }
  return missed;
}

recovery_service::recovery_service(kitchen::kitchen_service& kitchen, kitchen::recovery_session_store& sessions,
                                   executor blocking, recovery_settings settings)
    : kitchen_(kitchen),
      sessions_(sessions),
      blocking_(std::move(blocking)),
      writer_(sessions, blocking_),
      settings_(settings) {}

void recovery_service::recover_after_restart() {
  for (const auto& [restaurant, head] : kitchen_.outbox_heads()) {
    std::lock_guard lock(announced_mutex_);
    uint64_t& last = announced_[restaurant];
    last = std::max(last, head);
  }
  if (settings_.store_shared_with_other_nodes) {
    expire();
    return;
  }
  const size_t open = sessions_.disconnect_open_recovery_sessions(now_utc());
  if (open > 0) spdlog::info("recovery: {} sessions of the previous run are recoverable for {} s", open,
                             std::chrono::duration_cast<std::chrono::seconds>(settings_.window).count());
  expire();
}

void recovery_service::expire() {
  const auto cutoff = now_utc() - std::chrono::duration_cast<std::chrono::milliseconds>(settings_.window);
  sessions_.expire_recovery_sessions(cutoff);
}

uint64_t recovery_service::next_version() {
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  uint64_t last = last_version_.load(std::memory_order_relaxed);
  uint64_t next = 0;
  do {
    next = std::max<uint64_t>(last + 1, static_cast<uint64_t>(now));
  } while (!last_version_.compare_exchange_weak(last, next, std::memory_order_relaxed));
  return next;
}

void recovery_service::publish(const kitchen::domain_event& event) {
  std::lock_guard lock(announced_mutex_);
  uint64_t& last = announced_[event.restaurant];
  last = std::max(last, event.sequence);
}

uint64_t recovery_service::announced(kitchen::restaurant_id restaurant) const {
  std::lock_guard lock(announced_mutex_);
  const auto it = announced_.find(restaurant);
  return it == announced_.end() ? 0 : it->second;
}

kitchen::recovery_session recovery_service::save_record(socketio::socket& s) {
  const kitchen::actor who = actor_of(s);
  // Everything announced before now reached this socket before it could
  // join a room: its stream begins after it.
  if (!s.stream_start()) s.set_stream_start(stream_offset(announced(who.restaurant), kAllParts));
  kitchen::recovery_session record;
  record.pid = s.pid();
  record.restaurant = who.restaurant;
  record.identity = identity_text(who);
  record.sid = s.id();
  record.nsp = s.nsp().name();
  record.rooms = named_rooms(s);
  record.version = next_version();
  // A stream that began inside an event's parts replays that event again
  // rather than lose its later parts.
  const auto start = *s.stream_start();
  record.since_sequence = start.part == kAllParts || start.position == 0 ? start.position : start.position - 1;
  return record;
}

void recovery_service::save(socketio::socket& s) { writer_.save(save_record(s)); }

void recovery_service::save_then(socketio::socket& s, session_writer::saved_fn then) {
  writer_.save(save_record(s), std::move(then));
}

void recovery_service::closed(socketio::socket& s, bool recoverable) {
  if (!saving_.load(std::memory_order_relaxed)) return;
  // Sessions past the window (and ended ones) go now and then, not only at
  // start-up, so a server that runs for months keeps the table small.
  if (closes_.fetch_add(1, std::memory_order_relaxed) % kExpireEvery == kExpireEvery - 1) {
    try {
      blocking_([this] { guarded("expiring sessions", [&] { expire(); }, [] {}); });
    } catch (const std::exception&) {
      // Shutting down.
    }
  }
  if (recoverable) {
    auto record = save_record(s);
    record.disconnected_at = now_utc();
    writer_.save(std::move(record));
    return;
  }
  {
    std::lock_guard lock(ended_mutex_);
    ended_.insert(s.pid());
  }
  // Ended as a save that outranks every earlier one (saves of this socket
  // may still be on their way), disconnected at the epoch: past any window,
  // and deleted by the next expiry.
  auto tombstone = save_record(s);
  tombstone.disconnected_at = timestamp{};
  writer_.save(tombstone, [this, pid = tombstone.pid] {
    std::lock_guard lock(ended_mutex_);
    ended_.erase(pid);
  });
}

void recovery_service::find(socketio::socket& s, const std::string& pid, found_fn done) {
  const kitchen::actor who = actor_of(s);
  bool ended = false;
  {
    std::lock_guard lock(ended_mutex_);
    ended = ended_.contains(pid);
  }
  if (ended) {
    s.bound().post([done = std::move(done)](socketio::socket& back) mutable { done(back, std::nullopt); });
    return;
  }
  auto lookup = [this, socket = s.bound(), pid, who, nsp = s.nsp().name(), done]() mutable {
    std::optional<socketio::found_session> found;
    guarded(
        "finding a session",
        [&] {
          auto record = sessions_.find_recovery_session(pid);
          if (!record) return;
          // Bound to its restaurant and identity: someone else's pid finds
          // nothing, and says nothing about whether it exists.
          if (record->restaurant != who.restaurant || record->identity != identity_text(who) || record->nsp != nsp) {
            spdlog::warn("recovery: a session was claimed by another identity ({}); refused",
                         identity_text(who));
            return;
          }
          if (record->disconnected_at &&
              *record->disconnected_at + std::chrono::duration_cast<std::chrono::milliseconds>(settings_.window) <
                  now_utc()) {
            return;  // past the window
          }
          found = socketio::found_session{std::move(record->sid), std::move(record->rooms),
                                          stream_offset(record->since_sequence, kAllParts)};
        },
        [] {});
    socket.post([done = std::move(done), found = std::move(found)](socketio::socket& back) mutable {
      done(back, std::move(found));
    });
  };
  try {
    blocking_(lookup);
  } catch (const std::exception&) {
    // The worker pool refused the job (shutting down): a fresh session.
    s.bound().post([done = std::move(done)](socketio::socket& back) mutable { done(back, std::nullopt); });
  }
}

void recovery_service::missed(socketio::socket& s, socketio::event_offset after, missed_fn done) {
  const kitchen::restaurant_id restaurant = actor_of(s).restaurant;
  auto replay = [this, socket = s.bound(), restaurant, rooms = named_rooms(s), after, done]() mutable {
    std::optional<std::vector<socketio::missed_event>> missed;
    guarded(
        "reading missed events",
        [&] {
          // From the offset's own event on: the client may have seen only
          // some of the events it caused. That event does not count
          // against the limit; the ones after it do.
          const uint64_t from = after.position > 0 ? after.position - 1 : 0;
          const auto events = kitchen_.events_for_replay(restaurant, from, settings_.max_missed_events + 2);
          const auto behind = std::count_if(events.begin(), events.end(), [&](const kitchen::domain_event& e) {
            return e.sequence > after.position;
          });
          if (static_cast<size_t>(behind) > settings_.max_missed_events) return;  // too far behind
          missed = events_for_rooms(events, restaurant, rooms, after);
        },
        [] {});
    socket.post([done = std::move(done), missed = std::move(missed)](socketio::socket& back) mutable {
      done(back, std::move(missed));
    });
  };
  try {
    blocking_(replay);
  } catch (const std::exception&) {
    s.bound().post([done = std::move(done)](socketio::socket& back) mutable { done(back, std::nullopt); });
  }
}

}  // namespace brigade::realtime

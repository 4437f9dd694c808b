#include "realtime/room_gateway.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/log.hpp"
#include "common/metrics/catalog.hpp"
#include "realtime/ack_reply.hpp"
#include "realtime/payloads.hpp"
#include "realtime/room_access.hpp"
#include "realtime/room_snapshot.hpp"
#include "realtime/socket_identity.hpp"
#include "realtime/token_refresh.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {
namespace {

using socketio::json;

const error kStoreUnavailable{"store_unavailable", "The database is unavailable; try again shortly"};
const error kInternal{"internal", "Internal server error"};

// The CONNECT_ERROR message every refused handshake carries, as in the
// specification's middleware; data.code says why.
constexpr std::string_view kAuthenticationError = "Authentication error";

json success(const room& r) {
  return json{{"ok", true}, {"room", r.to_string()}};
}

/// Runs `read` (which may throw store failures) and turns failures into the
/// error a client can act on.
template <typename Read>
auto guarded(std::string_view what, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const kitchen::store_failure& e) {
    spdlog::error("realtime: {}: store failure: {}", what, e.what());
    return kStoreUnavailable;
  } catch (const std::exception& e) {
    spdlog::error("realtime: {}: {}", what, e.what());
    return kInternal;
  }
}

// How many of the restaurant's rooms the socket is in (its own id room
// aside).
size_t rooms_joined(const socketio::socket& s) {
  return s.rooms().size() - 1;
}

bool is_member(const socketio::socket& s, const std::string& internal) {
  const auto current = s.rooms();
  return std::find(current.begin(), current.end(), internal) != current.end();
}

// Room slots held by joins still waiting for a lookup before they join
// (a table display's join:order), kept in the socket's own data so that
// only its loop touches them. Counted against the room limit: pipelined
// joins must not all pass the check before any of them has joined.
constexpr std::string_view kReservedSlots = "brigade.reservedRoomSlots";

size_t reserved_slots(const socketio::socket& s) {
  const auto found = s.data.find(kReservedSlots);
  return found == s.data.end() ? 0 : found->get<size_t>();
}

void reserve_slot(socketio::socket& s) {
  s.data[std::string(kReservedSlots)] = reserved_slots(s) + 1;
}

void release_slot(socketio::socket& s) {
  if (const size_t held = reserved_slots(s); held > 0) s.data[std::string(kReservedSlots)] = held - 1;
}

}  // namespace

room_gateway::room_gateway(kitchen::kitchen_service& kitchen, const auth::token_service& tokens, executor blocking,
                           gateway_limits limits)
    : kitchen_(kitchen), tokens_(tokens), blocking_(std::move(blocking)), limits_(limits) {}

void room_gateway::attach(socketio::io_namespace& nsp) {
  nsp.use([this](const socketio::socket_ptr& s, socketio::next_fn next) { authenticate(s, std::move(next)); });
  nsp.on_connection([this](const socketio::socket_ptr& s) { install_commands(s); });
}

void room_gateway::authenticate(const socketio::socket_ptr& s, socketio::next_fn next) const {
  auto token = handshake_token(s->auth());
  if (!token) {
    log_event(spdlog::level::info, "socket_refused", {{"code", std::string_view(token.error().code)}});
    next(socketio::connect_error{std::string(kAuthenticationError), wire::error_json(token.error())});
    return;
  }
  // A signature check and a few claims: no database, so it runs right here.
  auto verified = tokens_.verify(*token);
  if (!verified) {
    log_event(spdlog::level::info, "socket_refused", {{"code", std::string_view(verified.error().code)}});
    next(socketio::connect_error{std::string(kAuthenticationError), wire::error_json(verified.error())});
    return;
  }
  remember_identity(*s, *verified);
  next(std::nullopt);
}

void room_gateway::install_commands(const socketio::socket_ptr& s) {
  enforce_token_expiry(s, tokens_);
  count_reconnection(s);
  if (s->recovered()) send_current_stats(*s);
  for (const auto& command : room_commands()) {
    s->on(std::string(command.event),
          [this, &command](socketio::socket& self, json& args, const socketio::ack_fn& ack) {
            on_command(self, command, args, ack);
          });
  }
}

// A recovered session is replayed what changed, but not the latest-value
// kitchen:stats_update (docs/reliability.md): a kitchen screen gets the
// current numbers instead, once the replay is out.
void room_gateway::send_current_stats(socketio::socket& s) {
  const kitchen::actor who = actor_of(s);
  if (!is_member(s, internal_room_name(who.restaurant, room::kitchen()))) return;
  try {
    blocking_([this, socket = s.bound(), who] {
      auto stats = guarded("reading the kitchen stats", [&] { return kitchen_.stats(who); });
      if (!stats) return;  // logged; the next change sends fresh numbers anyway
      socket.post([payload = stats_payload(*stats)](socketio::socket& back) {
        if (back.connected()) back.emit("kitchen:stats_update", json::array({payload}));
      });
    });
  } catch (const std::exception&) {
    // Shutting down: the worker pool refused the job.
  }
}

// Counts a comeback and logs the connection and its end: who (never the
// token), which restaurant, and why it ended.
void room_gateway::count_reconnection(const socketio::socket_ptr& s) {
  const kitchen::actor who = actor_of(*s);
  std::string key = fmt::format("{}:{}:{}", who.restaurant, who.is_device() ? "device" : "staff", who.id);
  const bool comeback = reconnections_.on_connect(key, reconnection_tracker::clock::now());
  if (comeback) metrics::brigade().reconnections.inc();
  if (activity_ != nullptr) activity_->socket_connected(who.restaurant, comeback);
  log_event(spdlog::level::info, "socket_connected",
            {{"sid", std::string_view(s->id())},
             {"restaurant", static_cast<int64_t>(who.restaurant)},
             {"role", kitchen::to_string(who.role)},
             {"actor", static_cast<int64_t>(who.id)},
             {"reconnection", comeback}});
  s->on_disconnect([this, key = std::move(key), r = who.restaurant](socketio::socket& self, std::string_view reason) {
    reconnections_.on_disconnect(key, reconnection_tracker::clock::now());
    if (activity_ != nullptr) activity_->socket_disconnected(r);
    log_event(spdlog::level::info, "socket_disconnected", {{"sid", std::string_view(self.id())}, {"reason", reason}});
  });
}

void room_gateway::on_command(socketio::socket& s, const room_command& command, const json& args,
                              const socketio::ack_fn& ack) {
  auto requested = parse_room_request(command.kind, args);
  if (!requested) {
    answer(ack, refusal(requested.error()));
    return;
  }
  const kitchen::actor who = actor_of(s);
  const std::string internal = internal_room_name(who.restaurant, *requested);
  if (command.action == room_action::leave) {
    s.leave(internal);
    answer(ack, success(*requested));
    return;
  }
  if (auto denied = check_room_access(who, *requested)) {
    answer(ack, refusal(*denied));
    return;
  }
  if (rooms_joined(s) + reserved_slots(s) >= limits_.max_rooms_per_socket && !is_member(s, internal)) {
    answer(ack, refusal(error{"too_many_rooms", fmt::format("A connection may be in at most {} rooms; leave one first",
                                                            limits_.max_rooms_per_socket)}));
    return;
  }
  if (requested->kind == room_kind::waiters) {
    s.join(internal);
    answer(ack, success(*requested));
    return;
  }
  if (requested->kind == room_kind::order && who.role == kitchen::staff_role::table_display) {
    join_visible_order(s, who, *requested, ack);
    return;
  }
  join_with_snapshot(s, who, *requested, ack);
}

// A table display may follow only its own table's orders: that needs the
// order's table, read *before* joining so no event of another table's
// order ever reaches it.
void room_gateway::join_visible_order(socketio::socket& s, const kitchen::actor& who, const room& requested,
                                      const socketio::ack_fn& ack) {
  // Only the socket's handle crosses to the database thread: the socket may
  // close meanwhile, and then the answer is dropped on its loop.
  reserve_slot(s);
  blocking_([this, socket = s.bound(), who, requested, ack] {
    auto visible = guarded("checking an order's table", [&]() -> status {
      auto found = kitchen_.get_order(who, requested.id);
      if (!found) return found.error();
      return ok_v;
    });
    socket.post([this, who, requested, ack, visible = std::move(visible)](socketio::socket& s) {
      release_slot(s);  // join_with_snapshot joins at once: the room counts itself from here
      if (!visible) {
        answer(ack, refusal(visible.error()));
        return;
      }
      if (s.connected()) join_with_snapshot(s, who, requested, ack);
    });
  });
}

void room_gateway::join_with_snapshot(socketio::socket& s, const kitchen::actor& who, const room& requested,
                                      const socketio::ack_fn& ack) {
  const std::string internal = internal_room_name(who.restaurant, requested);
  const bool was_member = is_member(s, internal);
  s.join(internal);  // before the read: see the class comment
  auto read_and_answer = [this, socket = s.bound(), who, requested, internal, was_member, ack] {
    auto snapshot = guarded("reading a room snapshot", [&] { return room_snapshot(kitchen_, who, requested); });
    socket.post([requested, internal, was_member, ack, snapshot = std::move(snapshot)](socketio::socket& s) mutable {
      if (!snapshot) {
        // An unknown table or order: leave again unless it was joined before.
        if (!was_member) s.leave(internal);
        answer(ack, refusal(snapshot.error()));
        return;
      }
      json reply = success(requested);
      if (*snapshot) reply["snapshot"] = std::move(**snapshot);
      answer(ack, std::move(reply));
    });
  };
  // The session with its new room is durable before the ack.
  if (recovery_ != nullptr && !s.pid().empty()) {
    recovery_->save_then(s, std::move(read_and_answer));
  } else {
    blocking_(std::move(read_and_answer));
  }
}

}  // namespace brigade::realtime

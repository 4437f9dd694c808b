#include "realtime/room_gateway.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "realtime/room_snapshot.hpp"
#include "realtime/socket_identity.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {
namespace {

using socketio::json;

const error kStoreUnavailable{"store_unavailable", "The database is unavailable; try again shortly"};
const error kInternal{"internal", "Internal server error"};

json refusal(const error& failure) {
  return json{{"ok", false}, {"error", wire::error_json(failure)}};
}

json success(const room& r) {
  return json{{"ok", true}, {"room", r.to_string()}};
}

void answer(const socketio::ack_fn& ack, json reply) {
  if (ack) ack(json::array({std::move(reply)}));
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

}  // namespace

room_gateway::room_gateway(kitchen::kitchen_service& kitchen, executor blocking)
    : kitchen_(kitchen), blocking_(std::move(blocking)) {}

void room_gateway::attach(socketio::io_namespace& nsp) {
  nsp.use([this](const socketio::socket_ptr& s, socketio::next_fn next) { authenticate(s, std::move(next)); });
  nsp.on_connection([this](const socketio::socket_ptr& s) { install_commands(s); });
}

void room_gateway::authenticate(const socketio::socket_ptr& s, socketio::next_fn next) {
  auto token = handshake_token(s->auth());
  if (!token) {
    next(socketio::connect_error{token.error().message, wire::error_json(token.error())});
    return;
  }
  blocking_([this, s, next = std::move(next), username = std::move(*token)]() mutable {
    auto who = guarded("authenticating a socket", [&]() -> result<kitchen::actor> {
      auto found = kitchen_.find_actor(username);
      if (!found) return error{"unauthenticated", "Unknown staff token"};
      return found;
    });
    boost::asio::post(s->owner().context(), [s, next = std::move(next), who = std::move(who)] {
      if (!who) {
        next(socketio::connect_error{who.error().message, wire::error_json(who.error())});
        return;
      }
      remember_actor(*s, *who);
      next(std::nullopt);
    });
  });
}

void room_gateway::install_commands(const socketio::socket_ptr& s) {
  for (const auto& command : room_commands()) {
    s->on(std::string(command.event),
          [this, &command](socketio::socket& self, json& args, const socketio::ack_fn& ack) {
            on_command(self, command, args, ack);
          });
  }
}

void room_gateway::on_command(socketio::socket& s, const room_command& command, const json& args,
                              const socketio::ack_fn& ack) {
  auto requested = parse_room_request(command.kind, args);
  if (!requested) {
    answer(ack, refusal(requested.error()));
    return;
  }
  const std::string internal = internal_room_name(actor_of(s).restaurant, *requested);
  if (command.action == room_action::leave) {
    s.leave(internal);
    answer(ack, success(*requested));
    return;
  }
  if (requested->kind == room_kind::waiters) {
    s.join(internal);
    answer(ack, success(*requested));
    return;
  }
  join_with_snapshot(s, *requested, ack);
}

void room_gateway::join_with_snapshot(socketio::socket& s, const room& requested, const socketio::ack_fn& ack) {
  const kitchen::actor who = actor_of(s);
  const std::string internal = internal_room_name(who.restaurant, requested);
  const auto current = s.rooms();
  const bool was_member = std::find(current.begin(), current.end(), internal) != current.end();
  s.join(internal);  // before the read: see the class comment
  blocking_([this, self = s.shared_from_this(), who, requested, internal, was_member, ack] {
    auto snapshot = guarded("reading a room snapshot",
                            [&] { return room_snapshot(kitchen_, who, requested); });
    boost::asio::post(self->owner().context(), [self, requested, internal, was_member, ack,
                                                snapshot = std::move(snapshot)]() mutable {
      if (!snapshot) {
        // An unknown table or order: leave again unless it was joined before.
        if (!was_member) self->leave(internal);
        answer(ack, refusal(snapshot.error()));
        return;
      }
      json reply = success(requested);
      if (*snapshot) reply["snapshot"] = std::move(**snapshot);
      answer(ack, std::move(reply));
    });
  });
}

}  // namespace brigade::realtime

#include "realtime/socket_identity.hpp"

#include "kitchen/status.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {

result<std::string> handshake_token(const socketio::json& auth) {
  if (auth.is_object()) {
    auto it = auth.find("token");
    if (it != auth.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return error{std::string(auth::kTokenMissing),
               "Send your token as auth.token when connecting (log in with POST /api/auth/login)"};
}

void remember_identity(socketio::socket& s, const auth::verified_token& identity) {
  const kitchen::actor& who = identity.who;
  s.data = {{who.is_device() ? "deviceId" : "staffId", who.id},
            {"restaurantId", who.restaurant},
            {"name", who.name},
            {"role", kitchen::to_string(who.role)},
            {"tableId", who.table},
            {"expiresAt", wire::time_json(identity.expires_at)}};
}

kitchen::actor actor_of(const socketio::socket& s) {
  kitchen::actor who;
  who.role = kitchen::parse_staff_role(s.data.value("role", std::string{})).value_or(kitchen::staff_role::waiter);
  who.id = s.data.value(who.is_device() ? "deviceId" : "staffId", int64_t{0});
  who.restaurant = s.data.value("restaurantId", kitchen::restaurant_id{0});
  who.name = s.data.value("name", std::string{});
  who.table = s.data.value("tableId", kitchen::table_id{0});
  return who;
}

bool same_identity(const kitchen::actor& current, const kitchen::actor& fresh) {
  return current.id == fresh.id && current.role == fresh.role && current.restaurant == fresh.restaurant &&
         current.table == fresh.table;
}

}  // namespace brigade::realtime

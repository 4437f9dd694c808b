#include "realtime/socket_identity.hpp"

#include "kitchen/status.hpp"

namespace brigade::realtime {

result<std::string> handshake_token(const socketio::json& auth) {
  if (auth.is_object()) {
    auto it = auth.find("token");
    if (it != auth.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return error{"unauthenticated", "Send your staff token as auth.token when connecting"};
}

void remember_actor(socketio::socket& s, const kitchen::actor& who) {
  s.data = {{"staffId", who.id},
            {"restaurantId", who.restaurant},
            {"name", who.name},
            {"role", kitchen::to_string(who.role)}};
}

kitchen::actor actor_of(const socketio::socket& s) {
  kitchen::actor who;
  who.id = s.data.value("staffId", kitchen::staff_id{0});
  who.restaurant = s.data.value("restaurantId", kitchen::restaurant_id{0});
  who.name = s.data.value("name", std::string{});
  who.role = kitchen::parse_staff_role(s.data.value("role", std::string{})).value_or(kitchen::staff_role::waiter);
  return who;
}

}  // namespace brigade::realtime

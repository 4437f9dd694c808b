#include "api/identity_json.hpp"

#include <string>

#include "wire/kitchen_json.hpp"

namespace brigade::api {

nlohmann::ordered_json actor_json(const kitchen::actor& who) {
  nlohmann::ordered_json out{{"id", who.id}, {"name", who.name}, {"role", kitchen::to_string(who.role)}};
  if (who.role == kitchen::staff_role::table_display) out["tableId"] = who.table;
  out["restaurantId"] = who.restaurant;
  return out;
}

nlohmann::ordered_json token_json(const auth::issued_token& issued, std::string_view who_key,
                                  const kitchen::actor& who) {
  return {{"token", issued.token}, {"expiresAt", wire::time_json(issued.expires_at)}, {std::string(who_key), actor_json(who)}};
}

}  // namespace brigade::api

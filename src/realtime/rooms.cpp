#include "realtime/rooms.hpp"

namespace brigade::realtime {

std::string room::to_string() const {
  switch (kind) {
    case room_kind::kitchen:
      return "kitchen";
    case room_kind::waiters:
      return "waiters";
    case room_kind::table:
      return "table:" + std::to_string(id);
    case room_kind::order:
      return "order:" + std::to_string(id);
  }
  return "unknown";  // unreachable for a valid enum; keeps -Wreturn-type quiet
}

std::string internal_room_name(kitchen::restaurant_id restaurant, const room& r) {
  // '/' cannot appear in a logical room name, so the prefix is unambiguous.
  return "r" + std::to_string(restaurant) + "/" + r.to_string();
}

}  // namespace brigade::realtime

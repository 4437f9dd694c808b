#include "realtime/room_access.hpp"

namespace brigade::realtime {

kitchen::permission permission_to_join(room_kind kind) {
  switch (kind) {
    case room_kind::kitchen: return kitchen::permission::watch_kitchen;
    case room_kind::waiters: return kitchen::permission::watch_waiters;
    case room_kind::table: return kitchen::permission::watch_table;
    case room_kind::order: return kitchen::permission::watch_order;
  }
  return kitchen::permission::watch_order;
}

std::optional<error> check_room_access(const kitchen::actor& who, const room& r) {
  if (auto denied = kitchen::check_permission(who, permission_to_join(r.kind))) return denied;
  if (r.kind == room_kind::table) return kitchen::check_table_scope(who, r.id);
  return std::nullopt;
}

}  // namespace brigade::realtime

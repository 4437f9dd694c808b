#pragma once

#include <optional>

#include "common/result.hpp"
#include "kitchen/access_policy.hpp"
#include "kitchen/entities.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

/// The permission (kitchen/access_policy.hpp) that joining a kind of room
/// needs: watch_kitchen, watch_waiters, watch_table, watch_order.
kitchen::permission permission_to_join(room_kind kind);

/// nullopt when `who` may join `r` as far as its role and, for a table
/// display, its table tell; otherwise `forbidden`. An order room's table is
/// not known here: a table display's order join is checked against the
/// order itself (kitchen_service::get_order) before it joins.
/// Pure; thread-safe.
std::optional<error> check_room_access(const kitchen::actor& who, const room& r);

}  // namespace brigade::realtime

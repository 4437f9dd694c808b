#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "kitchen/kitchen_service.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

/// The state a screen needs when it joins `r`, in the REST API's forms:
///   kitchen     → {orders: [orders with an open ticket], stats}
///   table:{id}  → {tableId, orders: [its open orders, oldest first]}
///   order:{id}  → {order}
///   waiters     → nullopt (no snapshot: the waiters' screens list orders over REST)
/// An unknown table or order of the actor's restaurant is `not_found`.
/// Blocks on the store: call it off the I/O loops. Thread-safe.
result<std::optional<nlohmann::ordered_json>> room_snapshot(kitchen::kitchen_service& kitchen,
                                                            const kitchen::actor& by, const room& r);

}  // namespace brigade::realtime

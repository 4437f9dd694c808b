#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kitchen/events.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

/// A target room relative to the event's order: the kitchen and waiters of
/// its restaurant, its table, or the order itself.
enum class room_target { kitchen, waiters, table, order };

/// How a route is delivered: at once, or coalesced by the stats throttle
/// (a later step) so a burst of changes sends only the latest value.
enum class delivery { immediate, throttled };

/// What a route's payload builder reads from the event; an event without it
/// is malformed and routes nowhere rather than sending half a payload.
enum class event_subject { order, ticket, stats, menu };

/// Builds a route's payload from a committed event whose subject is present.
using payload_builder = nlohmann::ordered_json (*)(const kitchen::domain_event&);

/// One outgoing Socket.IO event of a domain event: the specification's
/// event name, its target rooms, its payload and how it is delivered.
/// Entries are static data; thread-safe to read.
struct route_entry {
  kitchen::event_type trigger = kitchen::event_type::order_created;
  std::string_view name;  // a literal: "order:created", "kitchen:ready", …
  std::vector<room_target> rooms;
  event_subject subject = event_subject::order;
  payload_builder build = nullptr;
  delivery mode = delivery::immediate;
};

/// The single routing table (specification: "Rooms Structure", "Event
/// Flow", "Order Management Events", "Kitchen Management Events"), in
/// event_type order, then in emission order per trigger. docs/events.md is
/// rendered from it. Built once; thread-safe.
const std::vector<route_entry>& event_routes();

/// A routed event, ready for a broadcaster: emit `payload` as `name` to
/// `rooms` of the event's restaurant (see internal_room_name).
/// Plain value type.
struct outgoing_event {
  std::string_view name;  // points into the static table
  std::vector<room> rooms;
  nlohmann::ordered_json payload;
  delivery mode = delivery::immediate;
};

/// Every Socket.IO event a committed domain event causes, in table order.
/// Empty when the event lacks what its routes need (no order, no ticket,
/// no stats). Pure; thread-safe.
std::vector<outgoing_event> route(const kitchen::domain_event& event);

/// The client-visible pattern of a target: "kitchen", "waiters",
/// "table:{tableId}", "order:{orderId}".
std::string_view to_string(room_target target);

/// The concrete room of a target for an order (table and order ids from it).
room resolve(room_target target, const kitchen::order& o);

}  // namespace brigade::realtime

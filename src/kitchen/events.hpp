#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"

namespace brigade::kitchen {

/// Every change the domain makes, one per fact (the real-time layer maps
/// each to the specification's Socket.IO events and rooms).
enum class event_type {
  order_created,
  order_confirmed,
  order_status_changed,
  order_items_added,
  order_item_status_changed,
  order_cancel_requested,
  order_cancelled,
  ticket_acknowledged,
  ticket_preparing,
  ticket_ready,
  ticket_completed,
  ticket_recalled,
  ticket_cancel_accepted,
  ticket_cancel_rejected,
  ticket_priority_changed,
  ticket_station_assigned,
  kitchen_stats_changed,
  menu_item_availability_changed,
  order_course_fired,
  ticket_item_station_assigned,
};

/// Stable names ("order.created", "ticket.ready", …) used in the outbox.
std::string_view to_string(event_type type);
std::optional<event_type> parse_event_type(std::string_view text);

/// One committed change. `order` is the aggregate after the change: whole
/// when the change is announced, so a subscriber can build any payload
/// without reading the store; as `order_as_recorded` keeps it when read
/// back from the outbox (the payloads need no other item).
/// Plain value type.
struct domain_event {
  event_type type = event_type::order_created;
  restaurant_id restaurant = 0;
  /// Position in the restaurant's outbox, 1, 2, 3, … without gaps; assigned
  /// by the store in the transaction that commits the change (0 before).
  uint64_t sequence = 0;
  timestamp occurred_at{};
  staff_id actor = 0;
  std::optional<kitchen::order> order;  // absent only for kitchen_stats_changed
  order_item_id item = 0;               // order_item_status_changed, ticket_item_station_assigned
  std::vector<order_item_id> added_items;  // order_items_added
  std::string reason;                      // cancel requested / cancelled / rejected
  std::optional<kitchen_stats> stats;      // kitchen_stats_changed
  std::optional<menu_item> menu;           // menu_item_availability_changed: the item after the change
  int32_t course = 0;                      // order_course_fired
};

/// What the outbox keeps of `event.order`: the order after the change with
/// only the items the change concerns (every item for order_created and
/// order_confirmed, which fires or holds each line; the added ones for
/// order_items_added, the changed one for
/// order_item_status_changed and ticket_item_station_assigned, the course's
/// lines for order_course_fired, none for the rest). The payloads of the
/// real-time events need no other item, and the log then grows with what
/// changed rather than with the order's size at every event. Pure.
std::optional<order> order_as_recorded(const domain_event& event);
/// Whether the outbox keeps `item` of `event.order` (order_as_recorded's
/// rule, for writers that skip the copy). Pure.
bool is_recorded_item(const domain_event& event, const order_item& item);

/// Whose screens an announcement is for, when several nodes share one store
/// (docs/cluster.md). Each node announces every event to its own screens;
/// the node that committed it also tells the other servers of the cluster
/// bus (Node.js servers, which do not read the store).
enum class reach {
  everywhere,   // this node's screens and the other servers'
  this_node,    // this node's screens only (committed elsewhere)
  other_nodes,  // the other servers' only (this node's screens already have it)
};

/// Receives events after their transaction committed ("persist, then
/// announce"), in sequence order per restaurant.
/// Thread-safety: `publish` is called from the store's worker threads;
/// implementations must be thread-safe and must not block.
class event_subscriber {
 public:
  virtual ~event_subscriber() = default;
  virtual void publish(const domain_event& event) = 0;
  /// One command's committed events, in sequence order. By default each
  /// is published in turn; a subscriber may send them out together.
  virtual void publish_all(const std::vector<domain_event>& events) {
    for (const domain_event& e : events) publish(e);
  }
  /// The same, for `where`. By default an announcement for this node's
  /// screens is published as above, and one for the other servers only is
  /// not: only a subscriber that speaks to them cares.
  virtual void publish_all(const std::vector<domain_event>& events, reach where) {
    if (where != reach::other_nodes) publish_all(events);
  }
};

}  // namespace brigade::kitchen

#include "kitchen/events.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace brigade::kitchen {
namespace {

constexpr std::array<std::string_view, 20> kEventNames{
    "order.created",         "order.confirmed",        "order.status_changed",   "order.items_added",
    "order.item_status_changed", "order.cancel_requested", "order.cancelled",   "ticket.acknowledged",
    "ticket.preparing",      "ticket.ready",           "ticket.completed",       "ticket.recalled",
    "ticket.cancel_accepted", "ticket.cancel_rejected", "ticket.priority_changed", "ticket.station_assigned",
    "kitchen.stats_changed", "menu.item_availability_changed", "order.course_fired", "ticket.item_station_assigned",
};
static_assert(kEventNames.size() == static_cast<size_t>(event_type::ticket_item_station_assigned) + 1,
              "one name per event_type");

}  // namespace

std::string_view to_string(event_type type) { return kEventNames.at(static_cast<size_t>(type)); }

std::optional<event_type> parse_event_type(std::string_view text) {
  for (size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == text) return static_cast<event_type>(i);
  }
  return std::nullopt;
}

bool is_recorded_item(const domain_event& event, const order_item& item) {
  switch (event.type) {
    case event_type::order_created:
    case event_type::order_confirmed:  // the first course fired, later ones held: every line moved
      return true;
    case event_type::order_items_added:
      return std::find(event.added_items.begin(), event.added_items.end(), item.id) != event.added_items.end();
    case event_type::order_item_status_changed:
    case event_type::ticket_item_station_assigned:
      return item.id == event.item;
    case event_type::order_course_fired:
      return item.course == event.course;
    default:
      return false;
  }
}

std::optional<order> order_as_recorded(const domain_event& event) {
  if (!event.order) return std::nullopt;
  order recorded = *event.order;
  std::erase_if(recorded.items, [&](const order_item& item) { return !is_recorded_item(event, item); });
  return recorded;
}

}  // namespace brigade::kitchen

#include "api/wire_format.hpp"

#include "api/menu_json.hpp"
#include "kitchen/status.hpp"

namespace brigade::api {

using wire::id_or_null;
using wire::text_or_null;

nlohmann::ordered_json table_json(const kitchen::table& t) {
  return {{"tableId", t.id}, {"name", t.name}, {"seats", t.seats}, {"area", t.area}};
}

nlohmann::ordered_json station_json(const kitchen::station& s) {
  return {{"stationId", s.id}, {"name", s.name}, {"colour", s.colour}};
}

nlohmann::ordered_json staff_json(const kitchen::staff& s) {
  return {{"staffId", s.id},
          {"name", s.name},
          {"username", s.username},
          {"role", kitchen::to_string(s.role)},
          {"active", s.active}};
}

nlohmann::ordered_json screen_json(const kitchen::device& d) {
  return {{"deviceId", d.id},
          {"name", d.name},
          {"role", kitchen::to_string(d.role)},
          {"tableId", wire::id_or_null(d.table)},
          {"createdBy", wire::id_or_null(d.created_by)},
          {"createdAt", wire::time_json(d.created_at)},
          {"revoked", d.revoked_at.has_value()},
          {"revokedAt", wire::time_json(d.revoked_at)}};
}

nlohmann::ordered_json audit_entry_json(const kitchen::audit_entry& e) {
  // details is a JSON object the store checked (json_valid): parsed back so
  // the entry is one JSON document.
  auto details = nlohmann::ordered_json::parse(e.details, nullptr, /*allow_exceptions=*/false);
  if (details.is_discarded()) details = nlohmann::ordered_json::object();
  return {{"auditId", e.id},
          {"at", wire::time_json(e.at)},
          {"actor", {{"kind", e.actor_kind}, {"id", wire::id_or_null(e.actor_id)}, {"name", e.actor_name}}},
          {"action", e.action},
          {"subject", e.subject},
          {"details", std::move(details)}};
}

nlohmann::ordered_json event_json(const kitchen::domain_event& event) {
  nlohmann::ordered_json out = {{"sequence", event.sequence},
                        {"type", kitchen::to_string(event.type)},
                        {"occurredAt", format_iso8601(event.occurred_at)},
                        {"actorId", event.actor}};
  if (event.order) {
    out["orderId"] = event.order->id;
    if (event.order->ticket) out["kitchenOrderId"] = event.order->ticket->id;
  }
  if (event.item != 0) out["itemId"] = event.item;
  if (event.type == kitchen::event_type::order_items_added) out["addedItemIds"] = event.added_items;
  if (event.type == kitchen::event_type::order_course_fired) out["course"] = event.course;
  if (!event.reason.empty()) out["reason"] = event.reason;
  if (event.stats) out["stats"] = stats_json(*event.stats);
  if (event.menu) out["menuItem"] = menu_item_json(*event.menu);
  if (event.order) out["order"] = order_json(*event.order);
  return out;
}

nlohmann::ordered_json events_page_json(const std::vector<kitchen::domain_event>& events, uint64_t after,
                                        bool more) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : events) list.push_back(event_json(e));
  return {{"events", std::move(list)},
          {"lastSequence", events.empty() ? after : events.back().sequence},
          {"more", more}};
}

}  // namespace brigade::api

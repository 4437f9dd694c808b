#include "wire/kitchen_json.hpp"

#include "kitchen/pricing.hpp"
#include "kitchen/status.hpp"
#include "wire/json_object.hpp"

namespace brigade::wire {

using json = nlohmann::ordered_json;

json money_json(kitchen::money minor) {
  // Division by 100 is correctly rounded, so the result is the double
  // nearest minor/100 exactly; its shortest round-trip form is the decimal.
  return static_cast<double>(minor) / 100.0;
}

json time_json(const std::optional<timestamp>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

json id_or_null(int64_t id) { return id == 0 ? json(nullptr) : json(id); }

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json order_item_json(const kitchen::order_item& item) {
  return object("itemId", item.id,
                "menuItemId", item.menu_item,
                "name", item.name,
                "quantity", item.quantity,
                "unitPrice", money_json(item.unit_price),
                "notes", item.notes,
                "status", kitchen::to_string(item.status),
                "modifiers", modifiers_json(item.modifiers),
                "seat", id_or_null(item.seat),
                "course", item.course,
                "allergens", item.allergens,
                "lineTotal", money_json(kitchen::line_total(item)),
                "stationId", id_or_null(item.station),
                "stationName", item.station == 0 ? json(nullptr) : text_or_null(item.station_name),
                "held", item.held,
                "prepMinutes", item.prep_minutes,
                "releaseAt", time_json(item.release_at),
                "firedAt", time_json(item.fired_at),
                "startedAt", time_json(item.started_at),
                "readyAt", time_json(item.ready_at),
                "servedAt", time_json(item.served_at));
}

json modifiers_json(const std::vector<kitchen::chosen_modifier>& modifiers) {
  json out = json::array();
  for (const auto& m : modifiers) {
    out.push_back(object("optionId", m.option, "group", m.group, "name", m.name, "priceDelta",
                         money_json(m.price_delta)));
  }
  return out;
}

json stats_json(const kitchen::kitchen_stats& s) {
  return object("pending", s.pending, "preparing", s.preparing, "ready", s.ready, "total", s.total);
}

nlohmann::ordered_json error_json(const brigade::error& failure) {
  nlohmann::ordered_json body = {{"code", failure.code}, {"message", failure.message}};
  for (const auto& [name, value] : failure.details) {
    if (name == "code" || name == "message") continue;
    body[name] = value;
  }
  return body;
}

}  // namespace brigade::wire

#include "store/event_json.hpp"

#include <nlohmann/json.hpp>

#include "kitchen/ports.hpp"
#include "store/line_details_json.hpp"

namespace brigade::store {
namespace {

using nlohmann::json;
using namespace kitchen;

// Thrown inside decoding; turned into store_failure at the boundary.
struct bad_payload {
  std::string what;
};

json time_json(timestamp t) {
  return to_unix_ms(t);
}
json time_json(const std::optional<timestamp>& t) {
  return t ? json(to_unix_ms(*t)) : json(nullptr);
}

timestamp time_at(const json& j, const char* key) {
  return from_unix_ms(j.at(key).get<int64_t>());
}
std::optional<timestamp> optional_time_at(const json& j, const char* key) {
  const auto& value = j.at(key);
  if (value.is_null()) return std::nullopt;
  return from_unix_ms(value.get<int64_t>());
}

template <typename Enum, typename Parse>
Enum enum_at(const json& j, const char* key, Parse parse) {
  const auto text = j.at(key).get<std::string>();
  const auto value = parse(text);
  if (!value) throw bad_payload{std::string{"unknown "} + key + " '" + text + "'"};
  return *value;
}

json item_json(const order_item& item) {
  return {{"id", item.id},
          {"menu_item", item.menu_item},
          {"name", item.name},
          {"quantity", item.quantity},
          {"unit_price", item.unit_price},
          {"notes", item.notes},
          {"status", to_string(item.status)},
          {"created_at", time_json(item.created_at)},
          {"modifiers", modifiers_json(item.modifiers)},
          {"seat", item.seat},
          {"course", item.course},
          {"allergens", strings_json(item.allergens)},
          {"station", item.station},
          {"station_name", item.station_name},
          {"held", item.held},
          {"fired_at", time_json(item.fired_at)},
          {"started_at", time_json(item.started_at)},
          {"ready_at", time_json(item.ready_at)},
          {"served_at", time_json(item.served_at)},
          {"prep_minutes", item.prep_minutes},
          {"release_at", time_json(item.release_at)}};
}

std::optional<timestamp> optional_time_if_any(const json& j, const char* key) {
  return j.contains(key) ? optional_time_at(j, key) : std::nullopt;
}

order_item item_from(const json& j) {
  order_item item;
  item.id = j.at("id").get<int64_t>();
  item.menu_item = j.at("menu_item").get<int64_t>();
  item.name = j.at("name").get<std::string>();
  item.quantity = j.at("quantity").get<int32_t>();
  item.unit_price = j.at("unit_price").get<int64_t>();
  item.notes = j.at("notes").get<std::string>();
  item.status = enum_at<item_status>(j, "status", parse_item_status);
  item.created_at = time_at(j, "created_at");
  // Events stored before the menu (schema 7) have none of these: the
  // defaults are what such a line was.
  if (j.contains("modifiers")) item.modifiers = modifiers_from(j.at("modifiers"));
  item.seat = j.value("seat", 0);
  item.course = j.value("course", 1);
  if (j.contains("allergens")) item.allergens = strings_from(j.at("allergens"));
  // Nor these, before stations and courses (schema 8).
  item.station = j.value("station", int64_t{0});
  item.station_name = j.value("station_name", std::string{});
  item.held = j.value("held", false);
  item.fired_at = optional_time_if_any(j, "fired_at");
  item.started_at = optional_time_if_any(j, "started_at");
  item.ready_at = optional_time_if_any(j, "ready_at");
  item.served_at = optional_time_if_any(j, "served_at");
  // Nor these, before fire by prep time (schema 11).
  item.prep_minutes = j.value("prep_minutes", 0);
  item.release_at = optional_time_if_any(j, "release_at");
  return item;
}

json ticket_json(const kitchen_order& k) {
  return {{"id", k.id},
          {"status", to_string(k.status)},
          {"priority", to_string(k.priority)},
          {"station", k.station},
          {"station_name", k.station_name},
          {"chef", k.chef},
          {"chef_name", k.chef_name},
          {"changed", k.changed},
          {"created_at", time_json(k.created_at)},
          {"acknowledged_at", time_json(k.acknowledged_at)},
          {"started_at", time_json(k.started_at)},
          {"ready_at", time_json(k.ready_at)},
          {"completed_at", time_json(k.completed_at)},
          {"cancelled_at", time_json(k.cancelled_at)}};
}

kitchen_order ticket_from(const json& j) {
  kitchen_order k;
  k.id = j.at("id").get<int64_t>();
  k.status = enum_at<ticket_status>(j, "status", parse_ticket_status);
  k.priority = enum_at<ticket_priority>(j, "priority", parse_ticket_priority);
  k.station = j.at("station").get<int64_t>();
  k.station_name = j.at("station_name").get<std::string>();
  k.chef = j.at("chef").get<int64_t>();
  k.chef_name = j.at("chef_name").get<std::string>();
  k.changed = j.at("changed").get<bool>();
  k.created_at = time_at(j, "created_at");
  k.acknowledged_at = optional_time_at(j, "acknowledged_at");
  k.started_at = optional_time_at(j, "started_at");
  k.ready_at = optional_time_at(j, "ready_at");
  k.completed_at = optional_time_at(j, "completed_at");
  k.cancelled_at = optional_time_at(j, "cancelled_at");
  return k;
}

json cancellation_json(const cancel_request& c) {
  return {{"reason", c.reason},
          {"requested_by", c.requested_by},
          {"requested_at", time_json(c.requested_at)},
          {"status", to_string(c.status)},
          {"rejection_reason", c.rejection_reason},
          {"decided_at", time_json(c.decided_at)}};
}

cancel_request cancellation_from(const json& j) {
  cancel_request c;
  c.reason = j.at("reason").get<std::string>();
  c.requested_by = j.at("requested_by").get<int64_t>();
  c.requested_at = time_at(j, "requested_at");
  c.status = enum_at<cancel_request_status>(j, "status", parse_cancel_request_status);
  c.rejection_reason = j.at("rejection_reason").get<std::string>();
  c.decided_at = optional_time_at(j, "decided_at");
  return c;
}

json order_json(const order& o) {
  json items = json::array();
  for (const auto& item : o.items) items.push_back(item_json(item));
  return {{"id", o.id},
          {"restaurant", o.restaurant},
          {"number", o.number},
          {"table", o.table},
          {"status", to_string(o.status)},
          {"items", std::move(items)},
          {"notes", o.notes},
          {"total_amount", o.total_amount},
          {"final_amount", o.final_amount},
          {"created_by", o.created_by},
          {"created_at", time_json(o.created_at)},
          {"confirmed_at", time_json(o.confirmed_at)},
          {"preparing_at", time_json(o.preparing_at)},
          {"ready_at", time_json(o.ready_at)},
          {"served_at", time_json(o.served_at)},
          {"completed_at", time_json(o.completed_at)},
          {"cancelled_at", time_json(o.cancelled_at)},
          {"ticket", o.ticket ? ticket_json(*o.ticket) : json(nullptr)},
          {"cancellation", o.cancellation ? cancellation_json(*o.cancellation) : json(nullptr)}};
}

order order_from(const json& j) {
  order o;
  o.id = j.at("id").get<int64_t>();
  o.restaurant = j.at("restaurant").get<int64_t>();
  o.number = j.at("number").get<std::string>();
  o.table = j.at("table").get<int64_t>();
  o.status = enum_at<order_status>(j, "status", parse_order_status);
  for (const auto& item : j.at("items")) o.items.push_back(item_from(item));
  o.notes = j.at("notes").get<std::string>();
  o.total_amount = j.at("total_amount").get<int64_t>();
  o.final_amount = j.at("final_amount").get<int64_t>();
  o.created_by = j.at("created_by").get<int64_t>();
  o.created_at = time_at(j, "created_at");
  o.confirmed_at = optional_time_at(j, "confirmed_at");
  o.preparing_at = optional_time_at(j, "preparing_at");
  o.ready_at = optional_time_at(j, "ready_at");
  o.served_at = optional_time_at(j, "served_at");
  o.completed_at = optional_time_at(j, "completed_at");
  o.cancelled_at = optional_time_at(j, "cancelled_at");
  if (const auto& t = j.at("ticket"); !t.is_null()) o.ticket = ticket_from(t);
  if (const auto& c = j.at("cancellation"); !c.is_null()) o.cancellation = cancellation_from(c);
  return o;
}

json stats_json(const kitchen_stats& s) {
  return {
      {"pending", s.pending}, {"preparing", s.preparing}, {"ready", s.ready}, {"total", s.total}};
}

kitchen_stats stats_from(const json& j) {
  return {j.at("pending").get<int64_t>(), j.at("preparing").get<int64_t>(),
          j.at("ready").get<int64_t>(), j.at("total").get<int64_t>()};
}

json menu_json(const menu_item& m) {
  return {{"id", m.id},           {"restaurant", m.restaurant}, {"name", m.name},
          {"price", m.price},     {"category", m.category},     {"default_station", m.default_station},
          {"available", m.available}};
}

menu_item menu_from(const json& j) {
  menu_item m;
  m.id = j.at("id").get<int64_t>();
  m.restaurant = j.at("restaurant").get<int64_t>();
  m.name = j.at("name").get<std::string>();
  m.price = j.at("price").get<int64_t>();
  m.category = j.at("category").get<std::string>();
  m.default_station = j.at("default_station").get<int64_t>();
  m.available = j.at("available").get<bool>();
  return m;
}

}  // namespace

std::string encode_event(const domain_event& event) {
  const json document = {
      {"type", to_string(event.type)},
      {"restaurant", event.restaurant},
      {"sequence", event.sequence},
      {"occurred_at", time_json(event.occurred_at)},
      {"actor", event.actor},
      {"order", event.order ? order_json(*order_as_recorded(event)) : json(nullptr)},
      {"item", event.item},
      {"added_items", event.added_items},
      {"reason", event.reason},
      {"stats", event.stats ? stats_json(*event.stats) : json(nullptr)},
      {"menu", event.menu ? menu_json(*event.menu) : json(nullptr)},
      {"course", event.course},
  };
  // Invalid UTF-8 in a note must not make an event unstorable: replace it.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

domain_event decode_event(std::string_view payload) {
  try {
    const auto j = json::parse(payload);
    domain_event event;
    event.type = enum_at<event_type>(j, "type", parse_event_type);
    event.restaurant = j.at("restaurant").get<int64_t>();
    event.sequence = j.at("sequence").get<uint64_t>();
    event.occurred_at = time_at(j, "occurred_at");
    event.actor = j.at("actor").get<int64_t>();
    if (const auto& o = j.at("order"); !o.is_null()) event.order = order_from(o);
    event.item = j.at("item").get<int64_t>();
    event.added_items = j.at("added_items").get<std::vector<order_item_id>>();
    event.reason = j.at("reason").get<std::string>();
    if (const auto& s = j.at("stats"); !s.is_null()) event.stats = stats_from(s);
    // Absent from events written before menu events existed.
    if (const auto m = j.find("menu"); m != j.end() && !m->is_null()) event.menu = menu_from(*m);
    event.course = j.value("course", 0);  // absent before courses could be fired
    return event;
  } catch (const bad_payload& e) {
    throw store_failure("reading an outbox event: " + e.what);
  } catch (const json::exception& e) {
    throw store_failure(std::string{"reading an outbox event: "} + e.what());
  }
}

}  // namespace brigade::store

#include "store/event_json.hpp"

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
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

// ------------------------------------------------------------- writing
// Written as text directly (common/json_text): every command's events are
// encoded inside the store's one writer, where a nlohmann tree cost more
// than the rows themselves. Key order is free; decoding looks keys up.

void write_time(json_text& out, std::string_view key, timestamp t) { out.field(key, to_unix_ms(t)); }
void write_time(json_text& out, std::string_view key, const std::optional<timestamp>& t) {
  if (t) {
    out.field(key, to_unix_ms(*t));
  } else {
    out.null_field(key);
  }
}

void write_item(json_text& out, const order_item& item) {
  out.begin_object()
      .field("id", item.id)
      .field("menu_item", item.menu_item)
      .field("name", item.name)
      .field("quantity", item.quantity)
      .field("unit_price", item.unit_price)
      .field("notes", item.notes)
      .field("status", to_string(item.status));
  write_time(out, "created_at", item.created_at);
  write_modifiers(out.key("modifiers"), item.modifiers);
  out.field("seat", item.seat).field("course", item.course);
  write_strings(out.key("allergens"), item.allergens);
  out.field("station", item.station).field("station_name", item.station_name).field("held", item.held);
  write_time(out, "fired_at", item.fired_at);
  write_time(out, "started_at", item.started_at);
  write_time(out, "ready_at", item.ready_at);
  write_time(out, "served_at", item.served_at);
  out.field("prep_minutes", item.prep_minutes);
  write_time(out, "release_at", item.release_at);
  out.end_object();
}

void write_ticket(json_text& out, const kitchen_order& k) {
  out.begin_object()
      .field("id", k.id)
      .field("status", to_string(k.status))
      .field("priority", to_string(k.priority))
      .field("station", k.station)
      .field("station_name", k.station_name)
      .field("chef", k.chef)
      .field("chef_name", k.chef_name)
      .field("changed", k.changed);
  write_time(out, "created_at", k.created_at);
  write_time(out, "acknowledged_at", k.acknowledged_at);
  write_time(out, "started_at", k.started_at);
  write_time(out, "ready_at", k.ready_at);
  write_time(out, "completed_at", k.completed_at);
  write_time(out, "cancelled_at", k.cancelled_at);
  out.end_object();
}

void write_cancellation(json_text& out, const cancel_request& c) {
  out.begin_object().field("reason", c.reason).field("requested_by", c.requested_by);
  write_time(out, "requested_at", c.requested_at);
  out.field("status", to_string(c.status)).field("rejection_reason", c.rejection_reason);
  write_time(out, "decided_at", c.decided_at);
  out.end_object();
}

// The order as the outbox keeps it: only the items the event concerns
// (kitchen::is_recorded_item).
void write_order(json_text& out, const domain_event& event, const order& o) {
  out.begin_object()
      .field("id", o.id)
      .field("restaurant", o.restaurant)
      .field("number", o.number)
      .field("table", o.table)
      .field("status", to_string(o.status));
  out.key("items").begin_array();
  for (const auto& item : o.items) {
    if (is_recorded_item(event, item)) write_item(out, item);
  }
  out.end_array()
      .field("notes", o.notes)
      .field("total_amount", o.total_amount)
      .field("final_amount", o.final_amount)
      .field("created_by", o.created_by);
  write_time(out, "created_at", o.created_at);
  write_time(out, "confirmed_at", o.confirmed_at);
  write_time(out, "preparing_at", o.preparing_at);
  write_time(out, "ready_at", o.ready_at);
  write_time(out, "served_at", o.served_at);
  write_time(out, "completed_at", o.completed_at);
  write_time(out, "cancelled_at", o.cancelled_at);
  out.key("ticket");
  if (o.ticket) {
    write_ticket(out, *o.ticket);
  } else {
    out.null();
  }
  out.key("cancellation");
  if (o.cancellation) {
    write_cancellation(out, *o.cancellation);
  } else {
    out.null();
  }
  out.end_object();
}

void write_stats(json_text& out, const kitchen_stats& s) {
  out.begin_object()
      .field("pending", s.pending)
      .field("preparing", s.preparing)
      .field("ready", s.ready)
      .field("total", s.total)
      .end_object();
}

void write_menu(json_text& out, const menu_item& m) {
  out.begin_object()
      .field("id", m.id)
      .field("restaurant", m.restaurant)
      .field("name", m.name)
      .field("price", m.price)
      .field("category", m.category)
      .field("default_station", m.default_station)
      .field("available", m.available)
      .end_object();
}

// ------------------------------------------------------------- reading

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

kitchen_stats stats_from(const json& j) {
  return {j.at("pending").get<int64_t>(), j.at("preparing").get<int64_t>(),
          j.at("ready").get<int64_t>(), j.at("total").get<int64_t>()};
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
  std::string text;
  text.reserve(1024);
  json_text out{text};
  out.begin_object().field("type", to_string(event.type)).field("restaurant", event.restaurant);
  out.field("sequence", event.sequence);
  write_time(out, "occurred_at", event.occurred_at);
  out.field("actor", event.actor).key("order");
  if (event.order) {
    write_order(out, event, *event.order);
  } else {
    out.null();
  }
  out.field("item", event.item).key("added_items").begin_array();
  for (const auto id : event.added_items) out.value(id);
  out.end_array().field("reason", event.reason).key("stats");
  if (event.stats) {
    write_stats(out, *event.stats);
  } else {
    out.null();
  }
  out.key("menu");
  if (event.menu) {
    write_menu(out, *event.menu);
  } else {
    out.null();
  }
  out.field("course", event.course).end_object();
  return text;
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

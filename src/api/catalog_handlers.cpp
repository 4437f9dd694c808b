// Reference data (tables, menu, stations) and the outbox of events.
#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/menu_json.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "api/wire_format.hpp"

namespace brigade::api {
namespace {

// A page of GET /api/events stops after the event that brings it to this
// many stored bytes, whatever `limit` says: one request can never make the
// server hold or send more than about this much (docs/security.md).
constexpr size_t kEventsPageBytes = 1 << 20;

using verb = http::beast_http::verb;
using kitchen::permission;

result<reply> tables(const request_context& ctx) {
  return ok_reply(ctx.service.tables(ctx.actor),
                  [](const auto& rows) { return nlohmann::ordered_json{{"tables", list_json(rows, table_json)}}; });
}

result<reply> menu(const request_context& ctx) {
  return ok_reply(ctx.service.menu(ctx.actor), menu_catalog_json);
}

// Live 86: a chef or manager marks a dish sold out or back.
result<reply> set_availability(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto available = decode_availability(*body);
  if (!available) return available.error();
  return ok_reply(ctx.service.set_menu_item_availability(ctx.actor, ctx.params.id("menuItemId"), *available),
                  menu_item_json);
}

result<reply> stations(const request_context& ctx) {
  return ok_reply(ctx.service.stations(ctx.actor),
                  [](const auto& rows) { return nlohmann::ordered_json{{"stations", list_json(rows, station_json)}}; });
}

result<reply> events(const request_context& ctx) {
  auto query = decode_events_query(ctx.query);
  if (!query) return query.error();
  return ok_reply(ctx.service.events_after(ctx.actor, query->after, query->limit, kEventsPageBytes),
                  [&](const auto& page) { return events_page_json(page.events, query->after, page.more); });
}

}  // namespace

void add_catalog_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}{}", prefix, rest); };
  table.add(verb::get, path("tables"), tables, {permission::read_catalog});
  table.add(verb::get, path("menu"), menu, {permission::read_catalog});
  table.add(verb::patch, path("menu/items/{menuItemId}"), set_availability, {permission::set_availability});
  table.add(verb::get, path("stations"), stations, {permission::read_catalog});
  table.add(verb::get, path("events"), events, {permission::read_events});
}

}  // namespace brigade::api

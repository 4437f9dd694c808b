// The kitchen's endpoints: its queue, its stats and each ticket's commands.
#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "api/wire_format.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;
using ticket_command = result<kitchen::order> (kitchen::kitchen_service::*)(
    const kitchen::actor&, kitchen::kitchen_order_id);

result<reply> order_reply(result<kitchen::order>&& order) {
  return ok_reply(std::move(order), order_json);
}

kitchen::kitchen_order_id ticket_id(const request_context& ctx) {
  return ctx.params.id("kitchenOrderId");
}

result<reply> list_tickets(const request_context& ctx) {
  auto query = decode_ticket_query(ctx.query);
  if (!query) return query.error();
  return ok_reply(ctx.service.list_tickets(ctx.actor, *query),
                  [](const auto& orders) { return nlohmann::ordered_json{{"orders", orders_json(orders)}}; });
}

result<reply> stats(const request_context& ctx) {
  return ok_reply(ctx.service.stats(ctx.actor), stats_json);
}

// acknowledge, start, ready, complete, recall, cancel/accept: no body, one call.
endpoint bodyless(ticket_command command) {
  return [command](const request_context& ctx) -> result<reply> {
    auto body = read_json_object(ctx.req, body_presence::optional);
    if (!body) return body.error();
    if (auto none = field_reader(*body).only({}); !none) return none.error();
    return order_reply((ctx.service.*command)(ctx.actor, ticket_id(ctx)));
  };
}

result<reply> reject_cancellation(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto reason = decode_reason(*body);
  if (!reason) return reason.error();
  return order_reply(ctx.service.reject_cancellation(ctx.actor, ticket_id(ctx), *reason));
}

result<reply> set_priority(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto priority = decode_priority(*body);
  if (!priority) return priority.error();
  return order_reply(ctx.service.set_priority(ctx.actor, ticket_id(ctx), *priority));
}

result<reply> assign_station(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto station = decode_station(*body);
  if (!station) return station.error();
  return order_reply(ctx.service.assign_station(ctx.actor, ticket_id(ctx), *station));
}

result<reply> assign_line_station(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto station = decode_station(*body);
  if (!station) return station.error();
  return order_reply(ctx.service.assign_line_station(ctx.actor, ticket_id(ctx), ctx.params.id("itemId"), *station));
}

// A station's part of the ticket: start or done (docs/kitchen.md "Stations and courses").
endpoint station_progress(kitchen::item_status to) {
  return [to](const request_context& ctx) -> result<reply> {
    auto body = read_json_object(ctx.req, body_presence::optional);
    if (!body) return body.error();
    if (auto none = field_reader(*body).only({}); !none) return none.error();
    return order_reply(ctx.service.set_station_progress(ctx.actor, ticket_id(ctx), ctx.params.id("stationId"), to));
  };
}

}  // namespace

void add_kitchen_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) {
    return fmt::format("{}kitchen/{}", prefix, rest);
  };
  using service = kitchen::kitchen_service;
  using kitchen::permission;
  table.add(verb::get, path("orders"), list_tickets, {permission::read_kitchen});
  table.add(verb::get, path("stats"), stats, {permission::read_kitchen});
  table.add(verb::post, path("orders/{kitchenOrderId}/acknowledge"), bodyless(&service::acknowledge_ticket),
            {permission::acknowledge_ticket});
  table.add(verb::post, path("orders/{kitchenOrderId}/start"), bodyless(&service::start_ticket),
            {permission::start_ticket});
  table.add(verb::post, path("orders/{kitchenOrderId}/ready"), bodyless(&service::ready_ticket),
            {permission::ready_ticket});
  table.add(verb::post, path("orders/{kitchenOrderId}/complete"), bodyless(&service::complete_ticket),
            {permission::complete_ticket});
  table.add(verb::post, path("orders/{kitchenOrderId}/recall"), bodyless(&service::recall_ticket),
            {permission::recall_ticket});
  table.add(verb::post, path("orders/{kitchenOrderId}/cancel/accept"), bodyless(&service::accept_cancellation),
            {permission::decide_cancellation});
  table.add(verb::post, path("orders/{kitchenOrderId}/cancel/reject"), reject_cancellation,
            {permission::decide_cancellation});
  table.add(verb::patch, path("orders/{kitchenOrderId}/priority"), set_priority, {permission::set_priority});
  table.add(verb::put, path("orders/{kitchenOrderId}/station"), assign_station, {permission::assign_station});
  table.add(verb::put, path("orders/{kitchenOrderId}/items/{itemId}/station"), assign_line_station,
            {permission::assign_station});
  table.add(verb::post, path("orders/{kitchenOrderId}/stations/{stationId}/start"),
            station_progress(kitchen::item_status::preparing), {permission::update_item_progress});
  table.add(verb::post, path("orders/{kitchenOrderId}/stations/{stationId}/ready"),
            station_progress(kitchen::item_status::ready), {permission::update_item_progress});
}

}  // namespace brigade::api

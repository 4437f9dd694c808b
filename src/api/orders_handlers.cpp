// The waiters' endpoints: /orders and everything under one order.
#include <algorithm>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/idempotency.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "api/wire_format.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;
using kitchen::permission;

// A page of GET /api/orders stops after the order that brings it to this
// many bytes of JSON, whatever `limit` says (docs/security.md); its
// nextCursor goes on from there.
constexpr size_t kOrdersPageBytes = 1 << 20;

result<reply> order_reply(result<kitchen::order>&& order) {
  return ok_reply(std::move(order), order_json);
}

result<reply> create_order(const request_context& ctx) {
  auto key = read_idempotency_key(ctx.req);
  if (!key) return key.error();
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto command = decode_create_order(*body);
  if (!command) return command.error();
  if (!key->empty()) {
    command->idempotency_key = std::move(*key);
    command->request_fingerprint = request_fingerprint(*body);
  }
  auto created = ctx.service.create_order(ctx.actor, *command);
  if (!created) return created.error();
  reply out{http::status::created, order_json(created->order)};
  out.headers.emplace_back("Location", fmt::format("{}orders/{}", ctx.prefix, created->order.id));
  if (created->replayed) out.headers.emplace_back("Idempotent-Replayed", "true");
  return out;
}

result<reply> list_orders(const request_context& ctx) {
  auto query = decode_order_query(ctx.query);
  if (!query) return query.error();
  auto page = ctx.service.list_orders(ctx.actor, *query);
  if (!page) return page.error();
  // Cut by bytes as well as by count: the page ends after the order that
  // brings it to kOrdersPageBytes, and the cursor goes on from there.
  nlohmann::ordered_json orders = nlohmann::ordered_json::array();
  size_t bytes = 0;
  std::optional<kitchen::order_id> next = page->next_before;
  for (const auto& o : page->orders) {
    if (bytes >= kOrdersPageBytes) {
      next = orders.back()["orderId"].get<kitchen::order_id>();
      break;
    }
    orders.push_back(order_json(o));
    bytes += orders.back().dump().size();
  }
  return reply{http::status::ok,
               {{"orders", std::move(orders)},
                {"nextCursor", next ? nlohmann::ordered_json(encode_cursor(*next)) : nlohmann::ordered_json(nullptr)}}};
}

result<reply> get_order(const request_context& ctx) {
  return order_reply(ctx.service.get_order(ctx.actor, ctx.params.id("orderId")));
}

result<reply> confirm_order(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::optional);
  if (!body) return body.error();
  if (auto none = field_reader(*body).only({}); !none) return none.error();
  return order_reply(ctx.service.confirm_order(ctx.actor, ctx.params.id("orderId")));
}

result<reply> set_order_status(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto to = decode_order_status(*body);
  if (!to) return to.error();
  return order_reply(ctx.service.set_order_status(ctx.actor, ctx.params.id("orderId"), *to));
}

result<reply> add_items(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto items = decode_add_items(*body);
  if (!items) return items.error();
  return order_reply(ctx.service.add_items(ctx.actor, ctx.params.id("orderId"), *items));
}

result<reply> set_item_status(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto to = decode_item_status(*body);
  if (!to) return to.error();
  return order_reply(ctx.service.set_item_status(ctx.actor, ctx.params.id("orderId"),
                                                 ctx.params.id("itemId"), *to));
}

result<reply> request_cancellation(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto reason = decode_reason(*body);
  if (!reason) return reason.error();
  return order_reply(
      ctx.service.request_cancellation(ctx.actor, ctx.params.id("orderId"), *reason));
}

result<reply> fire_course(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::optional);
  if (!body) return body.error();
  if (auto none = field_reader(*body).only({}); !none) return none.error();
  const int64_t course = ctx.params.id("course");
  // Beyond int32 is no course either; the domain names the range.
  const auto narrowed = static_cast<int32_t>(std::min<int64_t>(course, std::numeric_limits<int32_t>::max()));
  return order_reply(ctx.service.fire_course(ctx.actor, ctx.params.id("orderId"), narrowed));
}

}  // namespace

void add_order_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}{}", prefix, rest); };
  table.add(verb::post, path("orders"), create_order, {permission::create_order});
  table.add(verb::get, path("orders"), list_orders, {permission::read_orders});
  table.add(verb::get, path("orders/{orderId}"), get_order, {permission::read_orders});
  table.add(verb::post, path("orders/{orderId}/confirm"), confirm_order, {permission::create_order});
  // The status asked for picks the permission (kitchen_service permission_to_set).
  table.add(verb::patch, path("orders/{orderId}/status"), set_order_status,
            {permission::create_order, permission::serve, permission::close_order});
  table.add(verb::post, path("orders/{orderId}/items"), add_items, {permission::add_items});
  table.add(verb::patch, path("orders/{orderId}/items/{itemId}"), set_item_status,
            {permission::update_item_progress, permission::serve, permission::cancel_item});
  table.add(verb::post, path("orders/{orderId}/cancel-request"), request_cancellation,
            {permission::request_cancellation});
  table.add(verb::post, path("orders/{orderId}/courses/{course}/fire"), fire_course, {permission::fire_course});
}

}  // namespace brigade::api

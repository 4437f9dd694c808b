// The back office under /api/admin/: staff, screens, tables, stations and
// the audit log
// (kitchen/back_office.hpp). Managers only (the access table).
#include <fmt/format.h>

#include "api/admin_write.hpp"
#include "api/handler_context.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "api/wire_format.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;

result<reply> list_staff(const request_context& ctx) {
  return ok_reply(ctx.back_office->list_staff(ctx.actor), [](const auto& rows) {
    return nlohmann::ordered_json{{"staff", list_json(rows, staff_json)}};
  });
}

result<reply> create_staff(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto request = decode_new_staff(*body);
  if (!request) return request.error();
  auto created = ctx.back_office->create_staff(ctx.actor, *request);
  if (!created) return created.error();
  return reply{http::status::created,
               staff_json(*created),
               {{"Location", fmt::format("{}admin/staff/{}", ctx.prefix, created->id)}}};
}

result<reply> update_staff(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto change = decode_staff_change(*body);
  if (!change) return change.error();
  return ok_reply(ctx.back_office->update_staff(ctx.actor, ctx.params.id("staffId"), *change), staff_json);
}

result<reply> reset_password(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto password = decode_new_password(*body);
  if (!password) return password.error();
  return ok_reply(ctx.back_office->reset_password(ctx.actor, ctx.params.id("staffId"), *password), staff_json);
}

result<reply> list_screens(const request_context& ctx) {
  return ok_reply(ctx.back_office->list_screens(ctx.actor), [](const auto& rows) {
    return nlohmann::ordered_json{{"screens", list_json(rows, screen_json)}};
  });
}

result<reply> revoke_screen(const request_context& ctx) {
  return ok_reply(ctx.back_office->revoke_screen(ctx.actor, ctx.params.id("deviceId")), screen_json);
}

result<reply> create_table(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_table_fields, [&](const auto& f) { return ctx.back_office->create_table(ctx.actor, f); }, table_json,
      "tables", false);
}

result<reply> update_table(const request_context& ctx) {
  const auto id = ctx.params.id("tableId");
  return write_admin_entry(
      ctx, decode_table_fields, [&](const auto& f) { return ctx.back_office->update_table(ctx.actor, id, f); },
      table_json, "tables", true);
}

result<reply> delete_table(const request_context& ctx) {
  return ok_reply(ctx.back_office->delete_table(ctx.actor, ctx.params.id("tableId")), table_json);
}

result<reply> create_station(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_station_fields, [&](const auto& f) { return ctx.back_office->create_station(ctx.actor, f); },
      station_json, "stations", false);
}

result<reply> update_station(const request_context& ctx) {
  const auto id = ctx.params.id("stationId");
  return write_admin_entry(
      ctx, decode_station_fields, [&](const auto& f) { return ctx.back_office->update_station(ctx.actor, id, f); },
      station_json, "stations", true);
}

result<reply> delete_station(const request_context& ctx) {
  return ok_reply(ctx.back_office->delete_station(ctx.actor, ctx.params.id("stationId")), station_json);
}

// The kitchen's settings: {autoFireMinutes, ticketTargetMinutes, fireByPrepTime}.
nlohmann::ordered_json kitchen_settings_json(const kitchen::restaurant& r) {
  return {{"autoFireMinutes", r.auto_fire_minutes},
          {"ticketTargetMinutes", r.ticket_target_minutes},
          {"fireByPrepTime", r.fire_by_prep_time}};
}

result<reply> kitchen_settings(const request_context& ctx) {
  return ok_reply(ctx.back_office->kitchen_settings(ctx.actor), kitchen_settings_json);
}

result<reply> update_kitchen_settings(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_kitchen_settings, [&](const auto& f) { return ctx.back_office->update_kitchen_settings(ctx.actor, f); },
      kitchen_settings_json, "settings", true);
}

result<reply> audit_log(const request_context& ctx) {
  auto query = decode_audit_query(ctx.query);
  if (!query) return query.error();
  return ok_reply(ctx.back_office->audit_log(ctx.actor, query->before, query->limit), [](const auto& page) {
    nlohmann::ordered_json out{{"entries", list_json(page.entries, audit_entry_json)}};
    out["next"] = page.next == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(page.next);
    return out;
  });
}

}  // namespace

void add_admin_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}admin/{}", prefix, rest); };
  using kitchen::permission;
  table.add(verb::get, path("staff"), list_staff, {permission::manage_staff});
  table.add(verb::post, path("staff"), create_staff, {permission::manage_staff});
  table.add(verb::patch, path("staff/{staffId}"), update_staff, {permission::manage_staff});
  table.add(verb::post, path("staff/{staffId}/password"), reset_password, {permission::manage_staff});
  table.add(verb::get, path("screens"), list_screens, {permission::manage_screens});
  table.add(verb::post, path("screens/{deviceId}/revoke"), revoke_screen, {permission::manage_screens});
  table.add(verb::post, path("tables"), create_table, {permission::manage_floor});
  table.add(verb::patch, path("tables/{tableId}"), update_table, {permission::manage_floor});
  table.add(verb::delete_, path("tables/{tableId}"), delete_table, {permission::manage_floor});
  table.add(verb::post, path("stations"), create_station, {permission::manage_floor});
  table.add(verb::patch, path("stations/{stationId}"), update_station, {permission::manage_floor});
  table.add(verb::delete_, path("stations/{stationId}"), delete_station, {permission::manage_floor});
  table.add(verb::get, path("audit"), audit_log, {permission::read_audit_log});
  table.add(verb::get, path("settings"), kitchen_settings, {permission::manage_settings});
  table.add(verb::patch, path("settings"), update_kitchen_settings, {permission::manage_settings});
}

}  // namespace brigade::api

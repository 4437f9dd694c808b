// The menu's back office under /api/admin/menu/: categories, dishes,
// modifier groups, export and import (kitchen/back_office.hpp). Managers
// only (the access table).
#include <fmt/format.h>

#include "api/admin_write.hpp"
#include "api/error_codes.hpp"
#include "api/handler_context.hpp"
#include "api/json_body.hpp"
#include "api/menu_decoding.hpp"
#include "api/menu_file.hpp"
#include "api/menu_json.hpp"
#include "api/request_body.hpp"
#include "common/query_string.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;
using json = nlohmann::ordered_json;

result<reply> create_category(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_category_fields, [&](const auto& f) { return ctx.back_office->create_category(ctx.actor, f); },
      category_json, "menu/categories", false);
}

result<reply> update_category(const request_context& ctx) {
  const auto id = ctx.params.id("categoryId");
  return write_admin_entry(
      ctx, decode_category_fields, [&](const auto& f) { return ctx.back_office->update_category(ctx.actor, id, f); },
      category_json, "menu/categories", true);
}

result<reply> delete_category(const request_context& ctx) {
  return ok_reply(ctx.back_office->delete_category(ctx.actor, ctx.params.id("categoryId")), category_json);
}

result<reply> create_item(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_menu_item_fields, [&](const auto& f) { return ctx.back_office->create_menu_item(ctx.actor, f); },
      menu_item_json, "menu/items", false);
}

result<reply> update_item(const request_context& ctx) {
  const auto id = ctx.params.id("menuItemId");
  return write_admin_entry(
      ctx, decode_menu_item_fields, [&](const auto& f) { return ctx.back_office->update_menu_item(ctx.actor, id, f); },
      menu_item_json, "menu/items", true);
}

result<reply> archive_item(const request_context& ctx) {
  return ok_reply(ctx.back_office->archive_menu_item(ctx.actor, ctx.params.id("menuItemId")), menu_item_json);
}

result<reply> create_group(const request_context& ctx) {
  return write_admin_entry(
      ctx, decode_modifier_group_fields,
      [&](const auto& f) { return ctx.back_office->create_modifier_group(ctx.actor, f); }, modifier_group_json,
      "menu/modifier-groups", false);
}

result<reply> update_group(const request_context& ctx) {
  const auto id = ctx.params.id("modifierGroupId");
  return write_admin_entry(
      ctx, decode_modifier_group_fields,
      [&](const auto& f) { return ctx.back_office->update_modifier_group(ctx.actor, id, f); }, modifier_group_json,
      "menu/modifier-groups", true);
}

result<reply> delete_group(const request_context& ctx) {
  return ok_reply(ctx.back_office->delete_modifier_group(ctx.actor, ctx.params.id("modifierGroupId")),
                  modifier_group_json);
}

result<reply> export_menu(const request_context& ctx) {
  const auto format = query_value(ctx.query, "format").value_or("json");
  if (format != "json" && format != "csv") return kitchen::validation_error("format", "format must be json or csv");
  auto catalog = ctx.back_office->export_menu(ctx.actor);
  if (!catalog) return catalog.error();
  const bool csv = format == "csv";
  reply out{http::status::ok,
            {},
            {{"Content-Type", csv ? "text/csv; charset=utf-8" : "application/json"},
             {"Content-Disposition", fmt::format("attachment; filename=\"menu.{}\"", format)}}};
  out.file = csv ? menu_file_csv(*catalog) : menu_file_json(*catalog).dump(2);
  return out;
}

// 400 invalid_menu with every error; nothing was applied.
reply refused(const std::vector<kitchen::import_error>& errors) {
  json list = json::array();
  for (const auto& e : errors) {
    json entry = json::object();
    if (e.at.line != 0) entry["line"] = e.at.line;
    if (e.at.line == 0) entry["path"] = e.at.path;
    entry["field"] = e.field;
    entry["message"] = e.message;
    list.push_back(std::move(entry));
  }
  return reply{http::status::bad_request,
               {{"error",
                 {{"code", kInvalidMenu},
                  {"message", fmt::format("The menu file has {} error{}; nothing was imported", errors.size(),
                                          errors.size() == 1 ? "" : "s")},
                  {"errors", std::move(list)}}}}};
}

json counts_json(const kitchen::import_counts& c) { return {{"created", c.created}, {"updated", c.updated}}; }

result<reply> import_menu(const request_context& ctx) {
  const auto mode_text = query_value(ctx.query, "mode").value_or("merge");
  if (mode_text != "merge" && mode_text != "replace") {
    return kitchen::validation_error("mode", "mode must be merge or replace");
  }
  const auto mode = mode_text == "replace" ? kitchen::import_mode::replace : kitchen::import_mode::merge;
  const auto content_type = ctx.req[http::field::content_type];
  parsed_menu_file file;
  if (is_json_media_type(content_type)) {
    file = parse_menu_json(ctx.req.body());
  } else if (is_utf8_media_type(content_type, "text/csv")) {
    file = parse_menu_csv(ctx.req.body());
  } else {
    return error{std::string(kUnsupportedMediaType), "Send the menu as application/json or text/csv, in UTF-8"};
  }
  // A file that cannot be read whole (not JSON, no header) has nothing
  // more to check; otherwise its rows are checked too, so every error is
  // listed at once.
  if (!file.errors.empty() && file.document.items.empty()) return refused(file.errors);
  auto outcome = ctx.back_office->import_menu(ctx.actor, file.document, mode, file.errors);
  if (!outcome) return outcome.error();
  if (!outcome->errors.empty()) return refused(outcome->errors);
  const auto& s = outcome->summary;
  return reply{http::status::ok,
               {{"categories", counts_json(s.categories)},
                {"modifierGroups", counts_json(s.groups)},
                {"items", {{"created", s.items.created}, {"updated", s.items.updated}, {"archived", s.archived}}}}};
}

}  // namespace

void add_menu_admin_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}admin/menu/{}", prefix, rest); };
  using kitchen::permission;
  table.add(verb::post, path("categories"), create_category, {permission::manage_menu});
  table.add(verb::patch, path("categories/{categoryId}"), update_category, {permission::manage_menu});
  table.add(verb::delete_, path("categories/{categoryId}"), delete_category, {permission::manage_menu});
  table.add(verb::post, path("items"), create_item, {permission::manage_menu});
  table.add(verb::patch, path("items/{menuItemId}"), update_item, {permission::manage_menu});
  table.add(verb::delete_, path("items/{menuItemId}"), archive_item, {permission::manage_menu});
  table.add(verb::post, path("modifier-groups"), create_group, {permission::manage_menu});
  table.add(verb::patch, path("modifier-groups/{modifierGroupId}"), update_group, {permission::manage_menu});
  table.add(verb::delete_, path("modifier-groups/{modifierGroupId}"), delete_group, {permission::manage_menu});
  table.add(verb::get, path("export"), export_menu, {permission::manage_menu});
  table.add(verb::post, path("import"), import_menu, {permission::manage_menu});
}

}  // namespace brigade::api

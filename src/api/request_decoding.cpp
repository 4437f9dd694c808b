#include "api/request_decoding.hpp"

#include <charconv>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "api/json_body.hpp"
#include "common/query_string.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/validation.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/menu_rules.hpp"

namespace brigade::api {
namespace {

// Longest enum spelling we accept before looking it up ("acknowledged").
constexpr size_t kMaxEnumChars = 32;

template <typename Enum>
result<Enum> read_enum(const field_reader& reader, std::string_view key,
                       std::optional<Enum> (*parse)(std::string_view), std::string_view allowed) {
  auto text = reader.text(key, 1, kMaxEnumChars);
  if (!text) return text.error();
  if (auto value = parse(*text)) return *value;
  const std::string field = reader.name(key);
  return kitchen::validation_error(field, fmt::format("{} must be one of {}", field, allowed));
}

// An item's chosen modifiers: [{"optionId": 4}, …].
result<std::vector<kitchen::modifier_option_id>> read_modifiers(const field_reader& item) {
  std::vector<kitchen::modifier_option_id> options;
  auto array = item.array("modifiers", 0, kitchen::kMaxGroupsPerItem * kitchen::kMaxChoices);
  if (!array) return array.error();
  for (size_t j = 0; j < (*array)->size(); ++j) {
    auto choice = item.element(**array, j, "modifiers");
    if (!choice) return choice.error();
    if (auto known = choice->only({"optionId"}); !known) return known.error();
    auto option = choice->id("optionId");
    if (!option) return option.error();
    options.push_back(*option);
  }
  return options;
}

result<std::vector<kitchen::new_item>> read_items(const field_reader& body) {
  auto array = body.array("items", kitchen::kMinItemsPerCommand, kitchen::kMaxItemsPerCommand);
  if (!array) return array.error();
  std::vector<kitchen::new_item> items;
  items.reserve((*array)->size());
  for (size_t i = 0; i < (*array)->size(); ++i) {
    auto element = body.element(**array, i, "items");
    if (!element) return element.error();
    if (auto known = element->only({"menuItemId", "quantity", "notes", "modifiers", "seat", "course"}); !known)
      return known.error();
    auto menu_item = element->id("menuItemId");
    if (!menu_item) return menu_item.error();
    auto quantity = element->integer("quantity", kitchen::kMinQuantity, kitchen::kMaxQuantity);
    if (!quantity) return quantity.error();
    auto notes = element->optional_text("notes", kitchen::kMaxItemNotes);
    if (!notes) return notes.error();
    kitchen::new_item item{*menu_item, static_cast<int32_t>(*quantity), std::move(*notes)};
    if (element->present("modifiers")) {
      auto modifiers = read_modifiers(*element);
      if (!modifiers) return modifiers.error();
      item.modifiers = std::move(*modifiers);
    }
    if (element->present("seat")) {
      auto seat = element->integer("seat", 1, kitchen::kMaxSeats);
      if (!seat) return seat.error();
      item.seat = static_cast<int32_t>(*seat);
    }
    if (element->present("course")) {
      auto course = element->integer("course", 1, kitchen::kMaxCourse);
      if (!course) return course.error();
      item.course = static_cast<int32_t>(*course);
    }
    items.push_back(std::move(item));
  }
  return items;
}

// A query parameter's value, with an empty one treated as absent.
std::optional<std::string_view> param(std::string_view query, std::string_view key) {
  auto value = query_value(query, key);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

error bad_param(std::string_view key, std::string_view rule) {
  return kitchen::validation_error(std::string(key), fmt::format("{} must be {}", key, rule));
}

// An optional id parameter: absent, or a positive integer.
result<std::optional<int64_t>> id_param(std::string_view query, std::string_view key,
                                        std::string_view rule) {
  const auto text = param(query, key);
  if (!text) return std::optional<int64_t>{};
  const auto id = parse_positive_id(*text);
  if (!id) return bad_param(key, rule);
  return std::optional<int64_t>{*id};
}

// An integer parameter within [min, max], default when absent.
result<int64_t> ranged_param(std::string_view query, std::string_view key, int64_t min, int64_t max,
                             int64_t fallback) {
  const auto text = param(query, key);
  if (!text) return fallback;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  // from_chars takes a leading '-'; "+5" and "5x" fail the end check.
  if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    return bad_param(key, fmt::format("an integer from {} to {}", min, max));
  }
  return value;
}

}  // namespace

std::optional<int64_t> parse_positive_id(std::string_view text) {
  if (text.empty() || text.front() < '1' || text.front() > '9') return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

result<kitchen::create_order_command> decode_create_order(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"tableId", "items", "notes"}); !known) return known.error();
  kitchen::create_order_command command;
  auto table = reader.id("tableId");
  if (!table) return table.error();
  command.table = *table;
  auto items = read_items(reader);
  if (!items) return items.error();
  command.items = std::move(*items);
  auto notes = reader.optional_text("notes", kitchen::kMaxOrderNotes);
  if (!notes) return notes.error();
  command.notes = std::move(*notes);
  return command;
}

result<std::vector<kitchen::new_item>> decode_add_items(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"items"}); !known) return known.error();
  return read_items(reader);
}

result<kitchen::order_status> decode_order_status(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"status"}); !known) return known.error();
  return read_enum<kitchen::order_status>(field_reader(body), "status", kitchen::parse_order_status,
                                          "confirmed, served, completed");
}

result<kitchen::item_status> decode_item_status(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"status"}); !known) return known.error();
  return read_enum<kitchen::item_status>(field_reader(body), "status", kitchen::parse_item_status,
                                         "pending, preparing, ready, served, cancelled");
}

result<bool> decode_availability(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"available"}); !known) return known.error();
  return field_reader(body).boolean("available");
}

result<std::string> decode_reason(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"reason"}); !known) return known.error();
  return field_reader(body).text("reason", kitchen::kMinReason, kitchen::kMaxReason);
}

result<kitchen::ticket_priority> decode_priority(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"priority"}); !known) return known.error();
  return read_enum<kitchen::ticket_priority>(
      field_reader(body), "priority", kitchen::parse_ticket_priority, "normal, express, vip");
}

result<kitchen::station_id> decode_station(const nlohmann::json& body) {
  if (auto known = field_reader(body).only({"stationId"}); !known) return known.error();
  return field_reader(body).id("stationId");
}

result<login_request> decode_login(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"username", "password"}); !known) return known.error();
  auto username = reader.text("username", 1, kMaxUsernameChars);
  if (!username) return username.error();
  auto password = reader.text("password", 1, kMaxPasswordChars);
  if (!password) return password.error();
  return login_request{std::move(*username), std::move(*password)};
}

result<kitchen::new_device> decode_new_device(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"role", "tableId", "name"}); !known) return known.error();
  kitchen::new_device out;
  auto role = read_enum<kitchen::staff_role>(reader, "role", kitchen::parse_staff_role,
                                             "kitchen_display, table_display");
  if (!role) return role.error();
  if (!kitchen::is_device_role(*role))
    return kitchen::validation_error("role", "role must be one of kitchen_display, table_display");
  out.role = *role;
  auto table = reader.optional_id("tableId");
  if (!table) return table.error();
  out.table = *table;
  auto name = reader.text("name", kitchen::kMinDeviceName, kitchen::kMaxDeviceName);
  if (!name) return name.error();
  out.name = std::move(*name);
  return out;
}

result<kitchen::order_query> decode_order_query(std::string_view query) {
  kitchen::order_query out;
  if (const auto status = param(query, "status")) {
    out.status = kitchen::parse_order_status(*status);
    if (!out.status) {
      return bad_param("status",
                       "one of pending, confirmed, preparing, ready, served, completed, cancelled");
    }
  }
  auto table = id_param(query, "tableId", "a positive integer id");
  if (!table) return table.error();
  out.table = *table;
  auto limit = ranged_param(query, "limit", 1, kMaxOrderLimit, kDefaultOrderLimit);
  if (!limit) return limit.error();
  out.limit = static_cast<int32_t>(*limit);
  auto cursor = id_param(query, "cursor", "a nextCursor value from a previous page");
  if (!cursor) return cursor.error();
  out.before = *cursor;
  return out;
}

result<kitchen::ticket_query> decode_ticket_query(std::string_view query) {
  kitchen::ticket_query out;
  if (const auto status = param(query, "status")) {
    out.status = kitchen::parse_ticket_status(*status);
    if (!out.status) {
      return bad_param("status",
                       "one of pending, acknowledged, preparing, ready, completed, cancelled");
    }
  }
  auto station = id_param(query, "stationId", "a positive integer id");
  if (!station) return station.error();
  out.station = *station;
  if (param(query, "limit")) {
    auto limit = ranged_param(query, "limit", 1, kMaxOrderLimit, kMaxOrderLimit);
    if (!limit) return limit.error();
    out.limit = static_cast<int32_t>(*limit);
  }
  return out;
}

result<events_query> decode_events_query(std::string_view query) {
  events_query out;
  auto after = ranged_param(query, "after", 0, std::numeric_limits<int64_t>::max(), 0);
  if (!after) return after.error();
  out.after = static_cast<uint64_t>(*after);
  auto limit =
      ranged_param(query, "limit", 1, static_cast<int64_t>(kMaxEventLimit), kDefaultEventLimit);
  if (!limit) return limit.error();
  out.limit = static_cast<size_t>(*limit);
  return out;
}

namespace {

result<kitchen::staff_role> decode_staff_role(const field_reader& reader) {
  auto role = read_enum<kitchen::staff_role>(reader, "role", kitchen::parse_staff_role, "waiter, chef, manager");
  if (!role) return role.error();
  if (kitchen::is_device_role(*role)) return kitchen::validation_error("role", "role must be one of waiter, chef, manager");
  return *role;
}

}  // namespace

result<kitchen::new_staff> decode_new_staff(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "username", "role", "password"}); !known) return known.error();
  kitchen::new_staff out;
  auto name = reader.text("name", kitchen::kMinStaffName, kitchen::kMaxStaffName);
  if (!name) return name.error();
  out.name = std::move(*name);
  auto username = reader.text("username", kitchen::kMinUsername, kitchen::kMaxUsername);
  if (!username) return username.error();
  out.username = std::move(*username);
  auto role = decode_staff_role(reader);
  if (!role) return role.error();
  out.role = *role;
  auto password = reader.text("password", 1, kitchen::kMaxCredentialBytes);  // rules: the back office's
  if (!password) return password.error();
  out.password = std::move(*password);
  return out;
}

result<kitchen::staff_change> decode_staff_change(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "role", "active"}); !known) return known.error();
  kitchen::staff_change out;
  if (body.contains("name")) {
    auto name = reader.text("name", kitchen::kMinStaffName, kitchen::kMaxStaffName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (body.contains("role")) {
    auto role = decode_staff_role(reader);
    if (!role) return role.error();
    out.role = *role;
  }
  if (body.contains("active")) {
    auto active = reader.boolean("active");
    if (!active) return active.error();
    out.active = *active;
  }
  if (!out.name && !out.role && !out.active) {
    return kitchen::validation_error("body", "send at least one of name, role, active");
  }
  return out;
}

result<std::string> decode_new_password(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"password"}); !known) return known.error();
  // Length rules are the back office's (characters and bytes); here only
  // that it is text.
  return reader.text("password", 1, kitchen::kMaxCredentialBytes);
}

namespace {

// PATCH: at least one field; POST: the name.
status require_fields(const nlohmann::json& body, bool partial, std::string_view fields) {
  if (partial && body.empty()) return kitchen::validation_error("body", fmt::format("send at least one of {}", fields));
  if (!partial && !body.contains("name")) return kitchen::validation_error("name", "name is required");
  return ok_v;
}

}  // namespace

result<kitchen::table_fields> decode_table_fields(const nlohmann::json& body, bool partial) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "seats", "area"}); !known) return known.error();
  if (auto missing = require_fields(body, partial, "name, seats, area"); !missing) return missing.error();
  kitchen::table_fields out;
  if (body.contains("name")) {
    auto name = reader.text("name", 1, kitchen::kMaxPlaceName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (body.contains("seats")) {
    auto seats = reader.integer("seats", 0, kitchen::kMaxSeats);
    if (!seats) return seats.error();
    out.seats = static_cast<int32_t>(*seats);
  }
  if (body.contains("area")) {
    auto area = reader.optional_text("area", kitchen::kMaxPlaceName);
    if (!area) return area.error();
    out.area = std::move(*area);
  }
  return out;
}

result<kitchen::kitchen_settings_fields> decode_kitchen_settings(const nlohmann::json& body, bool /*partial*/) {
  const field_reader reader(body);
  if (auto known = reader.only({"autoFireMinutes", "ticketTargetMinutes", "fireByPrepTime"}); !known) {
    return known.error();
  }
  kitchen::kitchen_settings_fields out;
  // Out of range by far is refused here; the back office names the range.
  const auto minutes = [&](std::string_view key, std::optional<int32_t>& slot) -> std::optional<error> {
    if (!body.contains(key)) return std::nullopt;
    auto value = reader.integer(key, 0, kitchen::kMaxSettingMinutes);
    if (!value) return value.error();
    slot = static_cast<int32_t>(*value);
    return std::nullopt;
  };
  if (auto bad = minutes("autoFireMinutes", out.auto_fire_minutes)) return *bad;
  if (auto bad = minutes("ticketTargetMinutes", out.ticket_target_minutes)) return *bad;
  if (body.contains("fireByPrepTime")) {
    auto on = reader.boolean("fireByPrepTime");
    if (!on) return on.error();
    out.fire_by_prep_time = *on;
  }
  return out;
}

result<kitchen::station_fields> decode_station_fields(const nlohmann::json& body, bool partial) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "colour"}); !known) return known.error();
  if (auto missing = require_fields(body, partial, "name, colour"); !missing) return missing.error();
  kitchen::station_fields out;
  if (body.contains("name")) {
    auto name = reader.text("name", 1, kitchen::kMaxPlaceName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (body.contains("colour")) {
    auto colour = reader.optional_text("colour", 7);
    if (!colour) return colour.error();
    out.colour = std::move(*colour);
  }
  return out;
}

result<audit_query> decode_audit_query(std::string_view query) {
  audit_query out;
  auto before = ranged_param(query, "before", 0, std::numeric_limits<int64_t>::max(), 0);
  if (!before) return before.error();
  out.before = *before;
  auto limit = ranged_param(query, "limit", 1, static_cast<int64_t>(kitchen::back_office::kMaxAuditPage),
                            static_cast<int64_t>(kitchen::back_office::kDefaultAuditPage));
  if (!limit) return limit.error();
  out.limit = static_cast<size_t>(*limit);
  return out;
}

std::string encode_cursor(kitchen::order_id before) {
  return std::to_string(before);
}

}  // namespace brigade::api

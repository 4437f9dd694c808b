#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/commands.hpp"
#include "kitchen/ids.hpp"
#include "kitchen/status.hpp"
#include "kitchen/validation.hpp"

namespace brigade::api {

// Wire → command: decodes the JSON bodies and query strings of the
// endpoints into the kitchen's command and query types. Pure functions;
// thread-safe. Errors are `validation` naming the field or parameter.
//
// The bounds are the domain's (kitchen/validation.hpp), checked here too so
// a client hears about a bad request before any store work.

/// A positive decimal integer in canonical form (1-9 then digits, no sign,
/// no leading zero) that fits int64_t: what a path id and a numeric query
/// parameter must look like. Pure function; thread-safe.
std::optional<int64_t> parse_positive_id(std::string_view text);

inline constexpr int32_t kDefaultOrderLimit = 50;
inline constexpr int32_t kMaxOrderLimit = 200;
inline constexpr size_t kDefaultEventLimit = 100;
inline constexpr size_t kMaxEventLimit = 1000;

/// POST /orders {tableId, items:[{menuItemId, quantity, notes?}], notes?}.
/// Leaves the idempotency key and fingerprint empty.
result<kitchen::create_order_command> decode_create_order(const nlohmann::json& body);
/// POST /orders/{id}/items {items:[…]}.
result<std::vector<kitchen::new_item>> decode_add_items(const nlohmann::json& body);
/// PATCH /orders/{id}/status {status}.
result<kitchen::order_status> decode_order_status(const nlohmann::json& body);
/// PATCH /orders/{id}/items/{itemId} {status}.
result<kitchen::item_status> decode_item_status(const nlohmann::json& body);
/// {reason}: cancel-request and cancel/reject.
result<std::string> decode_reason(const nlohmann::json& body);
/// {available: bool} of PATCH /api/menu/items/{id}.
result<bool> decode_availability(const nlohmann::json& body);
/// PATCH /kitchen/orders/{id}/priority {priority}.
result<kitchen::ticket_priority> decode_priority(const nlohmann::json& body);
/// PUT /kitchen/orders/{id}/station {stationId}.
result<kitchen::station_id> decode_station(const nlohmann::json& body);

/// Longest username and password a login may send (characters).
inline constexpr size_t kMaxUsernameChars = 64;
inline constexpr size_t kMaxPasswordChars = 256;

/// POST /auth/login: {username, password}.
struct login_request {
  std::string username;
  std::string password;
};
result<login_request> decode_login(const nlohmann::json& body);
/// POST /auth/devices: {role, tableId?, name}.
result<kitchen::new_device> decode_new_device(const nlohmann::json& body);

/// GET /orders?status=&tableId=&limit=&cursor=. An empty value
/// (`status=`) counts as absent; unknown parameters are ignored.
result<kitchen::order_query> decode_order_query(std::string_view query);
/// GET /kitchen/orders?status=&stationId=&limit=. Without `limit` the
/// domain picks (kitchen::ticket_query).
result<kitchen::ticket_query> decode_ticket_query(std::string_view query);

/// GET /events?after=&limit=.
struct events_query {
  uint64_t after = 0;
  size_t limit = kDefaultEventLimit;
};
result<events_query> decode_events_query(std::string_view query);

// The back office (admin_handlers.cpp).
/// {name, username, role, password} of POST /api/admin/staff.
result<kitchen::new_staff> decode_new_staff(const nlohmann::json& body);
/// {name?, role?, active?} of PATCH /api/admin/staff/{id}: at least one.
result<kitchen::staff_change> decode_staff_change(const nlohmann::json& body);
/// {password} of POST /api/admin/staff/{id}/password.
result<std::string> decode_new_password(const nlohmann::json& body);
/// {name, seats?, area?} of POST /api/admin/tables (`partial`: PATCH, any
/// of them, at least one).
result<kitchen::table_fields> decode_table_fields(const nlohmann::json& body, bool partial);
/// {name, colour?} of POST /api/admin/stations (`partial`: PATCH).
result<kitchen::station_fields> decode_station_fields(const nlohmann::json& body, bool partial);
/// PATCH /admin/settings {autoFireMinutes?, ticketTargetMinutes?}: whole
/// minutes; the back office checks their ranges.
result<kitchen::kitchen_settings_fields> decode_kitchen_settings(const nlohmann::json& body, bool partial);
/// ?before=&limit= of GET /api/admin/audit.
struct audit_query {
  int64_t before = 0;
  size_t limit = kitchen::back_office::kDefaultAuditPage;
};
result<audit_query> decode_audit_query(std::string_view query);

/// The opaque `nextCursor` for a page ending before `before`, and back.
/// Today the decimal id; clients must not rely on that.
std::string encode_cursor(kitchen::order_id before);

}  // namespace brigade::api

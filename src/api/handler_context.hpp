#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/route_table.hpp"
#include "auth/token_service.hpp"
#include "common/result.hpp"
#include "http/types.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::api {

/// What an endpoint handler sees: the service, who is acting (a verified
/// token's actor), the token issuer, the request and its
/// path ids. Lives on the worker's stack for one call; borrowed.
struct request_context {
  kitchen::kitchen_service& service;
  /// The back office; only its endpoints use it, and they exist only when
  /// the API serves one (kitchen_api::serve_back_office).
  kitchen::back_office* back_office;
  const kitchen::actor& actor;
  const auth::token_service& tokens;
  const http::request& req;
  std::string_view query;
  const path_params& params;
  /// The prefix the API is attached at ("/api/"), for Location headers.
  std::string_view prefix;
};

/// A successful answer: status, JSON body and extra headers. Errors travel
/// as `brigade::error` instead. Plain value type.
struct reply {
  http::status status = http::status::ok;
  nlohmann::ordered_json body;
  std::vector<std::pair<std::string, std::string>> headers{};
  /// A file instead of JSON (a menu export): sent as is, with the
  /// Content-Type the headers give.
  std::optional<std::string> file{};
};

/// One endpoint: runs on a worker thread, may block on the store, returns
/// a reply or an error; may throw kitchen::store_failure (→ 503).
using endpoint = std::function<result<reply>(const request_context&)>;
using endpoint_table = route_table<endpoint>;

/// Turns a service result into a 200 reply with `to_json(value)`.
template <typename T, typename ToJson>
result<reply> ok_reply(result<T>&& value, ToJson&& to_json) {
  if (!value) return value.error();
  return reply{http::status::ok, to_json(*value)};
}

// Each resource adds its endpoints; `prefix` ends with '/'.
void add_order_endpoints(endpoint_table& table, std::string_view prefix);
void add_kitchen_endpoints(endpoint_table& table, std::string_view prefix);
void add_catalog_endpoints(endpoint_table& table, std::string_view prefix);
/// The managers' reports under `prefix`reports/ (report_handlers.cpp).
void add_report_endpoints(endpoint_table& table, std::string_view prefix);
/// The back office under `prefix`admin/ (admin_handlers.cpp).
void add_admin_endpoints(endpoint_table& table, std::string_view prefix);
/// The menu's back office under `prefix`admin/menu/ (menu_admin_handlers.cpp).
void add_menu_admin_endpoints(endpoint_table& table, std::string_view prefix);
/// The routes of auth/ that need a token (devices, me); the login route is
/// login_endpoint's.
void add_auth_endpoints(endpoint_table& table, std::string_view prefix);

}  // namespace brigade::api

#pragma once

#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "http/types.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::api {

/// The header that names who is acting, until real authentication replaces
/// it. THE one place that reads it: swapping in JWT changes this file only.
inline constexpr std::string_view kStaffHeader = "X-Staff";

/// The X-Staff header's value, or nullopt when absent or empty.
/// Pure function; thread-safe.
std::optional<std::string_view> staff_header(const http::request& req);

/// The staff member the request acts for: `X-Staff: <username>` looked up
/// with kitchen_service::find_actor. Missing or unknown → `unauthenticated`
/// (401). Blocks on the store: call it off the I/O loops. Thread-safe.
result<kitchen::actor> acting_staff(kitchen::kitchen_service& service, const http::request& req);

}  // namespace brigade::api

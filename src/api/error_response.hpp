#pragma once

#include <span>
#include <string_view>

#include "api/error_codes.hpp"
#include "common/result.hpp"
#include "http/types.hpp"

namespace brigade::api {

/// An error code the API answers with, and its status. Constant data.
struct code_status {
  std::string_view code;
  http::status status;
};

/// Every error code the API produces (its own, the domain's and the
/// tokens'), with its status: the one list status_of() reads, and the one
/// docs/api.md's error table is checked against. Constant data.
std::span<const code_status> error_statuses();

/// The HTTP status of an error code: not_found 404, validation and
/// invalid_json 400, unauthenticated and token_* 401, forbidden 403,
/// method_not_allowed 405, invalid_transition and conflict 409,
/// unsupported_media_type 415, rate_limited 429, store_unavailable and
/// unavailable 503; anything else 500. A 401 carries WWW-Authenticate; a
/// `retryAfter` detail also becomes the Retry-After header.
/// Pure function; thread-safe.
http::status status_of(std::string_view error_code);

/// `{"error":{"code","message", ...details}}` with the status of its code.
/// Each detail becomes one more string field (`field`, `from`, `to`); a
/// detail may not replace `code` or `message`. An unknown code is reported
/// as `internal` with a generic message, so nothing unplanned leaks out.
/// Pure function; thread-safe.
http::response error_response(const error& failure, unsigned version = 11);

/// Shorthand for an API-made error without details.
http::response error_response(std::string_view code, std::string_view message,
                              unsigned version = 11);

}  // namespace brigade::api

#include "api/error_response.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/json_response.hpp"
#include "auth/token_service.hpp"
#include "kitchen/account_service.hpp"
#include "kitchen/errors.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::api {
namespace {

constexpr std::array<code_status, 26> kStatuses{{
    {kitchen::kNotFound, http::status::not_found},
    {kitchen::kValidation, http::status::bad_request},
    {kitchen::kInvalidTransition, http::status::conflict},
    {kitchen::kConflict, http::status::conflict},
    {kitchen::kOrderTooLarge, http::status::payload_too_large},
    {kitchen::kSoldOut, http::status::conflict},
    {kitchen::kUsernameTaken, http::status::conflict},
    {kitchen::kOwnAccount, http::status::conflict},
    {kitchen::kNameTaken, http::status::conflict},
    {kitchen::kInUse, http::status::conflict},
    {kInvalidJson, http::status::bad_request},
    {kInvalidMenu, http::status::bad_request},
    {kUnsupportedMediaType, http::status::unsupported_media_type},
    {kMethodNotAllowed, http::status::method_not_allowed},
    {kitchen::kForbidden, http::status::forbidden},
    {kitchen::kUnauthenticated, http::status::unauthorized},
    {auth::kTokenMissing, http::status::unauthorized},
    {auth::kTokenInvalid, http::status::unauthorized},
    {auth::kTokenExpired, http::status::unauthorized},
    {auth::kTokenRevoked, http::status::unauthorized},
    {auth::kPasswordChangeRequired, http::status::forbidden},
    {kitchen::kAlreadySetUp, http::status::conflict},
    {kRateLimited, http::status::too_many_requests},
    {kStoreUnavailable, http::status::service_unavailable},
    {kUnavailable, http::status::service_unavailable},
    {kInternal, http::status::internal_server_error},
}};

}  // namespace

std::span<const code_status> error_statuses() { return kStatuses; }

http::status status_of(std::string_view error_code) {
  for (const auto& entry : kStatuses) {
    if (entry.code == error_code) return entry.status;
  }
  return http::status::internal_server_error;
}

http::response error_response(const error& failure, unsigned version) {
  const http::status code = status_of(failure.code);
  if (code == http::status::internal_server_error && failure.code != kInternal) {
    // A code nobody mapped is a bug on our side, not something the client
    // can act on; its message may name internals.
    return error_response(kInternal, "Internal server error", version);
  }
  http::response res = json_response(code, nlohmann::ordered_json{{"error", wire::error_json(failure)}}, version);
  if (code == http::status::unauthorized) {
    // RFC 6750 section 3: how to authenticate.
    res.set(http::field::www_authenticate, failure.code == auth::kTokenMissing
                                               ? R"(Bearer realm="brigade")"
                                               : R"(Bearer realm="brigade", error="invalid_token")");
  }
  for (const auto& [name, value] : failure.details) {
    if (name == kRetryAfterDetail) res.set(http::field::retry_after, value);
  }
  return res;
}

http::response error_response(std::string_view code, std::string_view message, unsigned version) {
  return error_response(error{std::string(code), std::string(message)}, version);
}

}  // namespace brigade::api

#pragma once

#include <string_view>

namespace brigade::api {

// Error codes the API itself produces, beside the domain's (kitchen/errors.hpp:
// not_found, validation, invalid_transition, conflict, forbidden,
// unauthenticated) and the tokens' (auth/token_service.hpp).
inline constexpr std::string_view kInvalidJson = "invalid_json";
inline constexpr std::string_view kUnsupportedMediaType = "unsupported_media_type";
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kRateLimited = "rate_limited";
/// The detail of a rate_limited error that becomes the Retry-After header (seconds).
inline constexpr std::string_view kRetryAfterDetail = "retryAfter";
inline constexpr std::string_view kStoreUnavailable = "store_unavailable";
inline constexpr std::string_view kUnavailable = "unavailable";
inline constexpr std::string_view kInternal = "internal";
/// A menu import refused (400): the body's `errors` lists every problem.
inline constexpr std::string_view kInvalidMenu = "invalid_menu";

}  // namespace brigade::api

#pragma once

#include <optional>
#include <string_view>

#include "auth/token_service.hpp"
#include "common/result.hpp"
#include "http/types.hpp"

namespace brigade::api {

/// The token of `Authorization: Bearer <token>` (scheme in any case), or
/// nullopt when the header is absent, empty or another scheme.
/// Pure function; thread-safe.
std::optional<std::string_view> bearer_token(const http::request& req);

/// Who the request acts for: its bearer token, verified (signature, expiry,
/// claims) with no database read. Errors: token_missing, token_invalid,
/// token_expired (all 401). Thread-safe; cheap enough for an I/O loop.
result<auth::verified_token> authenticate(const auth::token_service& tokens, const http::request& req);

}  // namespace brigade::api

#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace brigade::auth {

// JSON Web Tokens in compact form (RFC 7519, RFC 7515 section 7.1), signed
// with HMAC-SHA256 only (RFC 7518 section 3.2). Pure functions; thread-safe.

/// `base64url(header).base64url(claims).base64url(signature)` with the
/// header {"alg":"HS256","typ":"JWT"}.
std::string sign_hs256(const nlohmann::json& claims, std::string_view secret);

/// The claims of a token whose header says exactly alg HS256 and whose
/// signature matches (compared in constant time). Anything else — another
/// algorithm ("none" included), a header with `crit`, a bad signature, bad
/// base64url, a header or claims that are not JSON objects or name a member
/// twice, a token longer than kMaxTokenLength — is an error with code
/// `token_invalid`. Time claims are not checked here
/// (token_service does).
result<nlohmann::json> verify_hs256(std::string_view token, std::string_view secret);

/// Longer tokens are refused before any work: ours are a few hundred bytes.
inline constexpr size_t kMaxTokenLength = 4096;

/// base64url without padding (RFC 4648 section 5), as JWTs use it.
std::string base64url_encode(std::string_view bytes);
/// nullopt for padding, characters outside the url-safe alphabet or an
/// impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace brigade::auth

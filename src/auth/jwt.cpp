#include "auth/jwt.hpp"

#include <array>
#include <set>
#include <string>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/base64.hpp"

namespace brigade::auth {
namespace {

constexpr std::string_view kInvalid = "token_invalid";

error invalid(std::string message) { return error{std::string(kInvalid), std::move(message)}; }

using digest = std::array<unsigned char, 32>;

digest hmac_sha256(std::string_view secret, std::string_view message) {
  digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &length);
  return out;
}

std::string_view as_bytes(const digest& d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

// The header every token we accept carries; fixed, so signing is cheap.
const std::string& encoded_header() {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

// A JSON object with no member name twice, at any depth. nlohmann keeps the
// last of two equal names, while another JWT library may keep the first:
// `{"alg":"none","alg":"HS256"}` must not mean two things (RFC 7515
// section 5.2 forbids duplicate header names).
std::optional<nlohmann::json> json_object_from(std::string_view encoded) {
  const auto decoded = base64url_decode(encoded);
  if (!decoded) return std::nullopt;
  std::vector<std::set<std::string>> names;  // of each object being parsed
  bool duplicate = false;
  const auto watch = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using event_t = nlohmann::json::parse_event_t;
    if (event == event_t::object_start) names.emplace_back();
    if (event == event_t::object_end && !names.empty()) names.pop_back();
    if (event == event_t::key && !names.empty() && !names.back().insert(parsed.get<std::string>()).second)
      duplicate = true;
    return true;
  };
  nlohmann::json parsed = nlohmann::json::parse(*decoded, watch, /*allow_exceptions=*/false);
  if (duplicate || !parsed.is_object()) return std::nullopt;
  return parsed;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string text = base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not base64url
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  return base64_decode(standard);
}

std::string sign_hs256(const nlohmann::json& claims, std::string_view secret) {
  std::string token = encoded_header();
  token += '.';
  token += base64url_encode(claims.dump());
  const digest signature = hmac_sha256(secret, token);
  token += '.';
  token += base64url_encode(as_bytes(signature));
  return token;
}

result<nlohmann::json> verify_hs256(std::string_view token, std::string_view secret) {
  if (token.size() > kMaxTokenLength) return invalid("The token is too long");
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return invalid("The token is not a JWT (three base64url parts)");
  const auto header = json_object_from(token.substr(0, first));
  if (!header) return invalid("The token's header is not base64url JSON with unique member names");
  // The algorithm is pinned: "none", RS256 (key confusion) and the rest are
  // refused before anything is trusted.
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get_ref<const std::string&>() != "HS256")
    return invalid("The token must be signed with HS256");
  // RFC 7515 section 4.1.11: critical extensions must be understood, and we
  // understand none.
  if (header->contains("crit")) return invalid("The token's header has critical extensions (crit)");
  const auto signature = base64url_decode(token.substr(second + 1));
  if (!signature || signature->size() != digest{}.size()) return invalid("The token's signature is malformed");
  const digest expected = hmac_sha256(secret, token.substr(0, second));
  if (CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0)
    return invalid("The token's signature does not match");
  auto claims = json_object_from(token.substr(first + 1, second - first - 1));
  if (!claims) return invalid("The token's claims are not base64url JSON with unique member names");
  return std::move(*claims);
}

}  // namespace brigade::auth

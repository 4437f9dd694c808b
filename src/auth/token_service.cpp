#include "auth/token_service.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "auth/jwt.hpp"
#include "kitchen/status.hpp"

namespace brigade::auth {
namespace {

using json = nlohmann::json;

// A token minted a moment "in the future" by a server whose clock is a
// little ahead is still accepted; expiry gets no such grace.
constexpr int64_t kNotBeforeLeewaySeconds = 30;

error invalid(std::string message) { return error{std::string(kTokenInvalid), std::move(message)}; }

int64_t unix_seconds(timestamp t) { return to_unix_ms(t) / 1000; }

std::optional<int64_t> positive_id(std::string_view text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0 || text.front() == '0')
    return std::nullopt;
  return value;
}

std::optional<int64_t> integer_claim(const json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

token_service::token_service(std::string secret, std::chrono::seconds ttl, std::chrono::seconds device_ttl,
                             std::function<timestamp()> clock)
    : secret_(std::move(secret)), ttl_(ttl), device_ttl_(device_ttl), clock_(std::move(clock)) {
  if (secret_.size() < kMinSecretLength)
    throw std::invalid_argument(
        fmt::format("the JWT secret must be at least {} characters long", kMinSecretLength));
  if (ttl_ <= std::chrono::seconds::zero() || device_ttl_ <= std::chrono::seconds::zero()) throw std::invalid_argument("the token lifetime must be positive");
}

issued_token token_service::issue(const kitchen::actor& who, std::chrono::seconds ttl, int64_t generation) const {
  return sign(who, ttl, false, generation);
}

issued_token token_service::issue_password_change(const kitchen::actor& who, int64_t generation) const {
  return sign(who, std::min(ttl_, kPasswordChangeTokenTtl), true, generation);
}

issued_token token_service::sign(const kitchen::actor& who, std::chrono::seconds ttl, bool password_change,
                                 int64_t generation) const {
  const timestamp now = clock_();
  const timestamp expires = now + std::chrono::duration_cast<std::chrono::milliseconds>(ttl);
  json claims{{"sub", std::to_string(who.id)},
              {"name", who.name},
              {"role", kitchen::to_string(who.role)},
              {"restaurantId", who.restaurant}};
  if (who.role == kitchen::staff_role::table_display) claims["tableId"] = who.table;
  if (password_change) claims["pwchange"] = true;
  claims["iat"] = unix_seconds(now);
  claims["nbf"] = unix_seconds(now);
  claims["exp"] = unix_seconds(expires);
  if (!who.is_device()) claims["gen"] = generation;
  // exp is whole seconds: report the instant the token really stops working.
  return {sign_hs256(claims, secret_), from_unix_ms(unix_seconds(expires) * 1000)};
}

result<verified_token> token_service::verify(std::string_view token) const {
  auto verified = verify_allowing_password_change(token);
  if (verified && verified->password_change_only) {
    return error{std::string(kPasswordChangeRequired),
                 "Change your password first (POST /api/auth/password): this token may do nothing else"};
  }
  return verified;
}

result<verified_token> token_service::verify_allowing_password_change(std::string_view token) const {
  const int64_t now = unix_seconds(clock_());
  if (auto known = verified_.find(token)) return admit(*known, now);
  auto claims = decode(token, now);
  if (!claims) return claims.error();
  verified_.remember(token, *claims);
  return admit(*claims, now);
}

result<token_claims> token_service::decode(std::string_view token, int64_t now) const {
  auto signed_claims = verify_hs256(token, secret_);
  if (!signed_claims) return signed_claims.error();
  const json& claims = *signed_claims;
  token_claims out;

  // The time first, as admit() checks it: an expired token says so even
  // when another claim is wrong too.
  const auto exp = integer_claim(claims, "exp");
  if (!exp) return invalid("The token has no exp claim");
  out.expires = *exp;
  if (now >= *exp) return error{std::string(kTokenExpired), "The token has expired; log in again"};
  if (claims.contains("nbf")) {
    const auto nbf = integer_claim(claims, "nbf");
    if (!nbf) return invalid("The token's nbf claim is not a number");
    out.not_before = *nbf;
    if (now + kNotBeforeLeewaySeconds < *nbf) return invalid("The token is not valid yet");
  }

  kitchen::actor& who = out.who;
  const auto sub = claims.find("sub");
  const auto id = sub != claims.end() && sub->is_string() ? positive_id(sub->get_ref<const std::string&>())
                                                          : std::nullopt;
  if (!id) return invalid("The token's sub claim is not an id");
  who.id = *id;
  const auto role = claims.find("role");
  const auto parsed_role = role != claims.end() && role->is_string()
                               ? kitchen::parse_staff_role(role->get_ref<const std::string&>())
                               : std::nullopt;
  if (!parsed_role) return invalid("The token's role claim is not a role");
  who.role = *parsed_role;
  const auto restaurant = integer_claim(claims, "restaurantId");
  if (!restaurant || *restaurant <= 0) return invalid("The token's restaurantId claim is not an id");
  who.restaurant = *restaurant;
  const auto name = claims.find("name");
  if (name == claims.end() || !name->is_string()) return invalid("The token's name claim is not text");
  who.name = name->get<std::string>();
  if (who.role == kitchen::staff_role::table_display) {
    const auto table = integer_claim(claims, "tableId");
    if (!table || *table <= 0) return invalid("A table display's token needs its tableId");
    who.table = *table;
  }
  if (const auto pwchange = claims.find("pwchange"); pwchange != claims.end()) {
    if (!pwchange->is_boolean()) return invalid("The token's pwchange claim is not true or false");
    out.password_change_only = pwchange->get<bool>();
  }
  if (claims.contains("gen")) {
    const auto gen = integer_claim(claims, "gen");
    if (!gen || *gen < 0) return invalid("The token's gen claim is not a generation");
    out.generation = *gen;
  }
  return out;
}

result<verified_token> token_service::admit(const token_claims& claims, int64_t now) const {
  if (now >= claims.expires) return error{std::string(kTokenExpired), "The token has expired; log in again"};
  if (claims.not_before && now + kNotBeforeLeewaySeconds < *claims.not_before)
    return invalid("The token is not valid yet");
  if (revoked_ != nullptr) {
    if (auto why = revoked_->refusal(claims.who, claims.generation))
      return error{std::string(kTokenRevoked), std::string(*why)};
  }
  return verified_token{claims.who, from_unix_ms(claims.expires * 1000), claims.generation,
                        claims.password_change_only};
}

std::string random_secret() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("OpenSSL could not produce random bytes for the JWT secret");
  return base64url_encode({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

}  // namespace brigade::auth

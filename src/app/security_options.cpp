#include "app/security_options.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace brigade::app {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t unit = 1;
  switch (text.back()) {
    case 's': unit = 1; text.remove_suffix(1); break;
    case 'm': unit = 60; text.remove_suffix(1); break;
    case 'h': unit = 3600; text.remove_suffix(1); break;
    case 'd': unit = 86400; text.remove_suffix(1); break;
    default: break;
  }
  int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  // A year is the longest lifetime that makes sense for any token.
  if (ec != std::errc{} || end != text.data() + text.size() || count <= 0 || count > 366 * 86400 / unit)
    return std::nullopt;
  return std::chrono::seconds(count * unit);
}

std::string resolve_jwt_secret(const security_options& options) {
  std::string secret = options.jwt_secret;
  if (secret.empty()) {
    if (const char* env = std::getenv("BRIGADE_JWT_SECRET")) secret = env;
  }
  if (secret.empty()) {
    if (options.mode == run_mode::production) {
      throw std::runtime_error(
          "no JWT secret: set --jwt-secret or BRIGADE_JWT_SECRET (at least 32 characters, e.g. "
          "`openssl rand -base64 48`), or run with --mode dev to use a throwaway one");
    }
    spdlog::warn("dev mode: using a random JWT secret; tokens will not survive a restart");
    return auth::random_secret();
  }
  if (secret.size() < auth::kMinSecretLength) {
    throw std::runtime_error(fmt::format("the JWT secret is {} characters long; it must have at least {}",
                                         secret.size(), auth::kMinSecretLength));
  }
  return secret;
}

auth::token_service make_token_service(const security_options& options) {
  return auth::token_service(resolve_jwt_secret(options), options.token_ttl, options.device_token_ttl);
}

}  // namespace brigade::app

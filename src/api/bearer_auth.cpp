#include "api/bearer_auth.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace brigade::api {

std::optional<std::string_view> bearer_token(const http::request& req) {
  const auto it = req.find(http::field::authorization);
  if (it == req.end()) return std::nullopt;
  std::string_view value = it->value();
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() || !boost::algorithm::istarts_with(value, kScheme)) return std::nullopt;
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return value;
}

result<auth::verified_token> authenticate(const auth::token_service& tokens, const http::request& req) {
  const auto token = bearer_token(req);
  if (!token) {
    return error{std::string(auth::kTokenMissing),
                 "Log in first (POST /api/auth/login) and send the token as 'Authorization: Bearer <token>'"};
  }
  return tokens.verify(*token);
}

}  // namespace brigade::api

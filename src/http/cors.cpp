#include "http/cors.hpp"

#include <algorithm>

#include "http/exchange.hpp"

namespace brigade::http {

bool cors_policy::allows(std::string_view origin) const {
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void cors_policy::apply(const request& req, response& res) const {
  const auto origin_it = req.find(field::origin);
  if (origin_it == req.end()) return;
  const std::string_view origin = origin_it->value();
  if (!allows(origin)) return;
  const bool wildcard = !credentials_ && std::find(allowed_.begin(), allowed_.end(), "*") != allowed_.end();
  res.set(field::access_control_allow_origin, wildcard ? std::string_view("*") : origin);
  if (!wildcard) res.set(field::vary, "Origin");
  if (credentials_) res.set(field::access_control_allow_credentials, "true");
}

response cors_policy::preflight(const request& req) const {
  const auto origin_it = req.find(field::origin);
  if (origin_it != req.end() && !allows(origin_it->value())) {
    return json_error(status::forbidden, "cors_forbidden", "Origin not allowed", req.version());
  }
  response res{status::no_content, req.version()};
  apply(req, res);
  res.set(field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
  const auto asked = req.find(field::access_control_request_headers);
  if (asked != req.end()) res.set(field::access_control_allow_headers, asked->value());
  res.set(field::access_control_max_age, "600");
  res.prepare_payload();
  return res;
}

}  // namespace brigade::http

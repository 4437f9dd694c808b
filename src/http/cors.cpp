#include "http/cors.hpp"

#include <algorithm>
#include <cctype>

#include "http/error_codes.hpp"
#include "http/exchange.hpp"

namespace brigade::http {

bool cors_policy::allows(std::string_view origin) const {
  return std::any_of(allowed_.begin(), allowed_.end(), [&](const std::string& allowed) {
    if (allowed == "*" || allowed == origin) return true;
    // "http://localhost:*": that scheme and host on any port (dev servers).
    const std::string_view pattern = allowed;
    if (pattern.size() < 2 || pattern.substr(pattern.size() - 2) != ":*") return false;
    const std::string_view prefix = pattern.substr(0, pattern.size() - 1);  // keeps the ':'
    if (origin.substr(0, prefix.size()) != prefix) return false;
    const std::string_view port = origin.substr(prefix.size());
    return !port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 6454 section 6.1: an origin serializes as scheme "://" host [":" port];
// a page served by this server sends its own Host there.
bool same_origin(std::string_view origin, std::string_view host) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || host.empty()) return false;
  return iequals(origin.substr(scheme_end + 3), host);
}

}  // namespace

bool cors_policy::permits(const request& req) const {
  const auto origin_it = req.find(field::origin);
  if (origin_it == req.end()) return true;
  const std::string_view origin = origin_it->value();
  return allows(origin) || same_origin(origin, req[field::host]);
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
    return json_error(status::forbidden, kCorsForbidden, "Origin not allowed", req.version());
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

#include "api/api_doc.hpp"

namespace brigade::api {

std::string render_routes_markdown(const std::vector<kitchen_api::listed_route>& routes) {
  std::string out =
      "| method | path | token | permission (any of; docs/security.md) |\n"
      "|---|---|---|---|\n";
  for (const auto& r : routes) {
    std::string permissions;
    for (const auto p : r.permissions) {
      if (!permissions.empty()) permissions += ", ";
      permissions += "`" + std::string(kitchen::rule_of(p).name) + "`";
    }
    if (permissions.empty()) permissions = r.needs_token ? "any actor" : "—";
    out += "| " + std::string(http::beast_http::to_string(r.method)) + " | `" + r.path + "` | " +
           (r.needs_token ? "✓" : "no") + " | " + permissions + " |\n";
  }
  return out;
}

}  // namespace brigade::api

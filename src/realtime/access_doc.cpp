#include "realtime/access_doc.hpp"

#include <array>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/status.hpp"

namespace brigade::realtime {

std::string render_access_markdown() {
  using kitchen::staff_role;
  constexpr std::array kRoles{staff_role::waiter, staff_role::chef, staff_role::manager, staff_role::kitchen_display,
                              staff_role::table_display};
  std::string md = "| permission | what it allows |";
  std::string separator = "|---|---|";
  for (const staff_role role : kRoles) {
    md += fmt::format(" `{}` |", kitchen::to_string(role));
    separator += ":-:|";
  }
  md += "\n" + separator + "\n";
  for (const kitchen::access_rule& rule : kitchen::access_rules()) {
    md += fmt::format("| `{}` | {} |", rule.name, rule.description);
    for (const staff_role role : kRoles) {
      const bool allowed = kitchen::role_may(role, rule.what);
      const bool scoped = allowed && role == staff_role::table_display && rule.own_table_only_for_table_display;
      md += allowed ? (scoped ? " own table |" : " ✓ |") : " |";
    }
    md += "\n";
  }
  return md;
}

}  // namespace brigade::realtime

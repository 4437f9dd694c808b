#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "http/types.hpp"
#include "kitchen/access_policy.hpp"

namespace brigade::api {

/// The ids a matched path captured, by the names of its `{name}` segments.
/// Plain value type.
class path_params {
 public:
  void add(std::string name, int64_t value) { values_.emplace_back(std::move(name), value); }
  /// The captured id. Throws std::out_of_range for a name its pattern does
  /// not have: a programming error, caught at the handler edge as a 500.
  int64_t id(std::string_view name) const;
  size_t size() const noexcept { return values_.size(); }

 private:
  std::vector<std::pair<std::string, int64_t>> values_;
};

/// A path pattern such as `/api/orders/{orderId}/items/{itemId}`: literal
/// segments match themselves exactly; a `{name}` segment matches only a
/// positive integer id (parse_positive_id), so `/api/orders/abc` names no
/// resource and is a 404. No trailing-slash or empty-segment leniency.
/// Immutable after construction; thread-safe.
class path_pattern {
 public:
  /// Throws std::invalid_argument for a malformed pattern (start-up only).
  explicit path_pattern(std::string_view pattern);

  std::optional<path_params> match(std::string_view path) const;
  const std::string& text() const noexcept { return text_; }

 private:
  struct segment {
    std::string text;  // the literal, or the capture's name
    bool capture = false;
  };
  std::string text_;
  std::vector<segment> segments_;
};

/// Method + path pattern → handler. Unknown path: not_found; known path,
/// other method: method_not_allowed with the allowed methods (for `Allow`).
/// Each route also records the permissions (any one of them) its use case
/// checks, for docs/api.md and docs/openapi.yaml: the kitchen service
/// enforces them, the table only says which they are.
/// Routes are added at start-up; `match` is then const and thread-safe.
template <typename Handler>
class route_table {
 public:
  using method = http::beast_http::verb;

  enum class outcome { matched, not_found, method_not_allowed };

  struct match_result {
    outcome kind = outcome::not_found;
    const Handler* handler = nullptr;  // set when matched; owned by the table
    path_params params;
    std::string allow;  // "GET, POST" when method_not_allowed
    std::string_view pattern;  // the matching route's pattern text (owned by the table), when one matched the path
  };

  /// One route as added, for the docs. Plain value type.
  struct listed_route {
    method verb;
    std::string pattern;
    std::vector<kitchen::permission> permissions;
  };

  /// `permissions`: those the use case checks, of which the actor needs one
  /// (several when the request's body picks, e.g. served or completed);
  /// none when any actor with a token may call it.
  void add(method m, std::string_view pattern, Handler h, std::vector<kitchen::permission> permissions = {}) {
    routes_.push_back(route{m, path_pattern(pattern), std::move(h), std::move(permissions)});
  }

  /// Every route, in the order added.
  std::vector<listed_route> routes() const {
    std::vector<listed_route> out;
    for (const auto& r : routes_) out.push_back({r.verb, r.pattern.text(), r.permissions});
    return out;
  }

  match_result match(method m, std::string_view path) const {
    match_result result;
    std::vector<method> allowed;
    for (const auto& r : routes_) {
      auto params = r.pattern.match(path);
      if (!params) continue;
      result.pattern = r.pattern.text();
      if (r.verb == m) {
        result.kind = outcome::matched;
        result.handler = &r.handle;
        result.params = std::move(*params);
        return result;
      }
      if (std::find(allowed.begin(), allowed.end(), r.verb) == allowed.end())
        allowed.push_back(r.verb);
    }
    if (allowed.empty()) return result;
    result.kind = outcome::method_not_allowed;
    for (const method a : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += http::beast_http::to_string(a);
    }
    return result;
  }

  /// Whether any route's pattern matches `path`, whatever its method (for
  /// CORS preflight requests).
  bool knows(std::string_view path) const {
    for (const auto& r : routes_) {
      if (r.pattern.match(path)) return true;
    }
    return false;
  }

 private:
  struct route {
    method verb;
    path_pattern pattern;
    Handler handle;
    std::vector<kitchen::permission> permissions;
  };
  std::vector<route> routes_;
};

}  // namespace brigade::api

#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace brigade::http {

/// Maps path prefixes to handlers; the longest matching prefix wins, and an
/// unmatched path gets a 404 JSON error.
/// Thread-safety: routes are added before the server starts; `dispatch` is
/// then safe from any thread.
class router {
 public:
  using handler = std::function<void(const exchange_ptr&)>;

  /// `label` names the route in metrics (the prefix itself when empty).
  void add_prefix(std::string prefix, handler h, std::string label = {});
  /// A probe route (health, readiness, metrics): also served on a connection
  /// let in over the connection cap, in its headroom (limits.hpp), so it
  /// must answer cheaply and without a token.
  void add_probe(std::string prefix, handler h);
  void dispatch(const exchange_ptr& ex) const;
  /// Whether `path` leads to a probe route.
  bool is_probe(std::string_view path) const;

 private:
  struct route {
    std::string prefix;
    handler handle;
    std::string label;
    bool probe = false;
  };
  const route* find(std::string_view path) const;
  std::vector<route> routes_;
};

}  // namespace brigade::http

#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace brigade::http {

/// Maps path prefixes to handlers; the longest matching prefix wins, and an
/// unmatched path gets a 404 JSON error. A route may also hear of its
/// requests that the connection refused for their body's size (413).
/// Thread-safety: routes are added before the server starts; `dispatch` and
/// `body_refused` are then safe from any thread.
class router {
 public:
  using handler = std::function<void(const exchange_ptr&)>;
  /// Gets the head of a request refused for its body's size; the body is
  /// incomplete. Called on the connection's loop; must not block.
  using refusal_handler = std::function<void(const request& head)>;

  /// `label` names the route in metrics (the prefix itself when empty);
  /// `refused`, if any, hears of its requests refused for their size.
  void add_prefix(std::string prefix, handler h, std::string label = {}, refusal_handler refused = {});
  void dispatch(const exchange_ptr& ex) const;
  /// Tells the route of `head`'s path, if it asked, that the request was
  /// refused as too large (a long-polling POST: its session ends).
  void body_refused(const request& head) const;
  /// A probe route (health, readiness, metrics): also served on a connection
  /// let in over the connection cap, in its headroom (limits.hpp), so it
  /// must answer cheaply and without a token.
  void add_probe(std::string prefix, handler h);
  /// Whether `path` leads to a probe route.
  bool is_probe(std::string_view path) const;

 private:
  struct route {
    std::string prefix;
    handler handle;
    std::string label;
    refusal_handler refused;
    bool probe = false;
  };
  const route* match(std::string_view path) const;
  std::vector<route> routes_;
};

}  // namespace brigade::http

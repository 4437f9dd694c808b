#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/types.hpp"

namespace brigade::http {

/// Which browser origins may call the server (CORS). `*` allows any origin,
/// `http://localhost:*` that scheme and host on any port,
/// as the protocol test suites' servers do; otherwise an exact allowlist.
/// Immutable after construction; thread-safe.
class cors_policy {
 public:
  cors_policy() = default;
  explicit cors_policy(std::vector<std::string> allowed_origins, bool allow_credentials = false)
      : allowed_(std::move(allowed_origins)), credentials_(allow_credentials) {}

  static cors_policy allow_any() { return cors_policy({"*"}); }

  bool allows(std::string_view origin) const;

  /// Whether a request may be served at all (WebSocket handshakes have no
  /// CORS, so the server must refuse foreign pages itself): true without an
  /// `Origin` header (not a browser), for an allowed origin, and for a page
  /// of the server's own origin (its authority equals the `Host` header).
  bool permits(const request& req) const;

  /// Adds Access-Control-Allow-Origin (and Vary, Credentials) when the
  /// request's Origin is allowed; nothing otherwise.
  void apply(const request& req, response& res) const;

  /// The answer to a preflight OPTIONS request: 204 with the allowed methods
  /// and the headers the browser asked for, or 403 JSON if the origin is not
  /// allowed.
  response preflight(const request& req) const;

 private:
  std::vector<std::string> allowed_;
  bool credentials_ = false;
};

}  // namespace brigade::http

#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/login_admission.hpp"
#include "auth/token_service.hpp"

namespace brigade::app {

/// How strict start-up is about secrets. `production` (the default, what a
/// restaurant runs) refuses to start without a JWT secret; `dev` invents
/// one for the session and also lets browser pages on localhost call in.
enum class run_mode { production, dev };

/// Identity and access settings of `brigade serve`. Plain value type.
struct security_options {
  run_mode mode = run_mode::production;
  /// HS256 key, at least 32 characters; empty: BRIGADE_JWT_SECRET, then
  /// (dev mode only) a random one.
  std::string jwt_secret;
  /// Staff tokens last one shift: a lost phone's token dies by morning.
  std::chrono::seconds token_ttl = std::chrono::hours(12);
  /// Screens are paired once and stay on the wall: a month, then a manager
  /// pairs them again.
  std::chrono::seconds device_token_ttl = std::chrono::hours(24 * 30);
  /// Rooms one socket may be in (realtime::gateway_limits).
  size_t max_rooms_per_socket = 100;
  /// REST requests per second per IP address, and the burst. A screen sends
  /// a few a second and a restaurant behind one NAT address a few dozen
  /// devices: 300/s is far above that and far below a flood. 0: no limit.
  double http_rate = 300;
  double http_burst = 600;
  /// The operator's secret (docs/security.md "Monitoring endpoints"):
  /// guards /metrics and the /admin feed's server-wide view. Empty: /metrics
  /// is open and no one watches the server's figures live.
  std::string operator_token;
  /// Logins between arrival and answer (waiting for or running argon2id), in
  /// all and from one IP address; over either, 429 at once
  /// (auth::login_admission says why these defaults).
  size_t login_queue = auth::login_admission::settings{}.capacity;
  size_t max_logins_per_ip = auth::login_admission::settings{}.per_address;
};

/// "12h", "30m", "45s", "7d" or plain seconds ("3600") → seconds; nullopt
/// for anything else or a value that is not positive. Pure.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// The JWT secret to use: the option, else BRIGADE_JWT_SECRET, else in dev
/// mode a random one (logged as such). Throws std::runtime_error with a
/// message saying what to set when production mode has none or it is too
/// short.
std::string resolve_jwt_secret(const security_options& options);

/// The token service these options describe.
auth::token_service make_token_service(const security_options& options);

}  // namespace brigade::app

#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/handler_context.hpp"
#include "api/login_endpoint.hpp"
#include "api/password_endpoint.hpp"
#include "api/setup_endpoint.hpp"
#include "auth/token_service.hpp"
#include "http/cors.hpp"
#include "http/ip_rate_limiter.hpp"
#include "http/router.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::api {

/// Requests per second (and burst) one IP address may send to /api; a rate
/// of 0 turns the limit off. Over it: 429 rate_limited with Retry-After,
/// answered on the loop. Plain value type.
struct api_request_limits {
  double rate = 0;
  double burst = 0;
};

/// The REST API (docs/api.md) over the kitchen service. Each request is
/// routed and its bearer token verified on its I/O loop (404, 405, 401 and
/// CORS preflights are answered there, no database needed); everything that
/// may touch the store — body decoding, the use case, the JSON answer —
/// runs on `post_work`'s threads,
/// which then call `exchange::respond`. Nothing thrown escapes: a
/// kitchen::store_failure becomes 503 store_unavailable, anything else 500.
///
/// Thread-safety: `attach` once, before the server starts; the handlers are
/// then const and safe on any thread. Lifetime: the service and this object
/// must outlive the listener and every job handed to `post_work` (stop the
/// loops and join the worker pool before destroying them). Not movable,
/// since the router keeps a pointer to it.
class kitchen_api {
 public:
  using request_limits = api_request_limits;

  /// Runs a job off the I/O loops (the app passes a thread pool's post).
  /// May be called from any loop thread at once.
  using executor = work_executor;

  /// `cors`: which browser origins may call the API from another origin;
  /// the default allows none (same-origin web apps need nothing).
  /// `tokens` and what `logins` names must outlive this object. Logins
  /// run as login_endpoint says: argon2id on `logins.hash_work`, never on
  /// `post_work`.
  kitchen_api(kitchen::kitchen_service& service, const auth::token_service& tokens, login_services logins,
              executor post_work, http::cors_policy cors = {}, request_limits limits = {});
  kitchen_api(const kitchen_api&) = delete;
  kitchen_api& operator=(const kitchen_api&) = delete;

  /// Also serves the back office under `prefix`admin/; before attach, and
  /// `office` must outlive this object.
  void serve_back_office(kitchen::back_office& office) noexcept { back_office_ = &office; }
  /// Adds the set-up and password routes (POST /api/auth/password,
  /// GET and POST /api/setup) over `accounts`, which must outlive this
  /// object; `setup_token` is setup_endpoint's. Call before `attach`.
  void add_account_routes(kitchen::account_service& accounts, std::string setup_token);

  /// Serves every endpoint under `prefix` (must start and end with '/').
  void attach(http::router& routes, std::string prefix = "/api/");

  /// One route as attached, for the docs (api_doc.hpp). Plain value type.
  struct listed_route {
    http::beast_http::verb method;
    std::string path;  // the pattern, e.g. /api/orders/{orderId}
    bool needs_token;
    std::vector<kitchen::permission> permissions;  // any one of them; none: every actor
  };
  /// Every route `attach` added: the token-free ones, then the others.
  std::vector<listed_route> routes() const;

 private:
  void handle(const http::exchange_ptr& ex) const;
  void dispatch(const http::exchange_ptr& ex, const endpoint& handler, path_params params,
                kitchen::actor who) const;
  void run(const http::exchange_ptr& ex, const endpoint& handler, const path_params& params,
           const kitchen::actor& who) const;
  void finish(const http::exchange_ptr& ex, http::response&& res) const;

  kitchen::kitchen_service& service_;
  kitchen::back_office* back_office_ = nullptr;
  const auth::token_service& tokens_;
  executor post_work_;
  http::cors_policy cors_;
  mutable http::ip_rate_limiter requests_per_ip_;  // locks inside; shared by all loops
  std::string prefix_;
  login_services logins_;
  login_endpoint login_;
  std::unique_ptr<password_endpoint> password_;  // with add_account_routes
  std::unique_ptr<setup_endpoint> setup_;
  using public_endpoint = std::function<void(const http::exchange_ptr&)>;  // answers on its own
  route_table<public_endpoint> public_endpoints_;
  // Public routes whose handler checks a bearer token itself (the password
  // route takes password-change tokens too): routes() lists them as
  // needing one.
  std::vector<std::string> own_token_checks_;  // no token needed (login)
  endpoint_table endpoints_;
};

}  // namespace brigade::api

#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "api/login_endpoint.hpp"
#include "http/exchange.hpp"
#include "http/types.hpp"
#include "kitchen/account_service.hpp"

namespace brigade::api {

/// Whether `remote_address` (as the listener wrote it: "127.0.0.1", "::1",
/// "::ffff:127.0.0.1") is a loopback address. Text that is no address is
/// not. Pure; thread-safe.
bool is_loopback_address(std::string_view remote_address);

/// The first-run set-up (docs/api.md "Set-up and passwords"), open while the
/// database holds no restaurant:
/// - GET /api/setup: `{open, tokenRequired}`, no secret in it; the /setup
///   page asks it what to show.
/// - POST /api/setup {setupToken?, restaurant, manager}: creates the first
///   restaurant and its manager (who chose the password: no forced
///   change). 201; 409 already_set_up once a restaurant exists; 403
///   forbidden unless the request comes from a loopback address or carries
///   the setup token the server logged at start. A request that names a
///   proxy hop (Forwarded, X-Forwarded-For, X-Real-IP) is never taken for a
///   local one: a reverse proxy on the same machine makes every client look
///   local.
/// Bodies are read and checked on a database worker; the password's
/// argon2id and the transaction run on the login pool, like a login's.
/// Thread-safety: const after construction; handlers are called on a loop.
class setup_endpoint {
 public:
  using finish_fn = std::function<void(const http::exchange_ptr&, http::response&&)>;

  /// `setup_token`: the one-time token the server logged ("" when it
  /// started with a restaurant: then no token opens set-up).
  setup_endpoint(kitchen::account_service& accounts, std::string setup_token, work_executor db_work,
                 work_executor hash_work, finish_fn finish);

  void status(const http::exchange_ptr& ex) const;
  void create(const http::exchange_ptr& ex) const;

 private:
  void post(const work_executor& pool, const http::exchange_ptr& ex, std::function<void()> job) const;
  void set_up(const http::exchange_ptr& ex, const kitchen::new_restaurant& place,
              const kitchen::new_manager& manager) const;

  kitchen::account_service& accounts_;
  std::string setup_token_;
  work_executor db_work_;
  work_executor hash_work_;
  finish_fn finish_;
};

}  // namespace brigade::api

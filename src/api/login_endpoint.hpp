#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/login_admission.hpp"
#include "auth/login_throttle.hpp"
#include "auth/token_service.hpp"
#include "http/exchange.hpp"
#include "http/types.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::api {

/// Runs a job on other threads (a thread pool's post). May be called from
/// any thread at once; throws when the pool no longer takes work.
using work_executor = std::function<void(std::function<void()>)>;

/// What the login route needs besides the service and the tokens. Borrowed:
/// each must outlive the kitchen_api that uses it.
struct login_services {
  auth::login_throttle& throttle;
  auth::login_admission& admission;
  /// Runs argon2id: the app's login pool, apart from the database workers,
  /// so password checks never hold a thread that commands need.
  work_executor hash_work;
};

/// The key a login's address is counted under: the address itself for
/// IPv4, an IPv4-mapped IPv6 address as its IPv4 form, and the /64 prefix
/// of any other IPv6 address (one host may hold a whole /64, so counting
/// single addresses would count nothing). Text that is not an address is
/// used as it is. Pure function; thread-safe.
std::string login_address_key(std::string_view remote_address);

/// POST /api/auth/login, in three steps on three kinds of threads:
/// 1. on the I/O loop, a place among the logins in flight
///    (auth::login_admission): none left, 429 rate_limited with Retry-After
///    at once, costing no database or hashing work;
/// 2. on a database worker, the body, the failure throttle
///    (auth::login_throttle: 429 with Retry-After) and the staff member's
///    store read (kitchen_service::find_login);
/// 3. on a hashing worker, argon2id (kitchen::verify_login), the failure or
///    success recorded, and the token issued.
/// The place is given back when the answer is sent.
/// Thread-safety: const after construction; `handle` is called on a loop.
class login_endpoint {
 public:
  using finish_fn = std::function<void(const http::exchange_ptr&, http::response&&)>;

  login_endpoint(kitchen::kitchen_service& service, const auth::token_service& tokens, login_services logins,
                 work_executor db_work, finish_fn finish);

  void handle(const http::exchange_ptr& ex) const;

 private:
  using place_ptr = std::shared_ptr<auth::login_admission::place>;
  void look_up(const http::exchange_ptr& ex, const std::string& address, const place_ptr& place) const;
  void verify(const http::exchange_ptr& ex, const std::string& address, const std::string& username,
              const std::string& password, const std::optional<kitchen::staff>& found) const;
  void post_or_refuse(const work_executor& pool, const http::exchange_ptr& ex, std::function<void()> job) const;

  kitchen::kitchen_service& service_;
  const auth::token_service& tokens_;
  login_services logins_;
  work_executor db_work_;
  finish_fn finish_;
};

}  // namespace brigade::api

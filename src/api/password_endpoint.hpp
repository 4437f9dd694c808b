#pragma once

#include <functional>

#include "api/login_endpoint.hpp"
#include "auth/token_service.hpp"
#include "http/exchange.hpp"
#include "http/types.hpp"
#include "kitchen/account_service.hpp"

namespace brigade::api {

/// POST /api/auth/password {currentPassword, newPassword}: a staff member
/// changes their own password. The one route a password-change token
/// (auth::token_service::issue_password_change) may call; any staff token
/// may call it too. Like a login it checks a password, so it takes a place
/// among the logins in flight (429 when none is left), counts a wrong
/// current password as a failed login of that staff member from that
/// address (auth::login_throttle), and runs on the login pool: argon2id
/// twice (the check, the new hash) and two short store calls.
/// Answers 200 with a fresh full token (the login's shape, with
/// passwordChangeRequired false), so the client carries on without logging
/// in again; 401 for a wrong current password or a bad token; 400 for a new
/// password that is too short or unchanged; 403 for a screen.
/// Thread-safety: const after construction; `handle` is called on a loop.
class password_endpoint {
 public:
  using finish_fn = std::function<void(const http::exchange_ptr&, http::response&&)>;

  password_endpoint(kitchen::account_service& accounts, const auth::token_service& tokens, login_services logins,
                    finish_fn finish);

  void handle(const http::exchange_ptr& ex) const;

 private:
  void change(const http::exchange_ptr& ex, const std::string& address, const kitchen::actor& who) const;

  kitchen::account_service& accounts_;
  const auth::token_service& tokens_;
  login_services logins_;
  finish_fn finish_;
};

}  // namespace brigade::api

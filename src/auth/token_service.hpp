#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "auth/revocation_list.hpp"
#include "auth/verified_token_cache.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "kitchen/entities.hpp"

namespace brigade::auth {

// Error codes of a refused token, on REST (401) and in a Socket.IO
// CONNECT_ERROR's data.
inline constexpr std::string_view kTokenMissing = "token_missing";
inline constexpr std::string_view kTokenInvalid = "token_invalid";
inline constexpr std::string_view kTokenExpired = "token_expired";
/// A valid token that may only change its holder's password (REST 403, and
/// a Socket.IO CONNECT_ERROR's data): they logged in with a one-time
/// password and must choose their own first.
inline constexpr std::string_view kPasswordChangeRequired = "password_change_required";

/// The longest a password-change token lives (shorter when --token-ttl is).
inline constexpr std::chrono::seconds kPasswordChangeTokenTtl{15 * 60};

/// HS256 keys shorter than the hash (RFC 7518 section 3.2) are refused.
inline constexpr size_t kMinSecretLength = 32;

/// A token and when it stops being accepted.
struct issued_token {
  std::string token;
  timestamp expires_at;
};

/// Who a valid token speaks for, and until when.
struct verified_token {
  kitchen::actor who;
  timestamp expires_at;
  /// The staff member's token generation it was issued in (claim `gen`;
  /// 0 for screens and for tokens from before generations existed).
  int64_t generation = 0;
  /// A password-change token (claim pwchange): good for
  /// POST /api/auth/password only.
  bool password_change_only = false;
};

/// Issues and verifies the signed tokens that say who acts: staff after a
/// login, screens registered by a manager. Claims: sub (staff or device id,
/// as a string), name, role, restaurantId, tableId (table displays only),
/// pwchange (password-change tokens only), iat, nbf, exp, gen (the staff
/// member's token generation). Verification needs no database: a token is
/// trusted for its lifetime, which is why that lifetime is bounded
/// (--token-ttl), unless a revocation_list (checked in memory) says the
/// member was deactivated, their generation moved on, or the screen was
/// revoked.
/// Immutable after set-up but for a cache of decoded tokens; every member
/// is thread-safe.
class token_service {
 public:
  /// `ttl` for staff, `device_ttl` for screens (paired once, on the wall
  /// all day). Throws std::invalid_argument for a secret shorter than
  /// kMinSecretLength or a lifetime that is not positive.
  token_service(std::string secret, std::chrono::seconds ttl, std::chrono::seconds device_ttl,
                std::function<timestamp()> clock = now_utc);

  /// A token for `who`; a staff member's carries their current token
  /// `generation` (staff::token_generation).
  issued_token issue(const kitchen::actor& who, int64_t generation = 0) const {
    return issue(who, who.is_device() ? device_ttl_ : ttl_, generation);
  }
  issued_token issue(const kitchen::actor& who, std::chrono::seconds ttl, int64_t generation = 0) const;
  /// A token that lets a staff member who must change their password do
  /// that and nothing else (claim pwchange: true), for at most
  /// kPasswordChangeTokenTtl.
  issued_token issue_password_change(const kitchen::actor& who, int64_t generation = 0) const;

  /// Refuses tokens `revoked` names (token_revoked); set-up only, and
  /// `revoked` must outlive this service.
  void check_revocations(const revocation_list& revoked) noexcept { revoked_ = &revoked; }

  /// The actor of a well-signed, unexpired, well-formed token; otherwise
  /// `token_invalid` or `token_expired`, with a message saying what is wrong,
  /// or `password_change_required` for a password-change token: every
  /// caller refuses those unless it asks for them below, so a new way in
  /// cannot forget to.
  result<verified_token> verify(std::string_view token) const;
  /// The same, accepting password-change tokens too (password_change_only
  /// says which it was): for POST /api/auth/password alone.
  result<verified_token> verify_allowing_password_change(std::string_view token) const;

  std::chrono::seconds ttl() const noexcept { return ttl_; }

 private:
  issued_token sign(const kitchen::actor& who, std::chrono::seconds ttl, bool password_change,
                    int64_t generation) const;
  /// Checks the signature and reads the claims (the expiry first).
  result<token_claims> decode(std::string_view token, int64_t now) const;
  /// The checks that depend on the time and on revocations.
  result<verified_token> admit(const token_claims& claims, int64_t now) const;

  std::string secret_;
  std::chrono::seconds ttl_;
  std::chrono::seconds device_ttl_;
  std::function<timestamp()> clock_;
  const revocation_list* revoked_ = nullptr;
  // Tokens already decoded: a hit skips the HMAC and the JSON, never the
  // time or revocation checks (admit).
  mutable verified_token_cache verified_;
};

/// A random secret for development (32 random bytes, base64url).
std::string random_secret();

}  // namespace brigade::auth

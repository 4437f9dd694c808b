#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/errors.hpp"  // kUsernameTaken
#include "kitchen/ports.hpp"

namespace brigade::kitchen {

// Set-up and accounts (issue 18): creating a restaurant with its first
// manager (`brigade restaurant create`, the first-run page /setup) and a
// staff member changing their own password.

/// The first-run set-up was asked for, but a restaurant exists. 409.
inline constexpr std::string_view kAlreadySetUp = "already_set_up";

/// Bounds of what a person types in.
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxUsernameLength = 64;

/// A restaurant to create. Plain value type.
struct new_restaurant {
  std::string name;
  std::string timezone;  // IANA name, e.g. Europe/Paris
  std::string currency;  // ISO 4217, e.g. EUR
};

/// Its first manager. Plain value type.
struct new_manager {
  std::string name;  // empty: the username
  std::string username;
  std::string password;
  /// true for a password someone else chose (the command line's one-time
  /// password): the manager must change it at first login.
  bool must_change_password = false;
};

/// Whether creating a restaurant is the first-run set-up (refused with
/// already_set_up once any restaurant exists) or one more restaurant.
enum class creation_rule { first_restaurant_only, any };

/// What was created. Plain value type.
struct created_restaurant {
  restaurant place;
  staff manager;  // password_hash cleared
};

/// A restaurant and how many staff members it has. Plain value type.
struct restaurant_summary {
  restaurant place;
  int64_t staff_count = 0;
};

/// The field paths errors name (`restaurant.timezone`, `manager.password`,
/// …) are those of POST /api/setup's body; the messages say the same to a
/// person at the command line. Pure; thread-safe.
status validate_new_restaurant(const new_restaurant& request);
status validate_new_manager(const new_manager& request);
/// A new password: at least kMinPasswordLength characters, at most
/// kMaxCredentialBytes bytes. `field` names it in the error.
status validate_new_password(std::string_view password, std::string field);

/// The use cases above over the store. Rule violations come back as errors
/// (kitchen/errors.hpp and the codes above); store failures throw
/// store_failure. Methods that take a password run argon2id (about 0.1 s of
/// one core): call them off the I/O loops and, in the server, off the
/// database workers.
/// Thread-safety: every method may be called from any thread at once.
class account_service {
 public:
  explicit account_service(kitchen_store& store);

  /// Validates both, hashes the password and creates the restaurant (with
  /// the defaults of `restaurant`: order-number prefix A, pricing none)
  /// and its manager in one transaction. Errors: validation,
  /// username_taken, and already_set_up under first_restaurant_only (checked
  /// inside the transaction, so two set-ups at once cannot both succeed).
  result<created_restaurant> create_restaurant(const new_restaurant& place, const new_manager& manager,
                                               creation_rule rule);

  /// Whether the database holds any restaurant (set-up is open while not).
  bool has_restaurant();
  std::vector<restaurant_summary> restaurants();

  /// The staff member `by` changes their own password: `current` must be
  /// right (else unauthenticated, 401), `next` valid and different (else
  /// validation, 400). Clears must_change_password. Screens have no
  /// password: forbidden.
  /// On success `*generation` (when given) is the member's token
  /// generation, for the fresh token the caller issues.
  status change_password(const actor& by, std::string_view current, std::string_view next,
                         int64_t* generation = nullptr);

 private:
  kitchen_store& store_;
};

}  // namespace brigade::kitchen

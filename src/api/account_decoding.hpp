#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "kitchen/account_service.hpp"

namespace brigade::api {

// Bodies of the set-up and password routes (docs/api.md "Set-up and
// passwords"). Unknown fields are refused like everywhere else; what the
// values must be (a known time zone, a currency, a long enough password)
// is kitchen::account_service's to say. Pure functions; thread-safe.

/// POST /api/setup: {setupToken?, restaurant:{name, timezone, currency},
/// manager:{name?, username, password}}. The manager chose the password, so
/// no change is forced.
struct setup_request {
  std::string setup_token;  // "" when absent
  kitchen::new_restaurant restaurant;
  kitchen::new_manager manager;
};
result<setup_request> decode_setup(const nlohmann::json& body);

/// POST /api/auth/password: {currentPassword, newPassword}.
struct password_change_request {
  std::string current_password;
  std::string new_password;
};
result<password_change_request> decode_password_change(const nlohmann::json& body);

}  // namespace brigade::api

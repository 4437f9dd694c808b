#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/security_options.hpp"

namespace brigade::app {

/// What `brigade token` issues: a screen's token (role kitchen_display or
/// table_display, registered in the database like one a manager issues
/// with POST /api/auth/devices), or with `staff` a staff member's token
/// without a password, for set-up scripts on the server's own machine.
/// Plain value type.
struct token_options {
  std::string db_path = "brigade.db";
  std::string store_url;      // a PostgreSQL database instead (--store)
  security_options security;  // the secret and lifetimes; mode is ignored
  std::string staff;           // a username: a staff token instead of a screen
  std::string role = "kitchen_display";
  std::optional<int64_t> table;
  std::string name;
  std::optional<int64_t> restaurant;  // default: the database's only restaurant
  bool json = false;                  // print {token, expiresAt, …} instead of the bare token
};

/// Prints the token on stdout; returns the exit code (2 with a message on
/// stderr when the request cannot be met). Throws kitchen::store_failure
/// when the database cannot be opened.
int run_token_command(const token_options& options);

}  // namespace brigade::app

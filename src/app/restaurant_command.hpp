#pragma once

#include <iosfwd>
#include <string>

namespace brigade::app {

/// `brigade restaurant create` and `brigade restaurant list`: an operator
/// creates a restaurant with its first manager, or lists them, on the
/// server's database (safe while the server runs: SQLite WAL, one writer at
/// a time; or PostgreSQL). Plain value type.
struct restaurant_options {
  std::string db_path = "brigade.db";
  std::string store_url;  // a PostgreSQL database instead (--store)
  std::string name;
  std::string timezone;  // IANA, e.g. Europe/Paris
  std::string currency;  // ISO 4217, e.g. EUR
  std::string manager;   // the first manager's username
  std::string manager_name;
  /// Read the manager's password from the first line of standard input
  /// instead of printing a one-time password.
  bool password_stdin = false;
  bool json = false;
};

/// Creates the restaurant (order-number prefix A, no pricing rules) and its
/// manager. Without password_stdin the manager gets a random one-time
/// password, printed once, which they must change at first login. Returns
/// the exit code: 0, or 2 with one line on stderr when the request cannot be
/// met (a missing option, an unknown time zone or currency, a taken
/// username). Throws kitchen::store_failure when the database cannot be used.
int run_restaurant_create(const restaurant_options& options, std::istream& password_input);

/// Prints every restaurant: id, name, time zone, currency, staff count (a
/// table, or a JSON array with `json`). Returns the exit code.
int run_restaurant_list(const restaurant_options& options);

}  // namespace brigade::app

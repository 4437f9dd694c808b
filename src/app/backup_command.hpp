#pragma once

#include <string>

namespace brigade::app {

/// What `brigade backup` copies and where. Plain value type.
struct backup_options {
  std::string db_path = "brigade.db";
  std::string destination;  // --to FILE
  bool force = false;       // replace an existing FILE
};

/// Copies the live database into `destination` while servers keep running
/// (store::copy_live_database): written to a temporary file beside it,
/// checked, flushed, then renamed into place, so the final name only ever
/// holds a whole, checked backup. Prints one line on stdout (size, pages,
/// seconds) and returns 0, or one line on stderr and returns 1. Throws
/// nothing.
int run_backup_command(const backup_options& options);

}  // namespace brigade::app

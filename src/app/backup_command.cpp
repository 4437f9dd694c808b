#include "app/backup_command.hpp"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "store/backup.hpp"

namespace brigade::app {
namespace {

namespace fs = std::filesystem;

// A refusal or failure, said in one line by run_backup_command.
struct backup_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string system_error_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// What must hold before any copying starts, so a refusal costs nothing.
void check_destination(const backup_options& options) {
  std::error_code ec;
  const fs::path target{options.destination};
  if (!fs::exists(target, ec)) return;
  if (fs::is_directory(target, ec))
    throw backup_failure(fmt::format("{} is a directory: --to names the backup file", options.destination));
  if (fs::equivalent(target, options.db_path, ec))
    throw backup_failure(fmt::format("{} is the database itself", options.destination));
  if (!options.force)
    throw backup_failure(fmt::format("{} already exists (--force replaces it)", options.destination));
}

// The temporary file beside the destination (same directory, so the rename
// is atomic), created empty with mode 0600: a backup holds password hashes.
std::string create_temporary_beside(const std::string& destination) {
  std::string name = destination + ".partial-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    const auto directory = fs::path{destination}.parent_path();
    throw backup_failure(fmt::format("cannot write in {}: {}", directory.empty() ? "." : directory.string(),
                                     system_error_text(errno)));
  }
  ::close(fd);
  return name;
}

// The temporary file and anything SQLite may have left beside it.
void remove_temporary(const std::string& name) noexcept {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((name + suffix).c_str());
}

// Flushes a file or directory to the disk: the copy before it gets its
// final name, the directory so the rename survives a power cut.
void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw backup_failure(fmt::format("flushing {}: {}", path, system_error_text(error)));
  }
  ::close(fd);
}

// Gives the checked copy its final name. Without --force it never replaces
// a file that appeared meanwhile (RENAME_NOREPLACE, or a last look where
// the file system cannot do that, e.g. vfat).
void move_into_place(const std::string& temporary, const backup_options& options) {
  int rc = 0;
  if (options.force) {
    rc = ::rename(temporary.c_str(), options.destination.c_str());
  } else {
    rc = ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, options.destination.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
      check_destination(options);
      rc = ::rename(temporary.c_str(), options.destination.c_str());
    }
  }
  if (rc != 0) {
    if (errno == EEXIST) check_destination(options);  // says which refusal
    throw backup_failure(fmt::format("renaming {} to {}: {}", temporary, options.destination,
                                     system_error_text(errno)));
  }
}

std::string human_size(uintmax_t bytes) {
  if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024 * 1024));
}

}  // namespace

int run_backup_command(const backup_options& options) {
  const auto started = std::chrono::steady_clock::now();
  std::string temporary;
  try {
    check_destination(options);
    temporary = create_temporary_beside(options.destination);
    const store::backup_report report = store::copy_live_database(options.db_path, temporary);
    sync_path(temporary, O_RDONLY);
    move_into_place(temporary, options);
    temporary.clear();
    const auto directory = fs::path{options.destination}.parent_path();
    sync_path(directory.empty() ? "." : directory.string(), O_RDONLY | O_DIRECTORY);

    const auto bytes = fs::file_size(options.destination);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::cout << fmt::format("backed up {} to {}: {} ({} bytes), {} pages, schema version {}, integrity ok, {:.2f} s\n",
                             options.db_path, options.destination, human_size(bytes), bytes, report.pages,
                             report.schema_version, took.count());
    return 0;
  } catch (const std::exception& failure) {
    // backup_failure, kitchen::store_failure (SQLite's message, naming the
    // file) or std::filesystem_error: all one line.
    if (!temporary.empty()) remove_temporary(temporary);
    std::cerr << "brigade backup: " << failure.what() << "\n";
    return 1;
  }
}

}  // namespace brigade::app

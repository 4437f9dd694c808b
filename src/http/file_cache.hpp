#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace brigade::http {

/// A regular file's contents and identity as read at one moment.
/// Immutable once made; shared by every response that sends it.
struct cached_file {
  std::string body;
  /// Modification time in nanoseconds since the epoch.
  int64_t mtime_ns = 0;
  /// `"<size>-<mtime>"` in hex: changes whenever a new build rewrites the
  /// file. Empty when the file changed while it was read (not cached then).
  std::string etag;
};

/// Reads regular files into memory and keeps them, keyed by path, checking
/// size and modification time with one stat() on every look-up: a new build
/// of the web apps is picked up without a restart, and a file is read from
/// disk once per version instead of once per request.
///
/// Why memory rather than reading per request or loading once: the files are
/// few and small (a Vite build is a few hundred KB), so reading them on the
/// I/O loop costs about as much as a stat, once; loading everything at
/// start-up would miss `npm run build` while the server runs (index.html is
/// revalidated by browsers precisely so that a new build is seen).
///
/// Bounds: a file over `max_file_size` is refused (`too_large`), and when the
/// cached bytes would pass `max_total_size` the cache is emptied first (old
/// builds' files are then dropped too).
/// Thread-safety: `get` may run on every I/O loop at once (a shared mutex
/// guards the map; no lock is held while reading a file).
class file_cache {
 public:
  enum class outcome : uint8_t { found, missing, too_large };
  struct lookup {
    outcome status = outcome::missing;
    std::shared_ptr<const cached_file> file;  // set when found
  };

  /// 16 MiB: far above any asset a web build emits, far below what would
  /// strain memory; 64 MiB of cache holds several builds.
  explicit file_cache(size_t max_file_size = 16u << 20, size_t max_total_size = 64u << 20)
      : max_file_size_(max_file_size), max_total_size_(max_total_size) {}

  /// The current contents of the regular file at `path` (a canonical path:
  /// its last component must not be a symlink). `missing` for anything that
  /// cannot be served: absent, a directory or device, unreadable.
  lookup get(const std::string& path);

 private:
  std::shared_ptr<const cached_file> find(const std::string& path, int64_t size, int64_t mtime_ns) const;
  void store(const std::string& path, std::shared_ptr<const cached_file> file);

  const size_t max_file_size_;
  const size_t max_total_size_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const cached_file>> files_;
  size_t total_size_ = 0;
};

}  // namespace brigade::http

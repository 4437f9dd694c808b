#include "http/file_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <mutex>

namespace brigade::http {
namespace {

int64_t mtime_of(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

std::string make_etag(int64_t size, int64_t mtime_ns) {
  char text[48];
  std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime_ns));
  return text;
}

// Closes the descriptor on every path out.
class file_descriptor {
 public:
  explicit file_descriptor(int fd) : fd_(fd) {}
  file_descriptor(const file_descriptor&) = delete;
  file_descriptor& operator=(const file_descriptor&) = delete;
  ~file_descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Reads all of `fd` (at most `limit` + 1 bytes, to notice a file that grew
// past the limit); false on a read error.
bool read_all(int fd, size_t limit, std::string& out) {
  char chunk[64 * 1024];
  while (out.size() <= limit) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

file_cache::lookup file_cache::get(const std::string& path) {
  // lstat: the caller resolved every symlink, so one here was swapped in
  // since; it is not followed (nor is it below: O_NOFOLLOW).
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  if (static_cast<uint64_t>(st.st_size) > max_file_size_) return {outcome::too_large, nullptr};
  if (auto hit = find(path, st.st_size, mtime_of(st))) return {outcome::found, std::move(hit)};

  const file_descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat before {};
  if (fd.get() < 0 || ::fstat(fd.get(), &before) != 0 || !S_ISREG(before.st_mode)) return {};
  auto file = std::make_shared<cached_file>();
  if (!read_all(fd.get(), max_file_size_, file->body)) return {};
  if (file->body.size() > max_file_size_) return {outcome::too_large, nullptr};
  // A file rewritten while it was read (a build in progress) is served as
  // read, without an ETag (it may not match the version on disk), and not
  // kept: the next request reads it again.
  struct stat after {};
  const bool stable = ::fstat(fd.get(), &after) == 0 && after.st_size == before.st_size &&
                      mtime_of(after) == mtime_of(before) && static_cast<size_t>(before.st_size) == file->body.size();
  file->mtime_ns = mtime_of(before);
  if (!stable) return {outcome::found, std::move(file)};
  file->etag = make_etag(static_cast<int64_t>(file->body.size()), file->mtime_ns);
  store(path, file);
  return {outcome::found, std::move(file)};
}

std::shared_ptr<const cached_file> file_cache::find(const std::string& path, int64_t size, int64_t mtime_ns) const {
  const std::shared_lock lock(mutex_);
  const auto it = files_.find(path);
  if (it == files_.end()) return nullptr;
  const auto& file = it->second;
  if (static_cast<int64_t>(file->body.size()) != size || file->mtime_ns != mtime_ns) return nullptr;
  return file;
}

void file_cache::store(const std::string& path, std::shared_ptr<const cached_file> file) {
  if (file->body.size() > max_total_size_) return;
  const std::unique_lock lock(mutex_);
  const auto it = files_.find(path);
  if (it != files_.end()) {
    total_size_ -= it->second->body.size();
    files_.erase(it);
  }
  if (total_size_ + file->body.size() > max_total_size_) {
    files_.clear();
    total_size_ = 0;
  }
  total_size_ += file->body.size();
  files_.emplace(path, std::move(file));
}

}  // namespace brigade::http

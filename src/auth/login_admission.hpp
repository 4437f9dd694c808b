#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace brigade::auth {

/// Bounds the logins between arrival and answer, so a flood of logins
/// cannot queue argon2id work without end: at most `capacity` at once in
/// all, and at most `per_address` from one address (one address cannot take
/// every place). A login that finds no place is refused at once (429) rather
/// than queued.
/// Thread-safety: every member may be called from any thread at once. A
/// `place` may be released on any thread; the admission must outlive it.
class login_admission {
 public:
  struct settings {
    /// A 2-core machine hashes about 10 passwords a second: 16 is under two
    /// seconds of work, more than a restaurant's shift change needs.
    size_t capacity = 16;
    size_t per_address = 4;
  };

  /// One admitted login's place, given back when the last copy of its
  /// pointer goes.
  class place {
   public:
    place(login_admission& owner, std::string address) : owner_(owner), address_(std::move(address)) {}
    place(const place&) = delete;
    place& operator=(const place&) = delete;
    ~place() { owner_.leave(address_); }

   private:
    login_admission& owner_;
    std::string address_;
  };

  enum class refusal { none, address_busy, full };
  struct entry {
    std::shared_ptr<place> held;  // null when refused
    refusal why = refusal::none;
  };

  login_admission() : login_admission(settings{}) {}
  explicit login_admission(settings s) : settings_(s) {}

  entry try_enter(std::string_view address);
  /// Logins admitted and not yet answered.
  size_t in_flight() const;

 private:
  void leave(const std::string& address);

  settings settings_;
  mutable std::mutex mutex_;
  size_t total_ = 0;
  std::unordered_map<std::string, size_t> per_address_;  // only addresses with a login in flight
};

}  // namespace brigade::auth

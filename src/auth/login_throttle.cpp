#include "auth/login_throttle.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace brigade::auth {
namespace {

// Usernames and addresses are short; a longer key would only waste memory.
constexpr size_t kMaxKeyPart = 128;

std::string_view bounded(std::string_view text) { return text.substr(0, kMaxKeyPart); }

// '\n' appears in neither an address nor (after decoding) a username we
// store, so two different pairs never share a key.
std::string pair_key(std::string_view address, std::string_view username) {
  std::string key(bounded(address));
  key += '\n';
  key += bounded(username);
  return key;
}

}  // namespace

login_throttle::login_throttle(settings s)
    : settings_(s),
      pairs_({s.max_delay, s.forget_after, s.max_entries}),
      addresses_({s.max_delay, s.forget_after, s.max_entries}),
      usernames_({s.max_delay, s.forget_after, s.max_entries}) {}

std::optional<std::chrono::seconds> login_throttle::wait_before_attempt(std::string_view address,
                                                                        std::string_view username,
                                                                        clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto pair = pairs_.wait(pair_key(address, username), now);
  const auto whole_address = addresses_.wait(bounded(address), now);
  if (!pair) return whole_address;
  if (!whole_address) return pair;
  return std::max(*pair, *whole_address);
}

void login_throttle::record_failure(std::string_view address, std::string_view username, clock::time_point now) {
  std::lock_guard lock(mutex_);
  // The username table only counts: its own wait is never asked for.
  usernames_.fail(bounded(username), now, std::numeric_limits<unsigned>::max());
  const bool under_attack = usernames_.failures(bounded(username), now) >= settings_.username_alarm;
  pairs_.fail(pair_key(address, username), now, under_attack ? 1 : settings_.pair_free_attempts);
  addresses_.fail(bounded(address), now, settings_.address_free_attempts);
}

void login_throttle::record_success(std::string_view address, std::string_view username) {
  std::lock_guard lock(mutex_);
  pairs_.clear(pair_key(address, username));
}

}  // namespace brigade::auth

#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "kitchen/entities.hpp"

namespace brigade::auth {

/// Error code of a token that was well signed and unexpired but is no
/// longer accepted (401 on REST, a CONNECT_ERROR's data.code on sockets).
inline constexpr std::string_view kTokenRevoked = "token_revoked";

/// Tokens that must stop working before they expire: a staff member's
/// tokens issued in an older generation than theirs (their role changed or
/// their password was reset), every token of a deactivated member, and every
/// token of a revoked screen. Loaded from the store at start-up and kept
/// current by the back office, before it answers, so a revoked token fails
/// from the next request on. Staff and device ids are unique across
/// restaurants (store primary keys).
/// Thread-safety: every member may be called from any thread (a shared
/// mutex: token checks only read).
class revocation_list {
 public:
  /// Replaces everything with what the store says.
  void load(const kitchen::access_revocations& all);
  /// A staff member's current generation and whether they may log in.
  void set_staff(kitchen::staff_id id, int64_t generation, bool active);
  void revoke_device(kitchen::device_id id);

  /// Why a token of `who` issued in `generation` is refused now, or
  /// nullopt when it is not.
  std::optional<std::string_view> refusal(const kitchen::actor& who, int64_t generation) const;

 private:
  struct staff_state {
    int64_t generation = 0;
    bool active = true;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<kitchen::staff_id, staff_state> staff_;
  std::unordered_set<kitchen::device_id> revoked_devices_;
};

}  // namespace brigade::auth

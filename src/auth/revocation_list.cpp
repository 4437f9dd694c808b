#include "auth/revocation_list.hpp"

#include <mutex>

namespace brigade::auth {

void revocation_list::load(const kitchen::access_revocations& all) {
  std::unique_lock lock(mutex_);
  staff_.clear();
  revoked_devices_.clear();
  for (const auto& member : all.staff) staff_[member.id] = {member.token_generation, member.active};
  revoked_devices_.insert(all.revoked_devices.begin(), all.revoked_devices.end());
}

void revocation_list::set_staff(kitchen::staff_id id, int64_t generation, bool active) {
  std::unique_lock lock(mutex_);
  staff_[id] = {generation, active};
}

void revocation_list::revoke_device(kitchen::device_id id) {
  std::unique_lock lock(mutex_);
  revoked_devices_.insert(id);
}

std::optional<std::string_view> revocation_list::refusal(const kitchen::actor& who, int64_t generation) const {
  std::shared_lock lock(mutex_);
  if (who.is_device()) {
    if (revoked_devices_.contains(who.id)) return "This screen was revoked by a manager; pair it again";
    return std::nullopt;
  }
  const auto found = staff_.find(who.id);
  if (found == staff_.end()) return std::nullopt;
  if (!found->second.active) return "This account was deactivated by a manager";
  if (generation < found->second.generation) {
    return "This token was revoked (the account's role or password changed); log in again";
  }
  return std::nullopt;
}

}  // namespace brigade::auth

#include "auth/verified_token_cache.hpp"

namespace brigade::auth {

std::optional<token_claims> verified_token_cache::find(std::string_view token) const {
  std::lock_guard lock(mutex_);
  const auto it = claims_.find(token);
  if (it == claims_.end()) return std::nullopt;
  return it->second;
}

void verified_token_cache::remember(std::string_view token, const token_claims& claims) {
  std::lock_guard lock(mutex_);
  if (claims_.size() >= capacity_) claims_.clear();
  claims_.insert_or_assign(std::string(token), claims);
}

}  // namespace brigade::auth

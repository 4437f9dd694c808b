#include "auth/login_admission.hpp"

namespace brigade::auth {

login_admission::entry login_admission::try_enter(std::string_view address) {
  std::string key(address);
  {
    std::lock_guard lock(mutex_);
    if (total_ >= settings_.capacity) return {nullptr, refusal::full};
    auto& mine = per_address_[key];
    if (mine >= settings_.per_address) return {nullptr, refusal::address_busy};
    ++mine;
    ++total_;
  }
  return {std::make_shared<place>(*this, std::move(key)), refusal::none};
}

size_t login_admission::in_flight() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void login_admission::leave(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  // Entries exist only while a login is in flight, so the map stays as
  // small as the number of places.
  if (auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

}  // namespace brigade::auth

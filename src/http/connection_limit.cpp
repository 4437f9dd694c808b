#include "http/connection_limit.hpp"

namespace brigade::http {

connection_slot& connection_slot::operator=(connection_slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::move(other.owner_);
    address_ = std::move(other.address_);
  }
  return *this;
}

connection_slot::~connection_slot() {
  release();
}

void connection_slot::release() noexcept {
  if (!owner_) return;
  owner_->release(address_);
  owner_.reset();
}

std::shared_ptr<connection_limit> connection_limit::create(size_t max_per_address) {
  return std::shared_ptr<connection_limit>(new connection_limit(max_per_address));
}

std::optional<connection_slot> connection_limit::try_admit(const std::string& address) {
  if (max_ == 0) return connection_slot{};
  {
    std::lock_guard lock(mutex_);
    size_t& open = open_[address];
    if (open >= max_) return std::nullopt;
    ++open;
  }
  return connection_slot(shared_from_this(), address);
}

size_t connection_limit::open_from(const std::string& address) const {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

void connection_limit::release(const std::string& address) noexcept {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  if (it == open_.end()) return;
  // Forget addresses with no connection, so the map holds only live ones.
  if (--it->second == 0) open_.erase(it);
}

}  // namespace brigade::http

#include "socketio/room_index.hpp"

#include <algorithm>

#include "socketio/socket.hpp"

namespace brigade::socketio {

size_t room_index::by_id::operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
size_t room_index::by_id::operator()(const socket* s) const noexcept { return (*this)(s->id()); }
bool room_index::by_id::operator()(std::string_view id, const socket* s) const noexcept { return id == s->id(); }
bool room_index::by_id::operator()(const socket* s, std::string_view id) const noexcept { return s->id() == id; }

void room_index::add(socket& s) {
  sockets_.insert(&s);
  s.all_position_ = static_cast<uint32_t>(all_.size());
  all_.push_back(&s);
}

void room_index::remove(socket& s) {
  while (!s.memberships_.empty()) leave(s, *s.memberships_.back().in->name);
  if (sockets_.erase(&s) == 0) return;
  const uint32_t position = s.all_position_;
  socket* moved = all_.back();
  all_[position] = moved;
  moved->all_position_ = position;
  all_.pop_back();
}

bool room_index::join(socket& s, const std::string& name) {
  auto [it, inserted] = rooms_.try_emplace(name);
  room& r = it->second;
  if (inserted) r.name = &it->first;
  for (const auto& m : s.memberships_) {
    if (m.in == &r) return false;  // already a member
  }
  s.memberships_.push_back({&r, static_cast<uint32_t>(r.members.size())});
  r.members.push_back(&s);
  publish(inserted ? 1 : 0, 1);
  return true;
}

bool room_index::leave(socket& s, std::string_view name) {
  auto& list = s.memberships_;
  auto mine = std::find_if(list.begin(), list.end(), [&](const membership& m) { return *m.in->name == name; });
  if (mine == list.end()) return false;
  room& r = *mine->in;
  const uint32_t position = mine->position;
  *mine = list.back();
  list.pop_back();
  // Swap-remove from the room, then fix the moved member's recorded position.
  socket* moved = r.members.back();
  r.members[position] = moved;
  r.members.pop_back();
  if (moved != &s) {
    for (auto& m : moved->memberships_) {
      if (m.in == &r) {
        m.position = position;
        break;
      }
    }
  }
  const bool emptied = r.members.empty();
  if (emptied) rooms_.erase(*r.name);
  publish(emptied ? -1 : 0, -1);
  return true;
}

void room_index::publish(int64_t rooms_delta, int64_t members_delta) noexcept {
  // Only this loop writes: no read-modify-write needed.
  published_rooms_.store(published_rooms_.load(std::memory_order_relaxed) + rooms_delta, std::memory_order_relaxed);
  published_members_.store(published_members_.load(std::memory_order_relaxed) + members_delta,
                           std::memory_order_relaxed);
}

template <typename Visit>
void room_index::visit_named(const std::string& name, Visit&& visit) {
  if (auto it = rooms_.find(name); it != rooms_.end()) {
    for (socket* s : it->second.members) visit(*s);
  } else if (auto sit = sockets_.find(std::string_view(name)); sit != sockets_.end()) {
    visit(**sit);
  }
}

void room_index::for_each_target(const std::vector<std::string>& rooms, const std::vector<std::string>& except,
                                 const std::function<void(socket&)>& deliver) {
  // One epoch per broadcast marks sockets already served or excluded, so a
  // socket in several target rooms receives the packet once.
  const uint64_t epoch = ++epoch_;
  for (const auto& name : except) visit_named(name, [&](socket& s) { s.seen_epoch_ = epoch; });
  auto visit = [&](socket& s) {
    if (s.seen_epoch_ == epoch) return;
    s.seen_epoch_ = epoch;
    deliver(s);
  };
  if (rooms.empty()) {
    // Copy: a delivery may disconnect a slow consumer and reshape all_.
    const std::vector<socket*> everyone = all_;
    for (socket* s : everyone) visit(*s);
    return;
  }
  for (const auto& name : rooms) visit_named(name, visit);
}

std::vector<std::string> room_index::room_names() const {
  std::vector<std::string> names;
  names.reserve(rooms_.size() + sockets_.size());
  for (const auto& [name, r] : rooms_) names.push_back(name);
  for (const socket* s : sockets_) names.push_back(s->id());
  return names;
}

}  // namespace brigade::socketio

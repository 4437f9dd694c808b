#include "kitchen/announcement_sequencer.hpp"

#include <algorithm>
#include <iterator>

namespace brigade::kitchen {

namespace {

/// Events read from the store per round trip while catching up.
constexpr size_t kCatchUpPage = 256;

}  // namespace

announcement_sequencer::announcement_sequencer(kitchen_store& store, std::vector<event_subscriber*> downstream)
    : store_(store), downstream_(std::move(downstream)) {}

void announcement_sequencer::start_from(const std::vector<std::pair<restaurant_id, uint64_t>>& heads) {
  std::lock_guard lock(mutex_);
  for (const auto& [r, head] : heads) {
    uint64_t& last = announced_[r];
    last = std::max(last, head);
  }
}

uint64_t announcement_sequencer::announced(restaurant_id r) const {
  std::lock_guard lock(mutex_);
  const auto it = announced_.find(r);
  return it == announced_.end() ? 0 : it->second;
}

void announcement_sequencer::publish_all(const std::vector<domain_event>& events) {
  if (events.empty()) return;
  std::lock_guard lock(mutex_);
  // A command's events are one restaurant's, in order; runs of one
  // restaurant are taken one at a time all the same.
  for (auto begin = events.begin(); begin != events.end();) {
    const restaurant_id r = begin->restaurant;
    const auto end = std::find_if(begin, events.end(), [r](const domain_event& e) { return e.restaurant != r; });
    // Commits of other nodes came between: this node's screens get them first.
    if (begin->sequence > 1) announce_from_store(r, begin->sequence - 1);
    uint64_t& last = announced_[r];
    // Sequences rise within a run: what a notification brought here first
    // is a prefix of it.
    const auto first_fresh = std::find_if(begin, end, [last](const domain_event& e) { return e.sequence > last; });
    if (first_fresh != begin) hand_down(std::vector<domain_event>(begin, first_fresh), reach::other_nodes);
    if (first_fresh != end) {
      last = std::prev(end)->sequence;
      // The usual case, one node's whole commit, is handed on without a copy.
      if (first_fresh == events.begin() && end == events.end()) {
        hand_down(events, reach::everywhere);
      } else {
        hand_down(std::vector<domain_event>(first_fresh, end), reach::everywhere);
      }
    }
    begin = end;
  }
}

void announcement_sequencer::committed_elsewhere(restaurant_id r, uint64_t last) {
  std::lock_guard lock(mutex_);
  announce_from_store(r, last);
}

void announcement_sequencer::catch_up() {
  std::vector<std::pair<restaurant_id, uint64_t>> heads;
  store_.read([&](kitchen_reader& reader) {
    for (const auto& r : reader.restaurants()) heads.emplace_back(r.id, reader.last_sequence(r.id));
  });
  std::lock_guard lock(mutex_);
  for (const auto& [r, head] : heads) announce_from_store(r, head);
}

void announcement_sequencer::announce_from_store(restaurant_id r, uint64_t last) {
  uint64_t& announced = announced_[r];
  while (announced < last) {
    std::vector<domain_event> page;
    store_.read([&](kitchen_reader& reader) {
      page = reader.events_after(r, announced, std::min<uint64_t>(kCatchUpPage, last - announced), kNoByteLimit);
    });
    if (page.empty()) return;  // not visible yet: the notification or commit that makes it so follows
    std::erase_if(page, [last](const domain_event& e) { return e.sequence > last; });
    if (page.empty()) return;
    announced = page.back().sequence;
    hand_down(page, reach::this_node);
  }
}

void announcement_sequencer::hand_down(const std::vector<domain_event>& events, reach where) {
  for (event_subscriber* subscriber : downstream_) subscriber->publish_all(events, where);
}

}  // namespace brigade::kitchen

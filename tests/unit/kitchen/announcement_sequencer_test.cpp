// The announcement sequencer (kitchen/announcement_sequencer.hpp): every
// event of a shared outbox reaches this node's subscribers once, in order,
// whichever node committed it; the committing node also tells the others.

#include "kitchen/announcement_sequencer.hpp"

#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "memory_store.hpp"

namespace brigade::kitchen {
namespace {

/// What a subscriber was handed: each call's sequences and reach.
struct handed {
  std::vector<uint64_t> sequences;
  reach where;
  bool operator==(const handed&) const = default;
};

class recording_subscriber final : public event_subscriber {
 public:
  void publish(const domain_event& e) override { publish_all({e}, reach::everywhere); }
  void publish_all(const std::vector<domain_event>& events) override { publish_all(events, reach::everywhere); }
  void publish_all(const std::vector<domain_event>& events, reach where) override {
    handed h{{}, where};
    for (const auto& e : events) h.sequences.push_back(e.sequence);
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(h));
  }
  std::vector<handed> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<handed> calls_;
};

struct sequencer_fixture : ::testing::Test {
  testing::memory_store store;
  recording_subscriber subscriber;
  announcement_sequencer sequencer{store, {&subscriber}};
  restaurant_id r = 0;

  sequencer_fixture() {
    EXPECT_TRUE(store.transact([&](unit_of_work& uow) {
      restaurant place;
      place.name = "Chez Test";
      uow.save_restaurant(place);
      r = place.id;
      return ok_v;
    }));
    sequencer.start_from({{r, 0}});
  }

  /// Commits `count` stats events of the restaurant, as any node would;
  /// returns them with their sequences.
  std::vector<domain_event> commit(size_t count) {
    std::vector<domain_event> events(count);
    for (auto& e : events) {
      e.type = event_type::kitchen_stats_changed;
      e.restaurant = r;
      e.stats = kitchen_stats{};
    }
    EXPECT_TRUE(store.transact([&](unit_of_work& uow) {
      uow.append_events(events);
      return ok_v;
    }));
    return events;
  }
};

TEST_F(sequencer_fixture, passes_this_nodes_commits_through_to_everyone_when_nothing_came_between) {
  sequencer.publish_all(commit(2));
  sequencer.publish_all(commit(1));
  EXPECT_EQ(subscriber.calls(), (std::vector<handed>{{{1, 2}, reach::everywhere}, {{3}, reach::everywhere}}));
  EXPECT_EQ(sequencer.announced(r), 3u);
}

TEST_F(sequencer_fixture, announces_here_first_what_other_nodes_committed_before_this_nodes_commit) {
  commit(2);  // another node's
  sequencer.publish_all(commit(1));
  EXPECT_EQ(subscriber.calls(), (std::vector<handed>{{{1, 2}, reach::this_node}, {{3}, reach::everywhere}}));
}

TEST_F(sequencer_fixture, reads_another_nodes_commit_when_told_and_announces_it_here_once) {
  commit(3);
  sequencer.committed_elsewhere(r, 2);
  sequencer.committed_elsewhere(r, 3);
  sequencer.committed_elsewhere(r, 3);  // told twice
  sequencer.committed_elsewhere(r, 1);  // told late
  EXPECT_EQ(subscriber.calls(), (std::vector<handed>{{{1, 2}, reach::this_node}, {{3}, reach::this_node}}));
}

TEST_F(sequencer_fixture, an_own_commit_read_first_through_a_later_notification_still_reaches_the_other_servers) {
  const auto ours = commit(1);  // committed here, not yet announced
  commit(1);                    // then another node's
  sequencer.committed_elsewhere(r, 2);
  sequencer.publish_all(ours);  // this node's announcement turn comes
  EXPECT_EQ(subscriber.calls(), (std::vector<handed>{{{1, 2}, reach::this_node}, {{1}, reach::other_nodes}}));
}

TEST_F(sequencer_fixture, catch_up_announces_every_restaurants_missing_events_and_start_from_skips_the_past) {
  commit(2);
  restaurant_id second = 0;
  EXPECT_TRUE(store.transact([&](unit_of_work& uow) {
    restaurant place;
    place.name = "Second";
    uow.save_restaurant(place);
    second = place.id;
    std::vector<domain_event> events(1);
    events[0].type = event_type::kitchen_stats_changed;
    events[0].restaurant = second;
    events[0].stats = kitchen_stats{};
    uow.append_events(events);
    return ok_v;
  }));
  sequencer.start_from({{r, 1}});  // the first was there before this node started
  sequencer.catch_up();
  EXPECT_EQ(subscriber.calls(), (std::vector<handed>{{{2}, reach::this_node}, {{1}, reach::this_node}}));
  EXPECT_EQ(sequencer.announced(second), 1u);
  sequencer.catch_up();
  EXPECT_EQ(subscriber.calls().size(), 2u);
}

TEST_F(sequencer_fixture, a_long_gap_is_read_in_pages_and_announced_in_order) {
  commit(600);
  sequencer.committed_elsewhere(r, 600);
  uint64_t next = 1;
  for (const auto& call : subscriber.calls()) {
    EXPECT_EQ(call.where, reach::this_node);
    for (const uint64_t s : call.sequences) EXPECT_EQ(s, next++);
  }
  EXPECT_EQ(next, 601u);
  EXPECT_GT(subscriber.calls().size(), 1u);
}

}  // namespace
}  // namespace brigade::kitchen

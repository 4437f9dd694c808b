#include "realtime/event_broadcaster.hpp"

#include <chrono>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "realtime/event_routes.hpp"
#include "recording_emitter.hpp"
#include "sample_events.hpp"

namespace brigade::realtime {
namespace {

using namespace std::chrono_literals;
using kitchen::event_type;
using testing::recording_emitter;
using testing::sample_event;

class event_broadcaster_test : public ::testing::Test {
 protected:
  boost::asio::io_context timers_;
  recording_emitter out_;
  stats_throttle throttle_{timers_.get_executor(), 1h, out_};
  event_broadcaster broadcaster_{out_, throttle_};
};

TEST_F(event_broadcaster_test, emits_every_routed_event_of_a_domain_event_in_table_order) {
  for (auto type : {event_type::order_created, event_type::ticket_ready, event_type::order_cancelled}) {
    const auto event = sample_event(type);
    const auto before = out_.sent().size();
    broadcaster_.publish(event);
    const auto sent = out_.sent();
    const auto expected = route(event);
    ASSERT_EQ(sent.size() - before, expected.size()) << kitchen::to_string(type);
    for (size_t i = 0; i < expected.size(); ++i) {
      const auto& got = sent[before + i];
      EXPECT_EQ(got.restaurant, event.restaurant);
      EXPECT_EQ(got.name, expected[i].name);
      EXPECT_EQ(got.rooms, expected[i].rooms);
      EXPECT_EQ(got.payload, expected[i].payload);
    }
  }
}

TEST_F(event_broadcaster_test, a_commands_events_leave_together_in_order) {
  const std::vector<kitchen::domain_event> events{sample_event(event_type::order_created),
                                                  sample_event(event_type::order_confirmed)};
  broadcaster_.publish_all(events);
  const auto sent = out_.sent();
  const auto first = route(events[0]);
  const auto second = route(events[1]);
  ASSERT_EQ(sent.size(), first.size() + second.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].together, 1) << "every emit of the command in one hand-over: " << sent[i].name;
    EXPECT_EQ(sent[i].name, i < first.size() ? first[i].name : second[i - first.size()].name);
  }
}

TEST_F(event_broadcaster_test, stats_go_through_the_throttle) {
  auto first = sample_event(event_type::kitchen_stats_changed);
  broadcaster_.publish(first);
  auto second = first;
  second.stats->pending += 1;
  broadcaster_.publish(second);  // within the (hour-long) interval: held back
  const auto sent = out_.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].name, "kitchen:stats_update");
  EXPECT_EQ(sent[0].payload, route(first)[0].payload);
}

TEST_F(event_broadcaster_test, an_announcement_keeps_its_reach_and_the_other_servers_get_no_throttled_update) {
  const auto order = sample_event(event_type::order_created);
  broadcaster_.publish_all({order}, kitchen::reach::this_node);
  broadcaster_.publish_all({order}, kitchen::reach::other_nodes);
  broadcaster_.publish_all({sample_event(event_type::kitchen_stats_changed)}, kitchen::reach::other_nodes);
  const auto sent = out_.sent();
  const size_t routed = route(order).size();
  ASSERT_EQ(sent.size(), 2 * routed);
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].where, i < routed ? kitchen::reach::this_node : kitchen::reach::other_nodes) << i;
  }
  broadcaster_.publish_all({sample_event(event_type::kitchen_stats_changed)}, kitchen::reach::this_node);
  ASSERT_EQ(out_.sent().size(), 2 * routed + 1);
  EXPECT_EQ(out_.sent().back().name, "kitchen:stats_update");
}

TEST_F(event_broadcaster_test, an_event_missing_its_subject_sends_nothing) {
  auto broken = sample_event(event_type::ticket_ready);
  broken.order.reset();
  broadcaster_.publish(broken);
  EXPECT_TRUE(out_.sent().empty());
}

}  // namespace
}  // namespace brigade::realtime

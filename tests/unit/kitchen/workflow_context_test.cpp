#include "kitchen/workflow_context.hpp"

#include <gtest/gtest.h>

#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace testing;

TEST(make_event, fills_type_restaurant_time_actor_and_snapshot) {
  const order o = stored_order();
  const domain_event e =
      workflow::make_event(event_type::order_confirmed, context_for(waiter()), o);
  EXPECT_EQ(e.type, event_type::order_confirmed);
  EXPECT_EQ(e.restaurant, kRestaurant);
  EXPECT_EQ(e.occurred_at, kNow);
  EXPECT_EQ(e.actor, waiter().id);
  EXPECT_EQ(e.sequence, 0U);
  ASSERT_TRUE(e.order.has_value());
  EXPECT_EQ(e.order->id, o.id);
  EXPECT_FALSE(e.stats.has_value());
}

TEST(make_stats_event, carries_stats_and_no_order) {
  const kitchen_stats stats{2, 1, 1, 4};
  const domain_event e = workflow::make_stats_event(context_for(chef()), stats);
  EXPECT_EQ(e.type, event_type::kitchen_stats_changed);
  EXPECT_EQ(e.actor, chef().id);
  EXPECT_FALSE(e.order.has_value());
  EXPECT_EQ(e.stats, stats);
}

TEST(attach_saved_order, replaces_snapshots_and_fills_the_new_item_ids) {
  order o = stored_order();
  o.items.push_back(order_item{});  // added, not saved yet
  domain_event added =
      workflow::make_event(event_type::order_items_added, context_for(waiter()), o);
  added.added_items = {0};
  workflow::event_list events{added,
                              workflow::make_stats_event(context_for(waiter()), kitchen_stats{})};

  order saved = o;
  saved.items.back().id = 555;
  saved.number = "A-0009";
  workflow::attach_saved_order(events, saved);
  EXPECT_EQ(events[0].order->number, "A-0009");
  EXPECT_EQ(events[0].order->items.back().id, 555);
  EXPECT_EQ(events[0].added_items, std::vector<order_item_id>{555});
  EXPECT_FALSE(events[1].order.has_value());
}

}  // namespace
}  // namespace brigade::kitchen

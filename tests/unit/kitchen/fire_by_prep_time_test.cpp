// Fire by prep time (docs/kitchen.md): the lines sent together are
// staggered so that they finish together; the timer releases them.
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/line_progress.hpp"
#include "kitchen/order_workflow.hpp"
#include "kitchen/station_parts.hpp"
#include "kitchen/station_workflow.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace testing;
using std::chrono::minutes;

station fry() { return station{34, kRestaurant, "fry"}; }

workflow::context staggering(const actor& by, timestamp now = kNow) {
  workflow::context ctx = context_for(by, now);
  ctx.restaurant.send_to_kitchen_on_create = true;
  ctx.restaurant.fire_by_prep_time = true;
  return ctx;
}

// A dish cooked at `where` in `course`, taking `prep` minutes (0: not given).
workflow::resolved_item dish(menu_item_id id, const station& where, int32_t course, int32_t prep) {
  menu_item m{id, kRestaurant, "dish " + std::to_string(id), 500, "", where.id, true};
  m.default_course = course;
  m.prep_minutes = prep;
  return workflow::resolved_item{new_item{id, 1, ""}, m, where};
}

// Starters: a salad (cold, 4 min) and soup (grill, no prep time); mains: a
// steak (grill, 15 min) and fries (fry, 5 min); ids 1..4.
order dinner(const workflow::context& ctx) {
  order o;
  const auto r = workflow::create_order(
      o, ctx, sample_table(),
      {dish(1, cold(), 1, 4), dish(2, grill(), 1, 0), dish(3, grill(), 2, 15), dish(4, fry(), 2, 5)}, "", grill());
  EXPECT_TRUE(r.ok());
  number_as_saved(o);
  return o;
}

TEST(fire_by_prep_time, the_lines_copy_their_dish_s_prep_time) {
  const order o = dinner(staggering(waiter()));
  EXPECT_EQ(o.items[0].prep_minutes, 4);
  EXPECT_EQ(o.items[3].prep_minutes, 5);
}

TEST(fire_by_prep_time, a_line_without_a_prep_time_goes_at_once_and_sets_no_pace) {
  const order o = dinner(staggering(waiter()));
  // Starters: the salad is the only timed line, so nothing waits.
  EXPECT_FALSE(o.items[0].held);
  EXPECT_EQ(o.items[0].fired_at, kNow);
  EXPECT_FALSE(o.items[1].held);
  EXPECT_FALSE(o.items[0].release_at);
}

TEST(fire_by_prep_time, a_fired_course_sends_its_slowest_dish_first_and_the_quicker_at_their_turn) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::next_held_course(o));
  const timestamp fire_time = kNow + minutes{20};
  const auto r = workflow::fire_course(o, staggering(waiter(), fire_time), 2);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1U);
  EXPECT_EQ(r.value()[0].type, event_type::order_course_fired);
  EXPECT_FALSE(o.items[2].held) << "the steak goes at once";
  EXPECT_EQ(o.items[2].fired_at, fire_time);
  EXPECT_TRUE(o.items[3].held) << "the fries wait for their turn";
  EXPECT_EQ(o.items[3].release_at, fire_time + minutes{10});
  EXPECT_FALSE(o.items[3].fired_at);
  EXPECT_FALSE(workflow::next_held_course(o)) << "the mains are fired: the waiter has nothing left to fire";
  EXPECT_FALSE(workflow::waits_for_fire(o.items[3]));
}

TEST(fire_by_prep_time, off_sends_every_line_of_the_course_at_once) {
  workflow::context off = staggering(waiter());
  off.restaurant.fire_by_prep_time = false;
  order o = dinner(off);
  ASSERT_TRUE(workflow::fire_course(o, off, 2).ok());
  EXPECT_FALSE(o.items[2].held);
  EXPECT_FALSE(o.items[3].held);
  EXPECT_EQ(o.items[3].fired_at, kNow);
}

TEST(fire_by_prep_time, the_timer_releases_a_line_at_its_turn_with_the_course_fired_again) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  const workflow::context early = staggering(chef(), kNow + minutes{9});
  EXPECT_FALSE(workflow::release_due(o, early.now));
  auto nothing = workflow::release_due_lines(o, early);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing.value().empty());
  EXPECT_TRUE(o.items[3].held);

  const workflow::context due = staggering(chef(), kNow + minutes{10});
  EXPECT_TRUE(workflow::release_due(o, due.now));
  const auto r = workflow::release_due_lines(o, due);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1U);
  EXPECT_EQ(r.value()[0].type, event_type::order_course_fired);
  EXPECT_EQ(r.value()[0].course, 2);
  EXPECT_FALSE(o.items[3].held);
  EXPECT_FALSE(o.items[3].release_at);
  EXPECT_EQ(o.items[3].fired_at, due.now);
  EXPECT_FALSE(workflow::release_due(o, due.now + minutes{1}));
}

TEST(fire_by_prep_time, firing_a_course_again_sends_its_waiting_lines_now) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  const workflow::context later = staggering(waiter(), kNow + minutes{3});
  const auto r = workflow::fire_course(o, later, 2);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1U);
  EXPECT_FALSE(o.items[3].held);
  EXPECT_EQ(o.items[3].fired_at, later.now);
  const auto again = workflow::fire_course(o, later, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().empty()) << "nothing left to send";
}

TEST(fire_by_prep_time, a_chef_may_start_a_waiting_line_early_but_not_a_held_course) {
  order o = dinner(staggering(waiter()));
  const auto held = workflow::set_item_status(o, context_for(chef()), 4, item_status::preparing);
  ASSERT_FALSE(held.ok()) << "the mains wait for the waiter";
  EXPECT_EQ(held.error().code, kConflict);

  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  const timestamp start = kNow + minutes{2};
  ASSERT_TRUE(workflow::set_item_status(o, context_for(chef(), start), 4, item_status::preparing).ok());
  EXPECT_FALSE(o.items[3].held);
  EXPECT_FALSE(o.items[3].release_at);
  EXPECT_EQ(o.items[3].fired_at, start);
  EXPECT_EQ(o.items[3].started_at, start);
}

TEST(fire_by_prep_time, a_station_part_tells_when_its_next_line_starts) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  for (const station_part& part : station_parts(o)) {
    if (part.station == fry().id) {
      EXPECT_EQ(part.status, part_status::held);
      EXPECT_EQ(part.next_release_at, kNow + minutes{10});
    } else {
      EXPECT_FALSE(part.next_release_at) << part.name;
    }
  }
}

TEST(fire_by_prep_time, the_ticket_is_ready_only_once_the_waiting_lines_are) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  for (order_item_id id : {1, 2, 3}) {
    ASSERT_TRUE(workflow::set_item_status(o, context_for(chef()), id, item_status::preparing).ok()) << id;
    ASSERT_TRUE(workflow::set_item_status(o, context_for(chef()), id, item_status::ready).ok()) << id;
  }
  EXPECT_NE(o.ticket->status, ticket_status::ready) << "the fries have not even started";
  ASSERT_TRUE(workflow::release_due_lines(o, staggering(chef(), kNow + minutes{10})).ok());
  ASSERT_TRUE(workflow::set_item_status(o, context_for(chef()), 4, item_status::preparing).ok());
  const auto r = workflow::set_item_status(o, context_for(chef()), 4, item_status::ready);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
}

TEST(fire_by_prep_time, added_lines_sent_together_are_staggered_among_themselves) {
  order o = dinner(staggering(waiter()));
  const std::vector<workflow::resolved_item> more{dish(5, grill(), 1, 12), dish(6, fry(), 1, 5)};
  ASSERT_TRUE(workflow::add_items(o, staggering(waiter(), kNow + minutes{1}), more).ok());
  EXPECT_FALSE(o.items[4].held);
  EXPECT_TRUE(o.items[5].held);
  EXPECT_EQ(o.items[5].release_at, kNow + minutes{1} + minutes{7});
}

TEST(fire_by_prep_time, a_cancelled_or_closed_order_releases_nothing) {
  order o = dinner(staggering(waiter()));
  ASSERT_TRUE(workflow::fire_course(o, staggering(waiter()), 2).ok());
  o.items[3].status = item_status::cancelled;
  EXPECT_FALSE(workflow::release_due(o, kNow + minutes{30}));
  o.items[3].status = item_status::pending;
  o.status = order_status::cancelled;
  EXPECT_FALSE(workflow::release_due(o, kNow + minutes{30}));
  const auto r = workflow::release_due_lines(o, staggering(chef(), kNow + minutes{30}));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().empty());
}

}  // namespace
}  // namespace brigade::kitchen

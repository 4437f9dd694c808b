#include "kitchen/station_workflow.hpp"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/line_progress.hpp"
#include "kitchen/order_workflow.hpp"
#include "kitchen/station_parts.hpp"
#include "kitchen/ticket_workflow.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace testing;
using workflow::event_list;

const workflow::context kChef = context_for(chef());
const workflow::context kWaiter = context_for(waiter());

station bar() { return station{33, kRestaurant, "bar"}; }

// A dish cooked at `where`, served in `course` by default.
workflow::resolved_item dish(menu_item_id id, const station& where, int32_t course) {
  menu_item m{id, kRestaurant, "dish " + std::to_string(id), 500, "", where.id, true};
  m.default_course = course;
  return workflow::resolved_item{new_item{id, 1, ""}, m, where};
}

// A salad (cold, course 1), a burger (grill, course 1), an espresso (bar,
// course 1) and a steak (grill, course 2), sent to the kitchen at once;
// line ids 1..4 as if the store had saved them.
order dinner() {
  workflow::context ctx = kWaiter;
  ctx.restaurant.send_to_kitchen_on_create = true;
  order o;
  const auto r = workflow::create_order(
      o, ctx, sample_table(), {dish(1, cold(), 1), dish(2, grill(), 1), dish(3, bar(), 1), dish(4, grill(), 2)}, "",
      grill());
  EXPECT_TRUE(r.ok());
  number_as_saved(o);
  return o;
}

TEST(stations_and_courses, a_new_ticket_routes_each_line_and_holds_later_courses) {
  const order o = dinner();
  EXPECT_EQ(o.items[0].station, cold().id);
  EXPECT_EQ(o.items[0].station_name, "cold");
  EXPECT_EQ(o.items[2].station, bar().id);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(o.items[i].held) << i;
    EXPECT_EQ(o.items[i].fired_at, kNow) << i;
  }
  EXPECT_TRUE(o.items[3].held);
  EXPECT_FALSE(o.items[3].fired_at);
}

TEST(stations_and_courses, the_lowest_course_present_goes_first) {
  workflow::context ctx = kWaiter;
  ctx.restaurant.send_to_kitchen_on_create = true;
  order o;
  ASSERT_TRUE(workflow::create_order(o, ctx, sample_table(), {dish(1, grill(), 2), dish(2, cold(), 3)}, "", grill()).ok());
  EXPECT_FALSE(o.items[0].held);
  EXPECT_TRUE(o.items[1].held);
}

TEST(stations_and_courses, a_held_line_cannot_start) {
  order o = dinner();
  const auto r = workflow::set_item_status(o, kChef, 4, item_status::preparing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict);
  EXPECT_EQ(detail(r.error(), "course"), "2");
  EXPECT_EQ(o.items[3].status, item_status::pending);
}

TEST(stations_and_courses, the_first_line_started_starts_the_ticket) {
  order o = dinner();
  const auto r = workflow::set_item_status(o, kChef, 2, item_status::preparing);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), (std::vector{event_type::order_item_status_changed, event_type::ticket_preparing,
                                    event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_EQ(o.ticket->chef, chef().id);
  EXPECT_EQ(o.status, order_status::preparing);
  EXPECT_EQ(o.items[1].started_at, kNow);
}

TEST(stations_and_courses, the_ticket_is_ready_only_when_every_station_is_done_and_only_once) {
  order o = dinner();
  ASSERT_TRUE(workflow::fire_course(o, kWaiter, 2).ok());
  const auto grill_done = workflow::set_station_progress(o, kChef, grill().id, item_status::ready);
  ASSERT_TRUE(grill_done.ok());
  // Two grill lines moved, and the waiting ticket started; the others are not done.
  EXPECT_EQ(types(*grill_done),
            (std::vector{event_type::order_item_status_changed, event_type::order_item_status_changed,
                         event_type::ticket_preparing, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  ASSERT_TRUE(workflow::set_station_progress(o, kChef, cold().id, item_status::ready).ok());
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  const auto last = workflow::set_station_progress(o, kChef, bar().id, item_status::ready);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(types(*last), (std::vector{event_type::order_item_status_changed, event_type::ticket_ready,
                                       event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  EXPECT_EQ(o.status, order_status::ready);
  // Nothing left to move: no second ready.
  const auto again = workflow::set_station_progress(o, kChef, bar().id, item_status::ready);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST(stations_and_courses, held_lines_keep_the_ticket_from_getting_ready_by_itself) {
  order o = dinner();
  for (station_id s : {cold().id, grill().id, bar().id})
    ASSERT_TRUE(workflow::set_station_progress(o, kChef, s, item_status::ready).ok());
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_EQ(o.items[3].status, item_status::pending);
  // The expediter may still send what is done to the pass.
  ASSERT_TRUE(workflow::mark_ready(o, kChef).ok());
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  EXPECT_EQ(o.items[3].status, item_status::pending);
  EXPECT_TRUE(o.items[3].held);
}

TEST(stations_and_courses, cancelling_the_last_unfinished_line_readies_the_ticket) {
  order o = dinner();
  ASSERT_TRUE(workflow::set_item_status(o, kChef, 4, item_status::cancelled).ok());
  for (station_id s : {cold().id, grill().id})
    ASSERT_TRUE(workflow::set_station_progress(o, kChef, s, item_status::ready).ok());
  const auto r = workflow::set_item_status(o, kChef, 3, item_status::cancelled);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), (std::vector{event_type::order_item_status_changed, event_type::ticket_ready,
                                    event_type::order_status_changed}));
}

TEST(stations_and_courses, a_station_start_moves_only_its_fired_lines) {
  order o = dinner();
  const auto r = workflow::set_station_progress(o, kChef, grill().id, item_status::preparing);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(o.items[1].status, item_status::preparing);
  EXPECT_EQ(o.items[3].status, item_status::pending);  // held
  EXPECT_EQ(o.items[0].status, item_status::pending);  // cold
  EXPECT_EQ(r->front().item, 2);
}

TEST(stations_and_courses, a_station_progress_is_checked) {
  order o = dinner();
  auto r = workflow::set_station_progress(o, kChef, 99, item_status::ready);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kNotFound);
  r = workflow::set_station_progress(o, kChef, grill().id, item_status::served);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kValidation);
  order closed = dinner();
  closed.ticket->status = ticket_status::completed;
  r = workflow::set_station_progress(closed, kChef, grill().id, item_status::ready);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict);
}

TEST(stations_and_courses, firing_a_course_sends_its_held_lines_once) {
  order o = dinner();
  const workflow::context later = context_for(waiter(), kNow + std::chrono::minutes{20});
  const auto r = workflow::fire_course(o, later, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_course_fired});
  EXPECT_EQ(r->front().course, 2);
  EXPECT_FALSE(o.items[3].held);
  EXPECT_EQ(o.items[3].fired_at, later.now);
  const auto again = workflow::fire_course(o, later, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST(stations_and_courses, firing_needs_a_course_on_an_order_in_the_kitchen) {
  order o = dinner();
  auto r = workflow::fire_course(o, kWaiter, 3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict);
  r = workflow::fire_course(o, kWaiter, 9);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kValidation);
  order pending = stored_order(order_status::pending);
  r = workflow::fire_course(pending, kWaiter, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict);
}

TEST(stations_and_courses, firing_after_the_bump_reopens_the_ticket) {
  order o = dinner();
  ASSERT_TRUE(workflow::start(o, kChef).ok());
  ASSERT_TRUE(workflow::mark_ready(o, kChef).ok());
  ASSERT_TRUE(workflow::complete(o, kChef).ok());
  EXPECT_EQ(o.status, order_status::served);
  const auto r = workflow::fire_course(o, kWaiter, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), (std::vector{event_type::order_course_fired, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_EQ(o.status, order_status::preparing);
}

TEST(stations_and_courses, added_lines_go_at_once_or_wait_for_their_course) {
  order o = dinner();
  ASSERT_TRUE(workflow::start(o, kChef).ok());
  ASSERT_TRUE(workflow::mark_ready(o, kChef).ok());
  // A dessert: held, so the ready ticket stays ready.
  auto r = workflow::add_items(o, kWaiter, {dish(5, cold(), 3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_items_added});
  EXPECT_TRUE(o.items.back().held);
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  // Another starter: goes at once and reopens the ticket.
  r = workflow::add_items(o, kWaiter, {dish(6, cold(), 1)});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(o.items.back().held);
  EXPECT_EQ(o.items.back().fired_at, kNow);
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
}

TEST(stations_and_courses, a_chef_moves_one_line_to_another_station) {
  order o = dinner();
  const auto r = workflow::assign_line_station(o, kChef, 2, cold());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_item_station_assigned});
  EXPECT_EQ(r->front().item, 2);
  EXPECT_EQ(o.items[1].station, cold().id);
  EXPECT_TRUE(workflow::assign_line_station(o, kChef, 2, cold())->empty());
  EXPECT_EQ(workflow::assign_line_station(o, kChef, 2, std::nullopt).error().code, kValidation);
  EXPECT_EQ(workflow::assign_line_station(o, kChef, 77, cold()).error().code, kNotFound);
}

TEST(stations_and_courses, a_station_view_keeps_only_its_lines) {
  order o = dinner();
  workflow::keep_station_lines(o, grill().id);
  ASSERT_EQ(o.items.size(), 2u);
  EXPECT_EQ(o.items[0].id, 2);
  EXPECT_EQ(o.items[1].id, 4);
  // Every station's part, counted before the narrowing, for "grill done, fry 2 min".
  ASSERT_TRUE(o.ticket->parts_of_whole);
  EXPECT_EQ(o.ticket->parts_of_whole->size(), 3u);
}

TEST(stations_and_courses, station_parts_say_where_each_station_stands) {
  order o = dinner();
  ASSERT_TRUE(workflow::set_station_progress(o, kChef, cold().id, item_status::ready).ok());
  ASSERT_TRUE(workflow::set_item_status(o, kChef, 2, item_status::preparing).ok());
  const auto parts = station_parts(o);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].station, grill().id);
  EXPECT_EQ(parts[0].status, part_status::preparing);
  EXPECT_EQ(parts[0].items, 2);
  EXPECT_EQ(parts[0].held_items, 1);
  EXPECT_EQ(parts[0].started_at, kNow);
  EXPECT_EQ(parts[1].station, cold().id);
  EXPECT_EQ(parts[1].status, part_status::ready);
  EXPECT_EQ(parts[1].ready_at, kNow);
  EXPECT_EQ(parts[2].station, bar().id);
  EXPECT_EQ(parts[2].status, part_status::pending);
  EXPECT_FALSE(parts[2].ready_at);
}

TEST(stations_and_courses, a_line_keeps_its_times_through_a_recall) {
  order o = dinner();
  ASSERT_TRUE(workflow::start(o, kChef).ok());
  ASSERT_TRUE(workflow::mark_ready(o, kChef).ok());
  const workflow::context bump = context_for(chef(), kNow + std::chrono::minutes{5});
  ASSERT_TRUE(workflow::complete(o, bump).ok());
  EXPECT_EQ(o.items[0].served_at, bump.now);
  ASSERT_TRUE(workflow::recall(o, context_for(chef(), kNow + std::chrono::minutes{6})).ok());
  EXPECT_EQ(o.items[0].status, item_status::ready);
  EXPECT_EQ(o.items[0].ready_at, kNow);
  EXPECT_FALSE(o.items[0].served_at);
  EXPECT_EQ(o.items[0].started_at, kNow);
}

}  // namespace
}  // namespace brigade::kitchen

#include "kitchen/ticket_workflow.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/prep_time.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace testing;
using workflow::event_list;

void expect_conflict(const result<event_list>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict) << r.error().message;
}

const workflow::context kTicketChef = context_for(chef());

TEST(acknowledge, makes_the_actor_the_chef) {
  order o = order_with_ticket(ticket_status::pending);
  const auto r = workflow::acknowledge(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_acknowledged});
  EXPECT_EQ(o.ticket->status, ticket_status::acknowledged);
  EXPECT_EQ(o.ticket->chef, chef().id);
  EXPECT_EQ(o.ticket->chef_name, "Carl");
  EXPECT_EQ(o.ticket->acknowledged_at, kNow);
  EXPECT_EQ(o.status, order_status::confirmed);
  EXPECT_EQ(r->front().order->ticket->chef, chef().id);
}

TEST(start, moves_order_and_pending_items_to_preparing) {
  order o = order_with_ticket(ticket_status::pending);
  o.items[1].status = item_status::cancelled;
  const auto r = workflow::start(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::ticket_preparing, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_EQ(o.ticket->started_at, kNow);
  EXPECT_EQ(o.ticket->chef, chef().id);  // nobody had it: the starter takes it
  EXPECT_EQ(o.status, order_status::preparing);
  EXPECT_EQ(o.preparing_at, kNow);
  EXPECT_EQ(o.items[0].status, item_status::preparing);
  EXPECT_EQ(o.items[1].status, item_status::cancelled);
}

TEST(start, keeps_the_chef_who_acknowledged) {
  order o = order_with_ticket(ticket_status::pending);
  ASSERT_TRUE(workflow::acknowledge(o, kTicketChef).ok());
  const actor other{13, kRestaurant, "Olga", staff_role::chef};
  ASSERT_TRUE(workflow::start(o, context_for(other)).ok());
  EXPECT_EQ(o.ticket->chef, chef().id);
  EXPECT_EQ(o.ticket->chef_name, "Carl");
}

TEST(mark_ready, moves_order_and_unfinished_items_to_ready) {
  order o = order_with_ticket(ticket_status::preparing);
  o.items[0].status = item_status::pending;
  o.items.push_back(order_item{103, salad().id, "Salad", 1, 800, "", item_status::served, kNow});
  const auto r = workflow::mark_ready(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), (std::vector{event_type::ticket_ready, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  EXPECT_EQ(o.ticket->ready_at, kNow);
  EXPECT_EQ(o.status, order_status::ready);
  EXPECT_EQ(o.ready_at, kNow);
  EXPECT_EQ(o.items[0].status, item_status::ready);
  EXPECT_EQ(o.items[1].status, item_status::ready);
  EXPECT_EQ(o.items[2].status, item_status::served);
}

TEST(complete, serves_a_ready_order_and_fixes_the_prep_time) {
  order o = order_with_ticket(ticket_status::ready);
  const auto r = workflow::complete(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::ticket_completed, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::completed);
  EXPECT_EQ(o.ticket->completed_at, kNow);
  EXPECT_EQ(prep_time_minutes(*o.ticket), 30);
  EXPECT_EQ(o.status, order_status::served);
  for (const order_item& item : o.items) EXPECT_EQ(item.status, item_status::served);
}

TEST(complete, leaves_an_order_that_is_not_ready_where_it_is) {
  // The order follows only along its own life: completing a ticket whose
  // order is not ready emits no order_status_changed.
  order o = order_with_ticket(ticket_status::ready);
  o.status = order_status::preparing;
  const auto r = workflow::complete(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_completed});
  EXPECT_EQ(o.status, order_status::preparing);
}

// ---- recall (undo a bump) ------------------------------------------------------

using namespace std::chrono_literals;

// A ticket bumped at kNow by complete(), as the service would have left it.
order bumped_order() {
  order o = order_with_ticket(ticket_status::ready);
  o.ticket->ready_at = kNow - 5min;
  o.ready_at = kNow - 5min;
  o.items.push_back(order_item{103, salad().id, "Salad", 1, 800, "", item_status::cancelled, kNow});
  EXPECT_TRUE(workflow::complete(o, kTicketChef).ok());
  return o;
}

TEST(recall, puts_a_bumped_ticket_and_its_order_back_to_ready) {
  order o = bumped_order();
  ASSERT_EQ(o.status, order_status::served);
  ASSERT_EQ(o.served_at, kNow);
  const auto r = workflow::recall(o, context_for(chef(), kNow + 3min));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(types(*r), (std::vector{event_type::ticket_recalled, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  EXPECT_FALSE(o.ticket->completed_at.has_value());
  EXPECT_FALSE(prep_time_minutes(*o.ticket).has_value());
  EXPECT_EQ(o.ticket->ready_at, kNow - 5min);  // ready since then, still
  EXPECT_EQ(o.status, order_status::ready);
  EXPECT_FALSE(o.served_at.has_value());
  EXPECT_EQ(o.ready_at, kNow - 5min);
  EXPECT_EQ(o.items[0].status, item_status::ready);
  EXPECT_EQ(o.items[1].status, item_status::ready);
  EXPECT_EQ(o.items[2].status, item_status::cancelled);
  // Each event carries the order as it is after the recall.
  EXPECT_EQ(r->front().order->ticket->status, ticket_status::ready);
  EXPECT_EQ(r->back().order->status, order_status::ready);
  EXPECT_EQ(r->front().occurred_at, kNow + 3min);
}

TEST(recall, may_be_bumped_again_and_gets_a_new_prep_time) {
  order o = bumped_order();
  ASSERT_TRUE(workflow::recall(o, context_for(chef(), kNow + 1min)).ok());
  ASSERT_TRUE(workflow::complete(o, context_for(chef(), kNow + 2min)).ok());
  EXPECT_EQ(o.status, order_status::served);
  EXPECT_EQ(o.ticket->completed_at, kNow + 2min);
  EXPECT_EQ(prep_time_minutes(*o.ticket), 32);
}

TEST(recall, is_allowed_up_to_ten_minutes_after_the_bump) {
  EXPECT_EQ(workflow::kRecallWindow, 10min);
  for (const auto after : {0min, 10min, -2min /* the clock stepped back */}) {
    order o = bumped_order();
    EXPECT_TRUE(workflow::recall(o, context_for(chef(), kNow + after)).ok()) << after.count();
  }
  order late = bumped_order();
  const order before = late;
  const auto r = workflow::recall(late, context_for(chef(), kNow + 10min + 1ms));
  expect_conflict(r);
  EXPECT_NE(r.error().message.find("10 minutes"), std::string::npos) << r.error().message;
  EXPECT_EQ(late.ticket->status, ticket_status::completed);
  EXPECT_EQ(late.ticket->completed_at, before.ticket->completed_at);
  EXPECT_EQ(late.status, order_status::served);
  EXPECT_EQ(late.served_at, before.served_at);
  EXPECT_EQ(late.items[0].status, item_status::served);
}

TEST(recall, refuses_a_ticket_that_is_not_completed_with_from_and_to) {
  for (const ticket_status t : {ticket_status::pending, ticket_status::acknowledged, ticket_status::preparing,
                                ticket_status::ready, ticket_status::cancelled}) {
    order o = order_with_ticket(t);
    const auto r = workflow::recall(o, kTicketChef);
    ASSERT_FALSE(r.ok()) << to_string(t);
    EXPECT_EQ(r.error().code, kInvalidTransition);
    EXPECT_EQ(detail(r.error(), "from"), to_string(t));
    EXPECT_EQ(detail(r.error(), "to"), "ready");
    EXPECT_EQ(o.ticket->status, t);
    EXPECT_EQ(o.status, order_status_for(t));
  }
}

TEST(recall, refuses_an_order_already_closed_or_cancelled) {
  for (const order_status closed : {order_status::completed, order_status::cancelled}) {
    order o = bumped_order();
    o.status = closed;
    const auto r = workflow::recall(o, kTicketChef);
    expect_conflict(r);
    EXPECT_NE(r.error().message.find(to_string(closed)), std::string::npos) << r.error().message;
    EXPECT_EQ(o.ticket->status, ticket_status::completed);
    EXPECT_EQ(o.status, closed);
    EXPECT_EQ(o.items[0].status, item_status::served);
  }
}

TEST(recall, leaves_an_order_the_bump_did_not_serve_where_it_is) {
  // complete() serves only a ready order; its undo moves only a served one.
  order o = order_with_ticket(ticket_status::ready);
  o.status = order_status::preparing;
  ASSERT_TRUE(workflow::complete(o, kTicketChef).ok());
  const auto r = workflow::recall(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_recalled});
  EXPECT_EQ(o.ticket->status, ticket_status::ready);
  EXPECT_EQ(o.status, order_status::preparing);
}

TEST(ticket_commands, an_order_without_a_ticket_is_a_conflict) {
  order o = stored_order();
  expect_conflict(workflow::acknowledge(o, kTicketChef));
  expect_conflict(workflow::start(o, kTicketChef));
  expect_conflict(workflow::recall(o, kTicketChef));
  expect_conflict(workflow::set_priority(o, kTicketChef, ticket_priority::vip));
  order requested = with_open_request(o);
  expect_conflict(workflow::accept_cancellation(requested, kTicketChef));
}

// ---- cancellation ------------------------------------------------------------

TEST(accept_cancellation, cancels_ticket_order_and_every_item_not_served) {
  order o = with_open_request(order_with_ticket(ticket_status::preparing), "allergy");
  o.items[1].status = item_status::served;
  const auto r = workflow::accept_cancellation(o, kTicketChef);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::ticket_cancel_accepted, event_type::order_cancelled}));
  EXPECT_EQ(r->at(1).reason, "allergy");
  EXPECT_EQ(o.cancellation->status, cancel_request_status::accepted);
  EXPECT_EQ(o.cancellation->decided_at, kNow);
  EXPECT_EQ(o.ticket->status, ticket_status::cancelled);
  EXPECT_EQ(o.ticket->cancelled_at, kNow);
  EXPECT_EQ(o.status, order_status::cancelled);
  EXPECT_EQ(o.cancelled_at, kNow);
  EXPECT_EQ(o.items[0].status, item_status::cancelled);
  EXPECT_EQ(o.items[1].status, item_status::served);
  EXPECT_EQ(o.total_amount, 3300);  // totals keep their last values
  EXPECT_EQ(o.final_amount, 3993);
}

TEST(accept_cancellation, needs_an_open_request) {
  order o = order_with_ticket(ticket_status::pending);
  expect_conflict(workflow::accept_cancellation(o, kTicketChef));
  o = with_open_request(o);
  o.cancellation->status = cancel_request_status::rejected;
  expect_conflict(workflow::accept_cancellation(o, kTicketChef));
  EXPECT_EQ(o.ticket->status, ticket_status::pending);
}

TEST(reject_cancellation, rejects_with_a_reason_and_changes_nothing_else) {
  order o = with_open_request(order_with_ticket(ticket_status::preparing));
  const auto r = workflow::reject_cancellation(o, kTicketChef, "already plated");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_cancel_rejected});
  EXPECT_EQ(r->front().reason, "already plated");
  EXPECT_EQ(o.cancellation->status, cancel_request_status::rejected);
  EXPECT_EQ(o.cancellation->rejection_reason, "already plated");
  EXPECT_EQ(o.cancellation->decided_at, kNow);
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_EQ(o.status, order_status::preparing);
}

TEST(reject_cancellation, needs_an_open_request_and_a_reason) {
  order o = order_with_ticket(ticket_status::preparing);
  expect_conflict(workflow::reject_cancellation(o, kTicketChef, "no"));
  o = with_open_request(o);
  for (const std::string& bad : {std::string(), std::string(501, 'r')}) {
    const auto r = workflow::reject_cancellation(o, kTicketChef, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, kValidation);
    EXPECT_EQ(detail(r.error(), "field"), "reason");
  }
  EXPECT_EQ(o.cancellation->status, cancel_request_status::open);
}

// ---- priority and station ---------------------------------------------------------

TEST(set_priority, changes_an_open_ticket_once) {
  order o = order_with_ticket(ticket_status::acknowledged);
  const auto r = workflow::set_priority(o, kTicketChef, ticket_priority::vip);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_priority_changed});
  EXPECT_EQ(o.ticket->priority, ticket_priority::vip);
  const auto again = workflow::set_priority(o, kTicketChef, ticket_priority::vip);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST(set_priority, is_a_conflict_on_a_closed_ticket) {
  for (const ticket_status t : {ticket_status::completed, ticket_status::cancelled}) {
    order o = order_with_ticket(t);
    expect_conflict(workflow::set_priority(o, kTicketChef, ticket_priority::express));
    EXPECT_EQ(o.ticket->priority, ticket_priority::normal);
  }
  for (const ticket_status t : {ticket_status::pending, ticket_status::acknowledged,
                                ticket_status::preparing, ticket_status::ready}) {
    order o = order_with_ticket(t);
    EXPECT_TRUE(workflow::set_priority(o, kTicketChef, ticket_priority::express).ok()) << to_string(t);
  }
}

TEST(assign_station, moves_an_open_ticket_to_an_existing_station) {
  order o = order_with_ticket(ticket_status::pending);
  const auto r = workflow::assign_station(o, kTicketChef, cold());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::ticket_station_assigned});
  EXPECT_EQ(o.ticket->station, cold().id);
  EXPECT_EQ(o.ticket->station_name, "cold");
  const auto again = workflow::assign_station(o, kTicketChef, cold());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST(assign_station, validates_the_station_and_refuses_closed_tickets) {
  order o = order_with_ticket(ticket_status::pending);
  const auto missing = workflow::assign_station(o, kTicketChef, std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, kValidation);
  EXPECT_EQ(detail(missing.error(), "field"), "stationId");
  station foreign = cold();
  foreign.restaurant = 99;
  EXPECT_EQ(workflow::assign_station(o, kTicketChef, foreign).error().code, kValidation);

  order done = order_with_ticket(ticket_status::completed);
  expect_conflict(workflow::assign_station(done, kTicketChef, cold()));
  EXPECT_EQ(done.ticket->station, grill().id);
}

}  // namespace
}  // namespace brigade::kitchen

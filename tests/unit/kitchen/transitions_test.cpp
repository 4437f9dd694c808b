#include "kitchen/transitions.hpp"

#include <array>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include <gtest/gtest.h>

#include "kitchen/order_workflow.hpp"
#include "kitchen/ticket_workflow.hpp"
#include "sample_orders.hpp"

// Every pair of every state machine, checked twice: the table function
// against docs/kitchen.md written out again here, and the command that
// performs the move against the table (success, or invalid_transition
// naming from and to, with the order left as it was).

namespace brigade::kitchen {
namespace {

using namespace testing;

constexpr std::array kOrderStatuses{
    order_status::pending, order_status::confirmed, order_status::preparing, order_status::ready,
    order_status::served,  order_status::completed, order_status::cancelled};
constexpr std::array kTicketStatuses{ticket_status::pending,   ticket_status::acknowledged,
                                     ticket_status::preparing, ticket_status::ready,
                                     ticket_status::completed, ticket_status::cancelled};
constexpr std::array kItemStatuses{item_status::pending, item_status::preparing, item_status::ready,
                                   item_status::served, item_status::cancelled};

// docs/kitchen.md "Order status".
const std::set<std::pair<order_status, order_status>> kOrderLifecycle{
    {order_status::pending, order_status::confirmed},
    {order_status::confirmed, order_status::preparing},
    {order_status::preparing, order_status::ready},
    {order_status::ready, order_status::served},
    {order_status::served, order_status::completed},
    {order_status::pending, order_status::cancelled},
    {order_status::confirmed, order_status::cancelled},
    {order_status::preparing, order_status::cancelled},
    {order_status::ready, order_status::cancelled},
};
const std::set<std::pair<order_status, order_status>> kOrderSettable{
    {order_status::pending, order_status::confirmed},
    {order_status::ready, order_status::served},
    {order_status::served, order_status::completed},
};
// docs/kitchen.md "Ticket status".
const std::set<std::pair<ticket_status, ticket_status>> kTicketMoves{
    {ticket_status::pending, ticket_status::acknowledged},
    {ticket_status::pending, ticket_status::preparing},
    {ticket_status::acknowledged, ticket_status::preparing},
    {ticket_status::preparing, ticket_status::ready},
    {ticket_status::ready, ticket_status::completed},
    {ticket_status::pending, ticket_status::cancelled},
    {ticket_status::acknowledged, ticket_status::cancelled},
    {ticket_status::preparing, ticket_status::cancelled},
    {ticket_status::ready, ticket_status::cancelled},
};
// docs/kitchen.md "Items".
const std::set<std::pair<item_status, item_status>> kItemMoves{
    {item_status::pending, item_status::preparing},
    {item_status::preparing, item_status::ready},
    {item_status::ready, item_status::served},
    {item_status::pending, item_status::cancelled},
    {item_status::preparing, item_status::cancelled},
    {item_status::ready, item_status::cancelled},
};

template <typename Status>
std::string pair_name(const ::testing::TestParamInfo<std::tuple<Status, Status>>& info) {
  return std::string(to_string(std::get<0>(info.param))) + "_to_" +
         std::string(to_string(std::get<1>(info.param)));
}

template <typename Status>
void expect_invalid_transition(const result<workflow::event_list>& r, Status from, Status to) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kInvalidTransition) << r.error().message;
  EXPECT_EQ(detail(r.error(), "from"), to_string(from));
  EXPECT_EQ(detail(r.error(), "to"), to_string(to));
}

// ---- order ------------------------------------------------------------------

class order_transition : public ::testing::TestWithParam<std::tuple<order_status, order_status>> {};

TEST_P(order_transition, lifecycle_table_matches_the_docs) {
  const auto [from, to] = GetParam();
  EXPECT_EQ(order_can_move(from, to), kOrderLifecycle.count({from, to}) == 1);
}

TEST_P(order_transition, set_order_status_allows_only_the_waiters_moves) {
  const auto [from, to] = GetParam();
  EXPECT_EQ(order_status_settable(from, to), kOrderSettable.count({from, to}) == 1);

  order o = order_in(from);
  const order before = o;
  const auto r = workflow::set_status(o, context_for(waiter()), to);
  if (kOrderSettable.count({from, to}) == 1) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(o.status, to);
    EXPECT_FALSE(r->empty());
  } else {
    expect_invalid_transition(r, from, to);
    EXPECT_EQ(o.status, before.status);
    EXPECT_EQ(o.ticket.has_value(), before.ticket.has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(all_pairs, order_transition,
                         ::testing::Combine(::testing::ValuesIn(kOrderStatuses),
                                            ::testing::ValuesIn(kOrderStatuses)),
                         pair_name<order_status>);

// ---- ticket -----------------------------------------------------------------

class ticket_transition
    : public ::testing::TestWithParam<std::tuple<ticket_status, ticket_status>> {};

TEST_P(ticket_transition, table_matches_the_docs) {
  const auto [from, to] = GetParam();
  EXPECT_EQ(ticket_can_move(from, to), kTicketMoves.count({from, to}) == 1);
}

// The command that moves a ticket to `to`; nothing moves one to pending.
result<workflow::event_list> move_ticket(order& o, ticket_status to) {
  const workflow::context ctx = context_for(chef());
  switch (to) {
    case ticket_status::acknowledged:
      return workflow::acknowledge(o, ctx);
    case ticket_status::preparing:
      return workflow::start(o, ctx);
    case ticket_status::ready:
      return workflow::mark_ready(o, ctx);
    case ticket_status::completed:
      return workflow::complete(o, ctx);
    case ticket_status::cancelled:
      return workflow::accept_cancellation(o, ctx);
    case ticket_status::pending:
      break;
  }
  return error{"test", "no command moves a ticket to pending"};
}

TEST_P(ticket_transition, its_command_moves_or_refuses_with_from_and_to) {
  const auto [from, to] = GetParam();
  if (to == ticket_status::pending) {
    EXPECT_FALSE(ticket_can_move(from, to));  // no command exists; the table alone says no
    return;
  }
  // accept_cancellation needs an open request; give every order one so the
  // ticket's status is the only thing deciding.
  order o = with_open_request(order_with_ticket(from));
  const order before = o;
  const auto r = move_ticket(o, to);
  if (kTicketMoves.count({from, to}) == 1) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(o.ticket->status, to);
  } else {
    expect_invalid_transition(r, from, to);
    EXPECT_EQ(o.ticket->status, before.ticket->status);
    EXPECT_EQ(o.status, before.status);
  }
}

INSTANTIATE_TEST_SUITE_P(all_pairs, ticket_transition,
                         ::testing::Combine(::testing::ValuesIn(kTicketStatuses),
                                            ::testing::ValuesIn(kTicketStatuses)),
                         pair_name<ticket_status>);

// ---- item -------------------------------------------------------------------

class item_transition : public ::testing::TestWithParam<std::tuple<item_status, item_status>> {};

TEST_P(item_transition, table_matches_the_docs) {
  const auto [from, to] = GetParam();
  EXPECT_EQ(item_can_move(from, to), kItemMoves.count({from, to}) == 1);
}

TEST_P(item_transition, set_item_status_moves_or_refuses_with_from_and_to) {
  const auto [from, to] = GetParam();
  order o = order_with_ticket(ticket_status::preparing);
  o.items[0].status = from;
  const auto r = workflow::set_item_status(o, context_for(waiter()), o.items[0].id, to);
  if (kItemMoves.count({from, to}) == 1) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(o.items[0].status, to);
  } else {
    expect_invalid_transition(r, from, to);
    EXPECT_EQ(o.items[0].status, from);
  }
}

INSTANTIATE_TEST_SUITE_P(all_pairs, item_transition,
                         ::testing::Combine(::testing::ValuesIn(kItemStatuses),
                                            ::testing::ValuesIn(kItemStatuses)),
                         pair_name<item_status>);

// ---- the state predicates ----------------------------------------------------

TEST(state_predicates, open_tickets_are_pending_acknowledged_preparing_and_ready) {
  for (const ticket_status s : kTicketStatuses) {
    const bool open = s != ticket_status::completed && s != ticket_status::cancelled;
    EXPECT_EQ(ticket_is_open(s), open) << to_string(s);
    EXPECT_EQ(ticket_reopens(s), s == ticket_status::ready || s == ticket_status::completed)
        << to_string(s);
  }
}

TEST(state_predicates, orders_take_items_and_item_changes_until_completed_or_cancelled) {
  for (const order_status s : kOrderStatuses) {
    const bool closed = s == order_status::completed || s == order_status::cancelled;
    EXPECT_EQ(order_accepts_items(s), !closed) << to_string(s);
    EXPECT_EQ(order_accepts_item_changes(s), !closed) << to_string(s);
  }
}

TEST(state_predicates, cancellation_may_be_requested_before_the_order_is_served) {
  for (const order_status s : kOrderStatuses) {
    const bool refused =
        s == order_status::served || s == order_status::completed || s == order_status::cancelled;
    EXPECT_EQ(order_accepts_cancel_request(s), !refused) << to_string(s);
  }
}

}  // namespace
}  // namespace brigade::kitchen

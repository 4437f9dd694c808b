#include "kitchen/order_workflow.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"
#include "kitchen/prep_time.hpp"
#include "kitchen/validation.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace testing;
using workflow::event_list;
using workflow::resolved_item;

void expect_validation(const result<event_list>& r, std::string_view field) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kValidation) << r.error().message;
  EXPECT_EQ(detail(r.error(), "field"), field) << r.error().message;
}

void expect_conflict(const result<event_list>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kConflict) << r.error().message;
}

result<event_list> create(order& o, const std::vector<resolved_item>& items,
                          std::string_view notes = "",
                          const restaurant& where = sample_restaurant()) {
  const workflow::context ctx{where, waiter(), kNow};
  return workflow::create_order(o, ctx, sample_table(), items, notes, grill());
}

// ---- create -----------------------------------------------------------------

TEST(create_order, copies_menu_names_and_prices_and_computes_totals) {
  order o;
  const auto r = create(o, {wanted(burger(), 2, "no onions"), wanted(salad())}, "window seat");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(o.restaurant, kRestaurant);
  EXPECT_EQ(o.table, sample_table().id);
  EXPECT_EQ(o.status, order_status::pending);
  EXPECT_EQ(o.notes, "window seat");
  EXPECT_EQ(o.created_by, waiter().id);
  EXPECT_EQ(o.created_at, kNow);
  ASSERT_EQ(o.items.size(), 2U);
  EXPECT_EQ(o.items[0].name, "Burger");
  EXPECT_EQ(o.items[0].unit_price, 1250);
  EXPECT_EQ(o.items[0].quantity, 2);
  EXPECT_EQ(o.items[0].notes, "no onions");
  EXPECT_EQ(o.items[0].menu_item, burger().id);
  EXPECT_EQ(o.items[0].status, item_status::pending);
  EXPECT_EQ(o.total_amount, 3300);
  EXPECT_EQ(o.final_amount, 3993);  // + 330 service, + 363 tax
  EXPECT_FALSE(o.ticket.has_value());
}

TEST(create_order, emits_order_created_with_the_context_and_a_snapshot) {
  order o;
  const auto r = create(o, {wanted(burger())});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(types(*r), std::vector{event_type::order_created});
  const domain_event& e = r->front();
  EXPECT_EQ(e.restaurant, kRestaurant);
  EXPECT_EQ(e.actor, waiter().id);
  EXPECT_EQ(e.occurred_at, kNow);
  EXPECT_EQ(e.sequence, 0U);
  ASSERT_TRUE(e.order.has_value());
  EXPECT_EQ(e.order->total_amount, o.total_amount);
}

TEST(create_order, sends_straight_to_the_kitchen_when_the_restaurant_says_so) {
  restaurant where = sample_restaurant();
  where.send_to_kitchen_on_create = true;
  order o;
  const auto r = create(o, {wanted(burger())}, "", where);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), (std::vector{event_type::order_created, event_type::order_confirmed}));
  EXPECT_EQ(o.status, order_status::confirmed);
  EXPECT_EQ(o.confirmed_at, kNow);
  ASSERT_TRUE(o.ticket.has_value());
  EXPECT_EQ(o.ticket->status, ticket_status::pending);
  EXPECT_EQ(o.ticket->priority, ticket_priority::normal);
  EXPECT_EQ(o.ticket->station, grill().id);
  EXPECT_EQ(o.ticket->station_name, "grill");
  EXPECT_EQ(o.ticket->created_at, kNow);
  EXPECT_EQ(r->back().order->status, order_status::confirmed);
}

TEST(create_order, validates_table_items_and_notes_by_field_name) {
  order o;
  const workflow::context ctx = context_for(waiter());
  expect_validation(
      workflow::create_order(o, ctx, std::nullopt, {wanted(burger())}, "", std::nullopt),
      "tableId");
  table elsewhere = sample_table();
  elsewhere.restaurant = 99;
  expect_validation(workflow::create_order(o, ctx, elsewhere, {wanted(burger())}, "", std::nullopt),
                    "tableId");

  expect_validation(create(o, {}), "items");
  expect_validation(create(o, std::vector<resolved_item>(101, wanted(salad()))), "items");
  EXPECT_TRUE(create(o, std::vector<resolved_item>(100, wanted(salad()))).ok());

  expect_validation(
      create(o, {wanted(burger()), resolved_item{new_item{999, 1, ""}, std::nullopt}}),
      "items[1].menuItemId");
  menu_item foreign = burger();
  foreign.restaurant = 99;
  expect_validation(create(o, {wanted(foreign)}), "items[0].menuItemId");
  expect_validation(create(o, {wanted(burger(), 0)}), "items[0].quantity");
  expect_validation(create(o, {wanted(burger(), -1)}), "items[0].quantity");
  expect_validation(create(o, {wanted(salad()), wanted(burger(), 100)}), "items[1].quantity");
  EXPECT_TRUE(create(o, {wanted(burger(), 99)}).ok());
  expect_validation(create(o, {wanted(burger(), 1, std::string(kMaxItemNotes + 1, 'x'))}), "items[0].notes");
  EXPECT_TRUE(create(o, {wanted(burger(), 1, std::string(kMaxItemNotes, 'x'))}).ok());
  expect_validation(create(o, {wanted(burger())}, std::string(1001, 'n')), "notes");
  EXPECT_TRUE(create(o, {wanted(burger())}, std::string(1000, 'n')).ok());
}

TEST(create_order, counts_characters_not_bytes) {
  order o;
  std::string accented;
  for (size_t i = 0; i < kMaxItemNotes; ++i) accented += "\xC3\xA9";  // é: two bytes, one character
  EXPECT_TRUE(create(o, {wanted(burger(), 1, accented)}).ok());
  expect_validation(create(o, {wanted(burger(), 1, accented + "e")}), "items[0].notes");
}

TEST(create_order, refuses_a_sold_out_item_as_a_conflict_after_every_field_is_valid) {
  order o;
  const auto sold_out = create(o, {wanted(burger()), wanted(sold_out_pie())});
  ASSERT_FALSE(sold_out.ok());
  EXPECT_EQ(sold_out.error().code, kSoldOut);
  EXPECT_EQ(detail(sold_out.error(), "menuItemId"), std::to_string(sold_out_pie().id));
  EXPECT_NE(sold_out.error().message.find("Pie"), std::string::npos);
  EXPECT_EQ(detail(sold_out.error(), "field"), "items[1].menuItemId");
  // A malformed later item is reported before the sold-out one.
  expect_validation(create(o, {wanted(sold_out_pie()), wanted(burger(), 0)}), "items[1].quantity");
}

TEST(create_order, leaves_the_order_untouched_on_error) {
  order o = stored_order();
  const order before = o;
  EXPECT_FALSE(create(o, {wanted(burger(), 0)}).ok());
  EXPECT_EQ(o.id, before.id);
  EXPECT_EQ(o.items.size(), before.items.size());
}

// ---- confirm and set_status -----------------------------------------------------

TEST(confirm, opens_a_pending_ticket_at_the_given_station) {
  order o = stored_order();
  const auto r = workflow::confirm(o, context_for(waiter()), cold());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_confirmed, event_type::order_status_changed}));
  EXPECT_EQ(o.status, order_status::confirmed);
  EXPECT_EQ(o.confirmed_at, kNow);
  ASSERT_TRUE(o.ticket.has_value());
  EXPECT_EQ(o.ticket->status, ticket_status::pending);
  EXPECT_EQ(o.ticket->station, cold().id);
  EXPECT_EQ(o.ticket->chef, 0);
}

TEST(confirm, without_a_station_the_ticket_has_none) {
  order o = stored_order();
  ASSERT_TRUE(workflow::confirm(o, context_for(waiter()), std::nullopt).ok());
  EXPECT_EQ(o.ticket->station, 0);
  EXPECT_EQ(o.ticket->station_name, "");
}

TEST(set_status, confirmed_is_the_same_as_confirm) {
  order o = stored_order();
  const auto r = workflow::set_status(o, context_for(waiter()), order_status::confirmed, grill());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_confirmed, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->station, grill().id);
}

TEST(set_status, served_completes_the_ready_ticket_and_serves_ready_items) {
  order o = order_with_ticket(ticket_status::ready);
  o.items[1].status = item_status::cancelled;
  const auto r = workflow::set_status(o, context_for(waiter()), order_status::served);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_status_changed, event_type::ticket_completed}));
  EXPECT_EQ(o.status, order_status::served);
  EXPECT_EQ(o.served_at, kNow);
  EXPECT_EQ(o.ticket->status, ticket_status::completed);
  EXPECT_EQ(o.ticket->completed_at, kNow);
  EXPECT_EQ(o.items[0].status, item_status::served);
  EXPECT_EQ(o.items[1].status, item_status::cancelled);
  EXPECT_EQ(prep_time_minutes(*o.ticket), 30);
}

TEST(set_status, completed_after_served_emits_only_the_status_change) {
  order o = order_in(order_status::served);
  const auto r = workflow::set_status(o, context_for(waiter()), order_status::completed);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_status_changed});
  EXPECT_EQ(o.status, order_status::completed);
  EXPECT_EQ(o.completed_at, kNow);
}

TEST(set_status, refuses_pending_the_kitchens_moves_and_cancelled) {
  for (const order_status to : {order_status::pending, order_status::preparing, order_status::ready,
                                order_status::cancelled}) {
    order o = order_in(order_status::confirmed);
    const auto r = workflow::set_status(o, context_for(waiter()), to);
    ASSERT_FALSE(r.ok()) << to_string(to);
    EXPECT_EQ(r.error().code, kInvalidTransition);
    EXPECT_EQ(detail(r.error(), "to"), to_string(to));
  }
}

// ---- add_items ------------------------------------------------------------------

TEST(add_items, appends_pending_items_recomputes_totals_and_lists_placeholders) {
  order o = stored_order();
  const auto r = workflow::add_items(o, context_for(waiter()), {wanted(salad(), 2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_items_added});
  ASSERT_EQ(o.items.size(), 3U);
  EXPECT_EQ(o.items[2].status, item_status::pending);
  EXPECT_EQ(o.items[2].created_at, kNow);
  EXPECT_EQ(o.total_amount, 4900);
  EXPECT_EQ(o.final_amount, 5929);  // 4900 + 490 + 539
  EXPECT_EQ(r->front().added_items, std::vector<order_item_id>{0});
  EXPECT_FALSE(o.ticket.has_value());
}

void expect_order_too_large(const result<event_list>& r, std::string_view field, size_t limit) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kOrderTooLarge) << r.error().message;
  EXPECT_EQ(detail(r.error(), "field"), field) << r.error().message;
  EXPECT_EQ(detail(r.error(), "limit"), std::to_string(limit)) << r.error().message;
}

// The probe of issue 17 grew one order to 6 100 items, 100 at a time.
TEST(add_items, refuses_to_grow_an_order_past_its_item_limit_whatever_the_steps) {
  order o = stored_order();  // two items
  const auto ctx = context_for(waiter());
  ASSERT_TRUE(workflow::add_items(o, ctx, std::vector<resolved_item>(100, wanted(salad()))).ok());
  ASSERT_TRUE(workflow::add_items(o, ctx, std::vector<resolved_item>(98, wanted(salad()))).ok());
  ASSERT_EQ(o.items.size(), kMaxItemsPerOrder);
  const order before = o;
  expect_order_too_large(workflow::add_items(o, ctx, {wanted(salad())}), "items", kMaxItemsPerOrder);
  EXPECT_EQ(o.items.size(), before.items.size());
  EXPECT_EQ(o.total_amount, before.total_amount);
}

TEST(add_items, refuses_notes_past_the_order_total_in_characters) {
  order o = stored_order();
  const auto ctx = context_for(waiter());
  const std::string note(kMaxItemNotes, 'n');
  size_t notes = count_characters(o.notes);
  for (const auto& item : o.items) notes += count_characters(item.notes);
  const size_t fit = (kMaxNotesPerOrder - notes) / kMaxItemNotes;
  ASSERT_LT(fit, kMaxItemsPerCommand);
  ASSERT_TRUE(workflow::add_items(o, ctx, std::vector<resolved_item>(fit, wanted(salad(), 1, note))).ok());
  expect_order_too_large(workflow::add_items(o, ctx, {wanted(salad(), 1, note)}), "notes", kMaxNotesPerOrder);
  EXPECT_TRUE(workflow::add_items(o, ctx, {wanted(salad())}).ok()) << "an item without a note still fits";
}

TEST(create_order, refuses_notes_past_the_order_total) {
  order o;
  const std::string note(kMaxItemNotes, 'n');
  const size_t fit = kMaxNotesPerOrder / kMaxItemNotes;
  ASSERT_LE(fit, kMaxItemsPerCommand);
  EXPECT_TRUE(create(o, std::vector<resolved_item>(fit, wanted(salad(), 1, note))).ok());
  expect_order_too_large(create(o, std::vector<resolved_item>(fit, wanted(salad(), 1, note)), "x"), "notes",
                         kMaxNotesPerOrder);
}

TEST(add_items, marks_an_open_ticket_changed_without_moving_it) {
  for (const ticket_status t :
       {ticket_status::pending, ticket_status::acknowledged, ticket_status::preparing}) {
    order o = order_with_ticket(t);
    const order_status before = o.status;
    const auto r = workflow::add_items(o, context_for(waiter()), {wanted(burger())});
    ASSERT_TRUE(r.ok()) << to_string(t);
    EXPECT_EQ(types(*r), std::vector{event_type::order_items_added});
    EXPECT_TRUE(o.ticket->changed);
    EXPECT_EQ(o.ticket->status, t);
    EXPECT_EQ(o.status, before);
  }
}

TEST(add_items, reopens_a_ready_ticket_and_sends_the_order_back_to_preparing) {
  order o = order_with_ticket(ticket_status::ready);
  o.ready_at = kNow - std::chrono::minutes{1};
  o.ticket->ready_at = o.ready_at;
  const auto r = workflow::add_items(o, context_for(waiter()), {wanted(burger())});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_items_added, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_TRUE(o.ticket->changed);
  EXPECT_FALSE(o.ticket->ready_at.has_value());
  EXPECT_EQ(o.status, order_status::preparing);
  EXPECT_FALSE(o.ready_at.has_value());
  EXPECT_EQ(r->back().order->status, order_status::preparing);
}

TEST(add_items, reopens_a_completed_ticket_of_a_served_order) {
  order o = order_in(order_status::served);
  const auto r = workflow::add_items(o, context_for(waiter()), {wanted(salad())});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_items_added, event_type::order_status_changed}));
  EXPECT_EQ(o.ticket->status, ticket_status::preparing);
  EXPECT_FALSE(o.ticket->completed_at.has_value());
  EXPECT_EQ(prep_time_minutes(*o.ticket), std::nullopt);
  EXPECT_EQ(o.status, order_status::preparing);
  EXPECT_FALSE(o.served_at.has_value());
}

TEST(add_items, is_a_conflict_on_completed_and_cancelled_orders) {
  for (const order_status s : {order_status::completed, order_status::cancelled}) {
    order o = order_in(s);
    expect_conflict(workflow::add_items(o, context_for(waiter()), {wanted(burger())}));
    EXPECT_EQ(o.items.size(), 2U);
  }
}

TEST(add_items, validates_like_create) {
  order o = stored_order();
  expect_validation(workflow::add_items(o, context_for(waiter()), {}), "items");
  expect_validation(
      workflow::add_items(o, context_for(waiter()), {wanted(salad()), wanted(salad(), 0)}),
      "items[1].quantity");
  const auto refused = workflow::add_items(o, context_for(waiter()), {wanted(sold_out_pie())});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kSoldOut);
  EXPECT_EQ(o.items.size(), 2U);
}

// ---- set_item_status ----------------------------------------------------------------

TEST(set_item_status, names_the_item_in_its_event) {
  order o = order_with_ticket(ticket_status::preparing);
  const auto r = workflow::set_item_status(o, context_for(chef()), 102, item_status::ready);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_item_status_changed});
  EXPECT_EQ(r->front().item, 102);
  EXPECT_EQ(r->front().actor, chef().id);
  EXPECT_EQ(o.items[1].status, item_status::ready);
}

TEST(set_item_status, cancelling_an_item_recomputes_the_totals) {
  order o = stored_order();
  ASSERT_TRUE(
      workflow::set_item_status(o, context_for(waiter()), 101, item_status::cancelled).ok());
  EXPECT_EQ(o.total_amount, 800);
  EXPECT_EQ(o.final_amount, 968);  // 800 + 80 + 88
}

TEST(set_item_status, an_unknown_item_is_not_found) {
  order o = stored_order();
  const auto r = workflow::set_item_status(o, context_for(waiter()), 999, item_status::preparing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kNotFound);
}

TEST(set_item_status, is_a_conflict_on_completed_and_cancelled_orders) {
  for (const order_status s : {order_status::completed, order_status::cancelled}) {
    order o = order_in(s);
    o.items[0].status = item_status::pending;  // even a move the item table allows
    expect_conflict(
        workflow::set_item_status(o, context_for(waiter()), 101, item_status::preparing));
  }
}

// ---- request_cancellation ---------------------------------------------------------------

TEST(request_cancellation, without_a_ticket_cancels_at_once) {
  order o = stored_order();
  const auto r = workflow::request_cancellation(o, context_for(waiter()), "wrong table");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r),
            (std::vector{event_type::order_cancel_requested, event_type::order_cancelled}));
  EXPECT_EQ(r->at(0).reason, "wrong table");
  EXPECT_EQ(r->at(1).reason, "wrong table");
  EXPECT_EQ(o.status, order_status::cancelled);
  EXPECT_EQ(o.cancelled_at, kNow);
  ASSERT_TRUE(o.cancellation.has_value());
  EXPECT_EQ(o.cancellation->status, cancel_request_status::accepted);
  EXPECT_EQ(o.cancellation->requested_by, waiter().id);
  EXPECT_EQ(o.cancellation->decided_at, kNow);
  for (const order_item& item : o.items) EXPECT_EQ(item.status, item_status::cancelled);
  EXPECT_EQ(o.total_amount, 3300);  // totals keep their last values
  EXPECT_EQ(o.final_amount, 3993);
}

TEST(request_cancellation, with_a_ticket_opens_a_request_for_the_kitchen) {
  order o = order_with_ticket(ticket_status::preparing);
  const auto r = workflow::request_cancellation(o, context_for(waiter()), "guest left");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(types(*r), std::vector{event_type::order_cancel_requested});
  EXPECT_EQ(r->front().reason, "guest left");
  EXPECT_EQ(o.status, order_status::preparing);
  ASSERT_TRUE(o.cancellation.has_value());
  EXPECT_EQ(o.cancellation->status, cancel_request_status::open);
  EXPECT_EQ(o.cancellation->reason, "guest left");
  EXPECT_EQ(o.cancellation->requested_at, kNow);
  EXPECT_FALSE(o.cancellation->decided_at.has_value());
}

TEST(request_cancellation, an_open_request_blocks_a_second) {
  order o = with_open_request(order_with_ticket(ticket_status::pending));
  expect_conflict(workflow::request_cancellation(o, context_for(waiter()), "again"));
  EXPECT_EQ(o.cancellation->reason, "guest left");
}

TEST(request_cancellation, is_refused_on_served_completed_and_cancelled_orders) {
  for (const order_status s :
       {order_status::served, order_status::completed, order_status::cancelled}) {
    order o = order_in(s);
    expect_conflict(workflow::request_cancellation(o, context_for(waiter()), "too late"));
    EXPECT_EQ(o.status, s);
  }
}

TEST(request_cancellation, needs_a_reason_of_1_to_500_characters) {
  order o = order_with_ticket(ticket_status::pending);
  expect_validation(workflow::request_cancellation(o, context_for(waiter()), ""), "reason");
  expect_validation(workflow::request_cancellation(o, context_for(waiter()), std::string(501, 'r')),
                    "reason");
  EXPECT_FALSE(o.cancellation.has_value());
  EXPECT_TRUE(workflow::request_cancellation(o, context_for(waiter()), std::string(500, 'r')).ok());
}

// ---- modifiers, seats, courses, allergens ------------------------------------

menu_item burger_with_choices() {
  menu_item m = burger();
  m.default_course = 2;
  m.allergens = {"gluten", "milk", "mustard"};
  m.modifier_groups = {
      modifier_group{1, kRestaurant, "Cooking", 1, 1, {{1, "rare", 0}, {2, "medium", 0}, {3, "well done", 0}}},
      modifier_group{2, kRestaurant, "Extras", 0, 3, {{4, "cheese", 150}, {5, "bacon", 200}, {6, "no bun", -300}}}};
  return m;
}

resolved_item chosen(const menu_item& m, std::vector<modifier_option_id> options, int32_t seat = 0,
                     int32_t course = 0, int32_t quantity = 1) {
  return resolved_item{new_item{m.id, quantity, "", std::move(options), seat, course}, m};
}

TEST(order_lines, keep_modifiers_seat_course_and_allergens_and_price_the_line) {
  order o;
  const auto r = create(o, {chosen(burger_with_choices(), {4, 2}, 2, 0, 2)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(o.items.size(), 1U);
  const order_item& line = o.items[0];
  EXPECT_EQ(line.unit_price, 1250);  // the base price
  ASSERT_EQ(line.modifiers.size(), 2U);
  EXPECT_EQ(line.modifiers[0], (chosen_modifier{2, "Cooking", "medium", 0}));
  EXPECT_EQ(line.modifiers[1], (chosen_modifier{4, "Extras", "cheese", 150}));
  EXPECT_EQ(line.seat, 2);
  EXPECT_EQ(line.course, 2);  // the dish's default
  EXPECT_EQ(line.allergens, (std::vector<std::string>{"gluten", "milk", "mustard"}));
  EXPECT_EQ(o.total_amount, 2 * (1250 + 150));
  // The event's snapshot carries the details too.
  ASSERT_TRUE(r->front().order.has_value());
  EXPECT_EQ(r->front().order->items[0].modifiers, line.modifiers);
}

TEST(order_lines, a_course_asked_for_wins_over_the_dishs_and_a_seat_is_optional) {
  order o;
  ASSERT_TRUE(create(o, {chosen(burger_with_choices(), {1}, 0, 1), wanted(salad())}).ok());
  EXPECT_EQ(o.items[0].course, 1);
  EXPECT_EQ(o.items[0].seat, 0);  // the table's
  EXPECT_EQ(o.items[1].course, 1);  // a dish without a course set is a starter
  EXPECT_TRUE(o.items[1].modifiers.empty());
  EXPECT_TRUE(o.items[1].allergens.empty());
}

TEST(order_lines, refuse_bad_modifiers_seats_and_courses_by_field) {
  order o;
  const auto missing = create(o, {wanted(salad()), chosen(burger_with_choices(), {4})});
  expect_validation(missing, "items[1].modifiers");
  EXPECT_NE(missing.error().message.find("Cooking"), std::string::npos) << missing.error().message;
  expect_validation(create(o, {chosen(burger_with_choices(), {1, 1})}), "items[0].modifiers");
  expect_validation(create(o, {chosen(burger_with_choices(), {1, 99})}), "items[0].modifiers");
  expect_validation(create(o, {chosen(burger_with_choices(), {1}, -1)}), "items[0].seat");
  expect_validation(create(o, {chosen(burger_with_choices(), {1}, kMaxSeats + 1)}), "items[0].seat");
  expect_validation(create(o, {chosen(burger_with_choices(), {1}, 0, 6)}), "items[0].course");
  expect_validation(create(o, {chosen(burger_with_choices(), {1}, 0, -1)}), "items[0].course");
  EXPECT_TRUE(create(o, {chosen(burger_with_choices(), {1}, kMaxSeats, 5)}).ok());
  EXPECT_EQ(o.items[0].seat, kMaxSeats);
}

TEST(order_lines, a_line_that_would_cost_less_than_nothing_is_refused) {
  menu_item cheap = burger_with_choices();
  cheap.price = 200;  // "no bun" takes 3.00 off
  order o;
  expect_validation(create(o, {chosen(cheap, {1, 6})}), "items[0].modifiers");
  cheap.price = 300;
  ASSERT_TRUE(create(o, {chosen(cheap, {1, 6})}).ok());
  EXPECT_EQ(o.total_amount, 0);
}

TEST(order_lines, an_archived_dish_cannot_be_ordered_or_added) {
  menu_item gone = burger_with_choices();
  gone.archived = true;
  order o;
  expect_validation(create(o, {chosen(gone, {1})}), "items[0].menuItemId");
  order open = stored_order();
  expect_validation(workflow::add_items(open, context_for(waiter()), {chosen(gone, {1})}), "items[0].menuItemId");
  EXPECT_EQ(open.items.size(), 2U);
}

TEST(order_lines, added_items_check_and_keep_their_modifiers_too) {
  order o = stored_order();
  expect_validation(workflow::add_items(o, context_for(waiter()), {chosen(burger_with_choices(), {})}),
                    "items[0].modifiers");
  ASSERT_EQ(o.items.size(), 2U);
  ASSERT_TRUE(workflow::add_items(o, context_for(waiter()), {chosen(burger_with_choices(), {3, 5}, 4)}).ok());
  ASSERT_EQ(o.items.size(), 3U);
  EXPECT_EQ(o.items[2].seat, 4);
  EXPECT_EQ(o.items[2].modifiers.size(), 2U);
  EXPECT_EQ(o.total_amount, 3300 + 1250 + 200);
}

// ---- helpers --------------------------------------------------------------------

TEST(ticket_station_source, is_the_first_item_not_cancelled) {
  order o = stored_order();
  EXPECT_EQ(workflow::ticket_station_source(o), burger().id);
  o.items[0].status = item_status::cancelled;
  EXPECT_EQ(workflow::ticket_station_source(o), salad().id);
  o.items[1].status = item_status::cancelled;
  EXPECT_EQ(workflow::ticket_station_source(o), burger().id);
  o.items.clear();
  EXPECT_EQ(workflow::ticket_station_source(o), std::nullopt);
}

}  // namespace
}  // namespace brigade::kitchen

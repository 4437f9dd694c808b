#include "kitchen/order_workflow.hpp"

#include <fmt/format.h>

#include "kitchen/errors.hpp"
#include "kitchen/line_progress.hpp"
#include "kitchen/menu_rules.hpp"
#include "kitchen/order_effects.hpp"
#include "kitchen/pricing.hpp"
#include "kitchen/transitions.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen::workflow {
namespace {

// One line of the order as the guest asked for it: name, price and
// allergens copied from the menu, modifiers checked against the dish's
// groups and copied too, so later menu edits leave the order as ordered.
result<order_item> make_line(const resolved_item& item, size_t i, timestamp now) {
  const new_item& request = item.request;
  if (request.quantity < kMinQuantity || request.quantity > kMaxQuantity) {
    return validation_error(item_field(i, "quantity"),
                            fmt::format("quantity must be a whole number from {} to {}", kMinQuantity, kMaxQuantity));
  }
  if (auto e = check_length(item_field(i, "notes"), request.notes, 0, kMaxItemNotes)) return *e;
  if (request.seat < 0 || request.seat > kMaxSeats) {
    return validation_error(item_field(i, "seat"), fmt::format("seat must be from 1 to {}", kMaxSeats));
  }
  const int32_t course = request.course == 0 ? item.menu->default_course : request.course;
  if (auto e = check_course(item_field(i, "course"), course)) return *e;
  auto modifiers = choose_modifiers(*item.menu, request.modifiers, item_field(i, "modifiers"));
  if (!modifiers) return modifiers.error();
  order_item line;
  line.menu_item = item.menu->id;
  line.name = item.menu->name;
  line.quantity = request.quantity;
  line.unit_price = item.menu->price;
  line.notes = request.notes;
  line.status = item_status::pending;
  line.created_at = now;
  line.modifiers = std::move(*modifiers);
  line.seat = request.seat;
  line.course = course;
  line.allergens = item.menu->allergens;
  line.prep_minutes = item.menu->prep_minutes;
  if (item.station) {
    line.station = item.station->id;
    line.station_name = item.station->name;
  }
  if (line_unit_price(line) < 0) {
    return validation_error(item_field(i, "modifiers"),
                            fmt::format("the modifiers would make {} cost less than nothing", line.name));
  }
  return line;
}

// Every malformed field is a 400 before any sold-out item is a 409: a
// request that cannot be right never depends on today's stock.
result<std::vector<order_item>> make_lines(const context& ctx, const std::vector<resolved_item>& items) {
  if (items.size() < kMinItemsPerCommand || items.size() > kMaxItemsPerCommand) {
    return validation_error(
        "items", fmt::format("between {} and {} items are needed, not {}", kMinItemsPerCommand,
                             kMaxItemsPerCommand, items.size()));
  }
  std::vector<order_item> lines;
  lines.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const resolved_item& item = items[i];
    if (!item.menu || item.menu->restaurant != ctx.restaurant.id || item.menu->archived) {
      return validation_error(item_field(i, "menuItemId"),
                              fmt::format("menu item {} does not exist", item.request.menu_item));
    }
    auto line = make_line(item, i, ctx.now);
    if (!line) return line.error();
    lines.push_back(std::move(*line));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].menu->available) continue;
    return sold_out(items[i].menu->name, items[i].menu->id, item_field(i, "menuItemId"));
  }
  return lines;
}

size_t notes_characters(const order& o) {
  size_t total = count_characters(o.notes);
  for (const order_item& line : o.items) total += count_characters(line.notes);
  return total;
}

// The limits of one order over all its commands (validation.hpp): checked
// against what the order would become, so no sequence of adds passes them.
std::optional<error> check_order_size(const order& o, std::string_view new_order_notes,
                                      const std::vector<order_item>& items) {
  const size_t lines = o.items.size() + items.size();
  if (lines > kMaxItemsPerOrder) {
    return order_too_large("items", kMaxItemsPerOrder,
                           fmt::format("An order may have at most {} items; this one would have {}. "
                                       "Start another order for the table",
                                       kMaxItemsPerOrder, lines));
  }
  size_t notes = notes_characters(o) + count_characters(new_order_notes);
  for (const order_item& item : items) notes += count_characters(item.notes);
  if (notes > kMaxNotesPerOrder) {
    return order_too_large("notes", kMaxNotesPerOrder,
                           fmt::format("The notes of an order may have at most {} characters in all; "
                                       "this one would have {}",
                                       kMaxNotesPerOrder, notes));
  }
  return std::nullopt;
}

result<event_list> serve(order& o, const context& ctx) {
  // The ticket completes with the order only when it is ready; any other
  // ticket (none, or already closed) is left as it is.
  const bool ticket_completes = o.ticket && o.ticket->status == ticket_status::ready;
  if (ticket_completes) {
    complete_ticket(o, ctx.now);
  } else {
    move_order(o, order_status::served, ctx.now);
  }
  event_list events{make_event(event_type::order_status_changed, ctx, o)};
  if (ticket_completes) events.push_back(make_event(event_type::ticket_completed, ctx, o));
  return events;
}

}  // namespace

result<event_list> create_order(order& o, const context& ctx, const std::optional<table>& at,
                                const std::vector<resolved_item>& items, std::string_view notes,
                                const std::optional<station>& ticket_station) {
  if (!at || at->restaurant != ctx.restaurant.id)
    return validation_error("tableId", "table does not exist");
  auto lines = make_lines(ctx, items);
  if (!lines) return lines.error();
  if (auto e = check_length("notes", notes, 0, kMaxOrderNotes)) return *e;
  if (auto e = check_order_size(order{}, notes, *lines)) return *e;

  order created;
  created.restaurant = ctx.restaurant.id;
  created.table = at->id;
  created.status = order_status::pending;
  created.notes = std::string(notes);
  created.created_by = ctx.actor.staff_or_none();
  created.created_at = ctx.now;
  created.items = std::move(*lines);
  recompute_totals(created, ctx.restaurant.pricing);
  if (!ctx.restaurant.send_to_kitchen_on_create) {
    o = std::move(created);
    return event_list{make_event(event_type::order_created, ctx, o)};
  }
  move_order(created, order_status::confirmed, ctx.now);
  open_ticket(created, ctx, ticket_station);
  o = std::move(created);
  return event_list{make_event(event_type::order_created, ctx, o),
                    make_event(event_type::order_confirmed, ctx, o)};
}

result<event_list> confirm(order& o, const context& ctx,
                           const std::optional<station>& ticket_station) {
  if (!order_status_settable(o.status, order_status::confirmed)) {
    return invalid_transition("order", o.status, order_status::confirmed);
  }
  move_order(o, order_status::confirmed, ctx.now);
  if (!o.ticket) open_ticket(o, ctx, ticket_station);
  return event_list{make_event(event_type::order_confirmed, ctx, o),
                    make_event(event_type::order_status_changed, ctx, o)};
}

result<event_list> set_status(order& o, const context& ctx, order_status to,
                              const std::optional<station>& ticket_station) {
  if (!order_status_settable(o.status, to)) return invalid_transition("order", o.status, to);
  switch (to) {
    case order_status::confirmed:
      return confirm(o, ctx, ticket_station);
    case order_status::served:
      return serve(o, ctx);
    default:
      break;
  }
  move_order(o, to, ctx.now);
  return event_list{make_event(event_type::order_status_changed, ctx, o)};
}

result<event_list> add_items(order& o, const context& ctx,
                             const std::vector<resolved_item>& items) {
  auto lines = make_lines(ctx, items);
  if (!lines) return lines.error();
  if (!order_accepts_items(o.status)) {
    return conflict(fmt::format("items cannot be added to a {} order", to_string(o.status)));
  }
  if (auto e = check_order_size(o, {}, *lines)) return *e;
  const size_t first_new = o.items.size();
  for (order_item& line : *lines) o.items.push_back(std::move(line));
  recompute_totals(o, ctx.restaurant.pricing);
  bool order_moved = false;
  if (o.ticket) {
    o.ticket->changed = true;
    // Only lines that go to the kitchen now reopen a finished ticket; a
    // held course waits for its fire.
    const bool any_fired = place_new_lines(o, first_new, ctx);
    if (any_fired && ticket_reopens(o.ticket->status)) order_moved = reopen_ticket(o);
  }
  domain_event added = make_event(event_type::order_items_added, ctx, o);
  // Ids are 0 until the store saves the items; attach_saved_order fills them.
  for (size_t i = first_new; i < o.items.size(); ++i) added.added_items.push_back(o.items[i].id);
  event_list events{std::move(added)};
  if (order_moved) events.push_back(make_event(event_type::order_status_changed, ctx, o));
  return events;
}

result<event_list> set_item_status(order& o, const context& ctx, order_item_id item_id,
                                   item_status to) {
  order_item* item = nullptr;
  for (order_item& candidate : o.items) {
    if (candidate.id == item_id) item = &candidate;
  }
  if (item == nullptr) return not_found("order item", item_id);
  if (!order_accepts_item_changes(o.status)) {
    return conflict(fmt::format("items of a {} order cannot change", to_string(o.status)));
  }
  if (!item_can_move(item->status, to)) return invalid_transition("item", item->status, to);
  // A line waiting for its turn may be started early; one whose course
  // waits for the waiter may not.
  if (waits_for_fire(*item) && to != item_status::cancelled) return held_course(item->course);
  if (to != item_status::cancelled) release_early(*item, ctx.now);
  move_line(*item, to, ctx.now);
  if (to == item_status::cancelled) recompute_totals(o, ctx.restaurant.pricing);
  domain_event changed = make_event(event_type::order_item_status_changed, ctx, o);
  changed.item = item_id;
  event_list events{std::move(changed)};
  ticket_follows_lines(o, ctx, events);
  return events;
}

result<event_list> request_cancellation(order& o, const context& ctx, std::string_view reason) {
  if (auto e = check_length("reason", reason, kMinReason, kMaxReason)) return *e;
  if (!order_accepts_cancel_request(o.status)) {
    return conflict(fmt::format("a {} order cannot be cancelled", to_string(o.status)));
  }
  if (o.cancellation && o.cancellation->status == cancel_request_status::open) {
    return conflict("a cancellation request is already open for this order");
  }
  cancel_request request;
  request.reason = std::string(reason);
  request.requested_by = ctx.actor.staff_or_none();
  request.requested_at = ctx.now;
  request.status = cancel_request_status::open;
  // Nothing reached the kitchen yet, so nobody needs to agree.
  const bool immediate = !o.ticket.has_value();
  if (immediate) {
    request.status = cancel_request_status::accepted;
    request.decided_at = ctx.now;
  }
  o.cancellation = std::move(request);
  if (immediate) cancel_order(o, ctx.now);

  domain_event requested = make_event(event_type::order_cancel_requested, ctx, o);
  requested.reason = std::string(reason);
  event_list events{std::move(requested)};
  if (immediate) {
    domain_event cancelled = make_event(event_type::order_cancelled, ctx, o);
    cancelled.reason = std::string(reason);
    events.push_back(std::move(cancelled));
  }
  return events;
}

std::optional<menu_item_id> ticket_station_source(const order& o) {
  if (o.items.empty()) return std::nullopt;
  for (const order_item& item : o.items) {
    if (item.status != item_status::cancelled) return item.menu_item;
  }
  return o.items.front().menu_item;
}

}  // namespace brigade::kitchen::workflow

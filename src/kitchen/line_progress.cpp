#include "kitchen/line_progress.hpp"

#include <algorithm>
#include <limits>

#include "kitchen/order_effects.hpp"
#include "kitchen/station_parts.hpp"
#include "kitchen/transitions.hpp"

namespace brigade::kitchen::workflow {
namespace {

bool is_done(item_status s) { return s == item_status::ready || s == item_status::served; }

void fire_line(order_item& line, timestamp now) {
  line.held = false;
  line.fired_at = now;
}

}  // namespace

station_id line_station(const order& o, const order_item& line) {
  if (line.station != 0) return line.station;
  return o.ticket ? o.ticket->station : 0;
}

void keep_station_lines(order& o, station_id where) {
  if (o.ticket) o.ticket->parts_of_whole = station_parts(o);
  std::erase_if(o.items, [&](const order_item& line) {
    return line.status == item_status::cancelled || line_station(o, line) != where;
  });
}

int32_t highest_fired_course(const order& o) {
  int32_t highest = 0;
  for (const order_item& line : o.items) {
    if (line.fired_at) highest = std::max(highest, line.course);
  }
  return highest;
}

void fire_first_course(order& o, timestamp now) {
  int32_t first = std::numeric_limits<int32_t>::max();
  for (const order_item& line : o.items) {
    if (line.status != item_status::cancelled) first = std::min(first, line.course);
  }
  for (order_item& line : o.items) {
    if (line.status == item_status::cancelled) continue;
    if (line.course == first) {
      fire_line(line, now);
    } else {
      line.held = true;
    }
  }
}

bool place_new_lines(order& o, size_t first_new, timestamp now) {
  int32_t fired = highest_fired_course(o);
  // Nothing fired yet (every earlier line cancelled): the new lines' first
  // course goes, as on a new ticket.
  if (fired == 0) {
    fired = std::numeric_limits<int32_t>::max();
    for (size_t i = first_new; i < o.items.size(); ++i) fired = std::min(fired, o.items[i].course);
  }
  bool any_fired = false;
  for (size_t i = first_new; i < o.items.size(); ++i) {
    order_item& line = o.items[i];
    if (line.course <= fired) {
      fire_line(line, now);
      any_fired = true;
    } else {
      line.held = true;
    }
  }
  return any_fired;
}

std::vector<order_item_id> fire_course_lines(order& o, int32_t course, timestamp now) {
  std::vector<order_item_id> fired;
  for (order_item& line : o.items) {
    if (line.course != course || !line.held || line.status == item_status::cancelled) continue;
    fire_line(line, now);
    fired.push_back(line.id);
  }
  return fired;
}

void move_line(order_item& line, item_status to, timestamp now) {
  const item_status from = line.status;
  line.status = to;
  switch (to) {
    case item_status::preparing:
      if (!line.started_at) line.started_at = now;
      break;
    case item_status::ready:
      // A recall (served → ready) keeps the first ready time: the food has
      // been ready since then.
      if (!line.ready_at) line.ready_at = now;
      if (from == item_status::served) line.served_at.reset();
      break;
    case item_status::served:
      line.served_at = now;
      break;
    default:
      break;
  }
}

void ticket_follows_lines(order& o, const context& ctx, event_list& events) {
  if (!o.ticket || !ticket_is_open(o.ticket->status)) return;
  kitchen_order& ticket = *o.ticket;
  bool any_live = false;
  bool any_started = false;
  bool all_done = true;
  for (const order_item& line : o.items) {
    if (line.status == item_status::cancelled) continue;
    any_live = true;
    if (line.status != item_status::pending) any_started = true;
    if (!is_done(line.status)) all_done = false;
  }
  const bool waiting = ticket.status == ticket_status::pending || ticket.status == ticket_status::acknowledged;
  // One order_status_changed at the end, with where the order ended up,
  // even when a station's "done" takes a waiting ticket straight to ready.
  bool order_moved = false;
  if (waiting && any_started) {
    ticket.status = ticket_status::preparing;
    if (ticket.chef == 0) take_chef(ticket, ctx.actor);
    ticket.started_at = ctx.now;
    order_moved = order_follows(o, order_status::preparing, ctx.now);
    events.push_back(make_event(event_type::ticket_preparing, ctx, o));
  }
  if (ticket.status == ticket_status::preparing && any_live && all_done) {
    ticket.status = ticket_status::ready;
    ticket.ready_at = ctx.now;
    order_moved = order_follows(o, order_status::ready, ctx.now) || order_moved;
    events.push_back(make_event(event_type::ticket_ready, ctx, o));
  }
  if (order_moved) events.push_back(make_event(event_type::order_status_changed, ctx, o));
}

}  // namespace brigade::kitchen::workflow

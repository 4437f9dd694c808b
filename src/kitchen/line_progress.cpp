#include "kitchen/line_progress.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "kitchen/order_effects.hpp"
#include "kitchen/station_parts.hpp"
#include "kitchen/transitions.hpp"

namespace brigade::kitchen::workflow {
namespace {

bool is_done(item_status s) { return s == item_status::ready || s == item_status::served; }

void fire_line(order_item& line, timestamp now) {
  line.held = false;
  line.release_at.reset();
  line.fired_at = now;
}

bool is_live(const order_item& line) { return line.status != item_status::cancelled; }

// See the header: the lines of `batch` go now, or at their turn.
void send_lines(const std::vector<order_item*>& batch, const context& ctx) {
  int32_t slowest = 0;
  if (ctx.restaurant.fire_by_prep_time) {
    for (const order_item* line : batch) slowest = std::max(slowest, line->prep_minutes);
  }
  for (order_item* line : batch) {
    const int32_t wait = line->prep_minutes > 0 ? slowest - line->prep_minutes : 0;
    if (wait > 0) {
      line->held = true;
      line->release_at = ctx.now + std::chrono::minutes{wait};
    } else {
      fire_line(*line, ctx.now);
    }
  }
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

bool waits_for_fire(const order_item& line) { return line.held && !line.release_at; }

int32_t highest_fired_course(const order& o) {
  int32_t highest = 0;
  for (const order_item& line : o.items) {
    if (line.fired_at) highest = std::max(highest, line.course);
  }
  return highest;
}

void fire_first_course(order& o, const context& ctx) {
  int32_t first = std::numeric_limits<int32_t>::max();
  for (const order_item& line : o.items) {
    if (is_live(line)) first = std::min(first, line.course);
  }
  std::vector<order_item*> sent;
  for (order_item& line : o.items) {
    if (!is_live(line)) continue;
    if (line.course == first) {
      sent.push_back(&line);
    } else {
      line.held = true;
    }
  }
  send_lines(sent, ctx);
}

bool place_new_lines(order& o, size_t first_new, const context& ctx) {
  int32_t fired = highest_fired_course(o);
  // Nothing fired yet (every earlier line cancelled): the new lines' first
  // course goes, as on a new ticket.
  if (fired == 0) {
    fired = std::numeric_limits<int32_t>::max();
    for (size_t i = first_new; i < o.items.size(); ++i) fired = std::min(fired, o.items[i].course);
  }
  std::vector<order_item*> sent;
  for (size_t i = first_new; i < o.items.size(); ++i) {
    order_item& line = o.items[i];
    if (line.course <= fired) {
      sent.push_back(&line);
    } else {
      line.held = true;
    }
  }
  send_lines(sent, ctx);
  return std::any_of(sent.begin(), sent.end(), [](const order_item* line) { return !line->held; });
}

std::optional<int32_t> next_held_course(const order& o) {
  std::optional<int32_t> next;
  for (const order_item& line : o.items) {
    if (!waits_for_fire(line) || !is_live(line)) continue;
    if (!next || line.course < *next) next = line.course;
  }
  return next;
}

bool auto_fire_due(const order& o, const restaurant& where, timestamp now) {
  if (where.auto_fire_minutes <= 0 || !o.ticket || !order_is_open(o.status) || !next_held_course(o)) return false;
  std::optional<timestamp> last;
  for (const order_item& line : o.items) {
    if (line.fired_at && (!last || *line.fired_at > *last)) last = line.fired_at;
  }
  return last && *last + std::chrono::minutes{where.auto_fire_minutes} <= now;
}

std::vector<order_item_id> fire_course_lines(order& o, int32_t course, const context& ctx) {
  std::vector<order_item*> waiting;
  std::vector<order_item*> scheduled;
  for (order_item& line : o.items) {
    if (line.course != course || !line.held || !is_live(line)) continue;
    (waits_for_fire(line) ? waiting : scheduled).push_back(&line);
  }
  if (!waiting.empty()) {
    send_lines(waiting, ctx);
  } else {
    for (order_item* line : scheduled) fire_line(*line, ctx.now);
  }
  std::vector<order_item_id> sent;
  for (const order_item* line : waiting.empty() ? scheduled : waiting) sent.push_back(line->id);
  return sent;
}

bool release_due(const order& o, timestamp now) {
  if (!o.ticket || !order_is_open(o.status)) return false;
  return std::any_of(o.items.begin(), o.items.end(), [now](const order_item& line) {
    return line.held && line.release_at && *line.release_at <= now && is_live(line);
  });
}

std::vector<int32_t> release_due_lines(order& o, timestamp now) {
  std::vector<int32_t> courses;
  for (order_item& line : o.items) {
    if (!line.held || !line.release_at || *line.release_at > now || !is_live(line)) continue;
    fire_line(line, now);
    if (std::find(courses.begin(), courses.end(), line.course) == courses.end()) courses.push_back(line.course);
  }
  std::sort(courses.begin(), courses.end());
  return courses;
}

void release_early(order_item& line, timestamp now) {
  if (line.held && line.release_at) fire_line(line, now);
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

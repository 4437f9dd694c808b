#include "kitchen/station_workflow.hpp"

#include <fmt/format.h>

#include "kitchen/errors.hpp"
#include "kitchen/line_progress.hpp"
#include "kitchen/menu_rules.hpp"
#include "kitchen/order_effects.hpp"
#include "kitchen/transitions.hpp"

namespace brigade::kitchen::workflow {
namespace {

std::optional<error> check_kitchen_open(const order& o) {
  if (!o.ticket) return conflict("the order has not gone to the kitchen yet: confirm it first");
  if (!order_is_open(o.status)) {
    return conflict(fmt::format("the order is {}: it can no longer change", to_string(o.status)));
  }
  return std::nullopt;
}

bool has_course(const order& o, int32_t course) {
  for (const order_item& line : o.items) {
    if (line.course == course && line.status != item_status::cancelled) return true;
  }
  return false;
}

// Forward only: a station's "start" leaves its ready lines ready.
bool behind(item_status status, item_status to) {
  if (status == item_status::pending) return true;
  return status == item_status::preparing && to == item_status::ready;
}

// Lines of `courses` just went on the screens: a ready ticket has work
// again.
event_list courses_fired(order& o, const context& ctx, const std::vector<int32_t>& courses) {
  const bool order_moved = ticket_reopens(o.ticket->status) && reopen_ticket(o);
  event_list events;
  for (const int32_t course : courses) {
    domain_event fire = make_event(event_type::order_course_fired, ctx, o);
    fire.course = course;
    events.push_back(std::move(fire));
  }
  if (order_moved) events.push_back(make_event(event_type::order_status_changed, ctx, o));
  return events;
}

}  // namespace

result<event_list> fire_course(order& o, const context& ctx, int32_t course) {
  if (auto e = check_course("course", course)) return *e;
  if (auto e = check_kitchen_open(o)) return *e;
  if (!has_course(o, course)) return conflict(fmt::format("the order has no course {}", course));
  const std::vector<order_item_id> fired = fire_course_lines(o, course, ctx);
  if (fired.empty()) return event_list{};
  return courses_fired(o, ctx, {course});
}

result<event_list> release_due_lines(order& o, const context& ctx) {
  if (!o.ticket || !order_is_open(o.status)) return event_list{};
  const std::vector<int32_t> courses = release_due_lines(o, ctx.now);
  if (courses.empty()) return event_list{};
  return courses_fired(o, ctx, courses);
}

result<event_list> set_station_progress(order& o, const context& ctx, station_id where, item_status to) {
  if (to != item_status::preparing && to != item_status::ready)
    return validation_error("status", "a station's part moves to preparing or ready");
  if (!o.ticket) return conflict("the order has not gone to the kitchen yet: confirm it first");
  bool station_has_lines = false;
  for (const order_item& line : o.items) {
    if (line.status != item_status::cancelled && line_station(o, line) == where) station_has_lines = true;
  }
  if (!station_has_lines) return not_found("station on this ticket", where);
  if (!ticket_is_open(o.ticket->status) || !order_accepts_item_changes(o.status)) {
    return conflict(fmt::format("the ticket is {}: its lines cannot change", to_string(o.ticket->status)));
  }
  event_list events;
  for (order_item& line : o.items) {
    if (line_station(o, line) != where || line.held || !behind(line.status, to)) continue;
    move_line(line, to, ctx.now);
    domain_event moved = make_event(event_type::order_item_status_changed, ctx, o);
    moved.item = line.id;
    events.push_back(std::move(moved));
  }
  if (events.empty()) return events;
  ticket_follows_lines(o, ctx, events);
  return events;
}

result<event_list> assign_line_station(order& o, const context& ctx, order_item_id line_id,
                                       const std::optional<station>& where) {
  if (!where || where->restaurant != ctx.restaurant.id)
    return validation_error("stationId", "station does not exist");
  order_item* line = nullptr;
  for (order_item& candidate : o.items) {
    if (candidate.id == line_id) line = &candidate;
  }
  if (line == nullptr) return not_found("order item", line_id);
  if (!o.ticket || !ticket_is_open(o.ticket->status)) return conflict("the ticket is closed: its lines stay where they are");
  if (line->status == item_status::served || line->status == item_status::cancelled) {
    return conflict(fmt::format("the item is {}: it no longer moves between stations", to_string(line->status)));
  }
  if (line->station == where->id) return event_list{};
  line->station = where->id;
  line->station_name = where->name;
  domain_event moved = make_event(event_type::ticket_item_station_assigned, ctx, o);
  moved.item = line_id;
  return event_list{std::move(moved)};
}

}  // namespace brigade::kitchen::workflow

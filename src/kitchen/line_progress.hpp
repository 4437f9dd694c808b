#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen::workflow {

// An order's lines on their way through the kitchen (docs/kitchen.md
// "Stations and courses"): where each is cooked, which course is held, each
// line's own times, and the ticket that follows its lines. They change `o`
// only; the commands check the rules first. Not synchronised.

/// The station that cooks `line`: its own, else the ticket's (0: none).
station_id line_station(const order& o, const order_item& line);

/// What a station's screen shows of `o`: only the lines `where` cooks
/// (cancelled ones aside); the ticket keeps every station's part, counted
/// before (kitchen_order::parts_of_whole).
void keep_station_lines(order& o, station_id where);

/// The highest course already sent to the kitchen (0: none yet).
int32_t highest_fired_course(const order& o);

/// The ticket just opened: the lowest course among the lines not cancelled
/// is fired at `now`, every later course is held.
void fire_first_course(order& o, timestamp now);

/// Lines appended to an order that has a ticket, from `first_new` on: a
/// line whose course was already fired goes at once, a later one is held
/// (when nothing was fired yet, the new lines' first course goes).
/// Returns whether any went at once.
bool place_new_lines(order& o, size_t first_new, timestamp now);

/// Sends every held line of `course` to the kitchen; returns their ids.
std::vector<order_item_id> fire_course_lines(order& o, int32_t course, timestamp now);

/// Sets a line's status and the time that goes with it (started, ready,
/// served); moving back to ready (a recall) clears served_at.
void move_line(order_item& line, item_status to, timestamp now);

/// The ticket follows its lines after some moved: the first line started
/// starts a waiting ticket; once every line not cancelled is ready (or
/// served) an open ticket that is not ready yet becomes ready, once.
/// Appends ticket_preparing / ticket_ready and order_status_changed (when
/// the order followed) to `events`.
void ticket_follows_lines(order& o, const context& ctx, event_list& events);

}  // namespace brigade::kitchen::workflow

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

/// Whether `line` waits for the waiter to fire its course (held with no
/// release time), as opposed to a fired line waiting for its turn.
bool waits_for_fire(const order_item& line);

/// The highest course already sent to the kitchen (0: none yet).
int32_t highest_fired_course(const order& o);

// Lines "sent" to the kitchen together go on the stations' screens at
// ctx.now; with the restaurant's fire by prep time, a line quicker than the
// slowest line sent with it waits (held, release_at) for the difference, so
// that they finish together. Lines without a prep time go at once.

/// The ticket just opened: the lowest course among the lines not cancelled
/// is sent, every later course is held.
void fire_first_course(order& o, const context& ctx);

/// Lines appended to an order that has a ticket, from `first_new` on: a
/// line whose course was already fired is sent, a later one is held (when
/// nothing was fired yet, the new lines' first course is sent).
/// Returns whether any went on the screens at once.
bool place_new_lines(order& o, size_t first_new, const context& ctx);

/// The lowest course with a line not cancelled that waits for its fire
/// (nullopt: none).
std::optional<int32_t> next_held_course(const order& o);

/// Whether the restaurant's auto-fire is due for `o` at `now`: it is on,
/// the order is open with a ticket and a held course, and its latest line
/// went to the kitchen at least auto_fire_minutes ago.
bool auto_fire_due(const order& o, const restaurant& where, timestamp now);

/// Sends the lines of `course` that wait for its fire; when none does, the
/// course was fired already and its lines still waiting for their turn go
/// at once (firing twice means "now"). Returns the ids of the lines sent.
std::vector<order_item_id> fire_course_lines(order& o, int32_t course, const context& ctx);

/// Whether an open order with a ticket has a fired line whose turn came by
/// `now`.
bool release_due(const order& o, timestamp now);

/// Puts on the screens every line whose turn came by `now`; returns the
/// courses they belong to, lowest first.
std::vector<int32_t> release_due_lines(order& o, timestamp now);

/// A chef starts a line before its turn: it goes on the screens now.
void release_early(order_item& line, timestamp now);

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

#pragma once

#include <cstdint>
#include <optional>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen::workflow {

// The commands of docs/kitchen.md "Stations and courses", as pure functions
// over one order. Same contract as order_workflow.hpp: rules first, `o`
// unchanged on error, events in the documented order without
// kitchen_stats_changed. Not synchronised: one order, one caller.

/// The waiter fires `course` (1–kMaxCourse): every held line of it goes to
/// the kitchen (line_progress.hpp fire_course_lines: staggered by prep time
/// if the restaurant says so). A course with no line is a conflict, and so
/// is an order that has not gone to the kitchen or is closed; a course with
/// nothing held changes and emits nothing. A ready or completed ticket
/// reopens to preparing. Events: order_course_fired (+ order_status_changed).
result<event_list> fire_course(order& o, const context& ctx, int32_t course);

/// The timer: fired lines whose turn came (fire by prep time) go on the
/// screens. A closed order or nothing due emits nothing. Events: one
/// order_course_fired per course released (+ order_status_changed when a
/// ready ticket reopens).
result<event_list> release_due_lines(order& o, const context& ctx);

/// A station's part of the ticket: every fired line not cancelled of
/// `where` (0: the lines without a station) moves on to `to` (preparing or
/// ready); lines already there or further stay. No line of the station is
/// not_found; a closed ticket is a conflict; nothing to move changes and
/// emits nothing. Events: one order_item_status_changed per line moved,
/// then the ticket's (line_progress.hpp ticket_follows_lines).
result<event_list> set_station_progress(order& o, const context& ctx, station_id where, item_status to);

/// A chef sends one line to another station (`where` is what the store
/// found: nullopt → validation `stationId`). Open ticket; the line neither
/// served nor cancelled; the same station again emits nothing.
/// Events: ticket_item_station_assigned.
result<event_list> assign_line_station(order& o, const context& ctx, order_item_id line,
                                       const std::optional<station>& where);

}  // namespace brigade::kitchen::workflow

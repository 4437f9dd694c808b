#pragma once

#include <optional>
#include <string_view>

namespace brigade::kitchen {

/// An order's life: pending → confirmed → preparing → ready → served →
/// completed, or cancelled through the cancellation workflow.
enum class order_status { pending, confirmed, preparing, ready, served, completed, cancelled };

/// One order line's life.
enum class item_status { pending, preparing, ready, served, cancelled };

/// The kitchen ticket's life: pending → acknowledged → preparing → ready →
/// completed, or cancelled when the kitchen accepts a cancellation.
enum class ticket_status { pending, acknowledged, preparing, ready, completed, cancelled };

enum class ticket_priority { normal, express, vip };

/// Who acts: the three staff roles people log in with, and the two screen
/// (device) roles a manager issues tokens for. Only the first three can be
/// a staff member's role in the store.
enum class staff_role { waiter, chef, manager, kitchen_display, table_display };

/// Whether the role belongs to a screen (a device token) rather than a person.
constexpr bool is_device_role(staff_role r) {
  return r == staff_role::kitchen_display || r == staff_role::table_display;
}

/// A cancellation request: open until the kitchen accepts or rejects it.
enum class cancel_request_status { open, accepted, rejected };

// Wire names (the specification's lower-case strings) and their parsers;
// a parser returns nullopt for any other spelling.
std::string_view to_string(order_status s);
std::string_view to_string(item_status s);
std::string_view to_string(ticket_status s);
std::string_view to_string(ticket_priority p);
std::string_view to_string(staff_role r);
std::string_view to_string(cancel_request_status s);

std::optional<order_status> parse_order_status(std::string_view text);
std::optional<item_status> parse_item_status(std::string_view text);
std::optional<ticket_status> parse_ticket_status(std::string_view text);
std::optional<ticket_priority> parse_ticket_priority(std::string_view text);
std::optional<staff_role> parse_staff_role(std::string_view text);
std::optional<cancel_request_status> parse_cancel_request_status(std::string_view text);

}  // namespace brigade::kitchen

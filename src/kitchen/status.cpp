#include "kitchen/status.hpp"

#include <array>
#include <utility>

namespace brigade::kitchen {
namespace {

// Each enum's wire names, indexed by its value.
constexpr std::array<std::string_view, 7> kOrderStatus{"pending", "confirmed", "preparing", "ready",
                                                       "served",  "completed", "cancelled"};
constexpr std::array<std::string_view, 5> kItemStatus{"pending", "preparing", "ready", "served", "cancelled"};
constexpr std::array<std::string_view, 6> kTicketStatus{"pending", "acknowledged", "preparing",
                                                        "ready",   "completed",    "cancelled"};
constexpr std::array<std::string_view, 3> kPriority{"normal", "express", "vip"};
constexpr std::array<std::string_view, 5> kRole{"waiter", "chef", "manager", "kitchen_display", "table_display"};
constexpr std::array<std::string_view, 3> kCancelStatus{"open", "accepted", "rejected"};

template <typename Enum, size_t N>
std::optional<Enum> parse(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(order_status s) { return kOrderStatus.at(static_cast<size_t>(s)); }
std::string_view to_string(item_status s) { return kItemStatus.at(static_cast<size_t>(s)); }
std::string_view to_string(ticket_status s) { return kTicketStatus.at(static_cast<size_t>(s)); }
std::string_view to_string(ticket_priority p) { return kPriority.at(static_cast<size_t>(p)); }
std::string_view to_string(staff_role r) { return kRole.at(static_cast<size_t>(r)); }
std::string_view to_string(cancel_request_status s) { return kCancelStatus.at(static_cast<size_t>(s)); }

std::optional<order_status> parse_order_status(std::string_view t) { return parse<order_status>(kOrderStatus, t); }
std::optional<item_status> parse_item_status(std::string_view t) { return parse<item_status>(kItemStatus, t); }
std::optional<ticket_status> parse_ticket_status(std::string_view t) { return parse<ticket_status>(kTicketStatus, t); }
std::optional<ticket_priority> parse_ticket_priority(std::string_view t) {
  return parse<ticket_priority>(kPriority, t);
}
std::optional<staff_role> parse_staff_role(std::string_view t) { return parse<staff_role>(kRole, t); }
std::optional<cancel_request_status> parse_cancel_request_status(std::string_view t) {
  return parse<cancel_request_status>(kCancelStatus, t);
}

}  // namespace brigade::kitchen

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace brigade::kitchen {

/// The kitchen's settings in minutes (auto-fire, ticket target): at most four hours.
inline constexpr int32_t kMaxSettingMinutes = 240;

// Input limits of docs/kitchen.md "Items" and "Cancellation". Lengths count
// characters (Unicode code points of UTF-8 text), not bytes, so a guest's
// accented note is not cut shorter than an ASCII one.
inline constexpr size_t kMinItemsPerCommand = 1;
inline constexpr size_t kMaxItemsPerCommand = 100;
inline constexpr int32_t kMinQuantity = 1;
inline constexpr int32_t kMaxQuantity = 99;
inline constexpr size_t kMaxItemNotes = 200;
inline constexpr size_t kMaxOrderNotes = 1000;
// What one order may grow to over all its commands (docs/security.md): every
// screen that follows the order gets it whole in its snapshot, so its size
// must stay far below a connection's outbound bound. 200 lines with all
// their notes come to well under 100 KB of JSON.
inline constexpr size_t kMaxItemsPerOrder = 200;
/// Characters of all notes of an order together (its own and its items').
inline constexpr size_t kMaxNotesPerOrder = 8000;
inline constexpr size_t kMinReason = 1;
inline constexpr size_t kMaxReason = 500;
/// A screen's name ("Pass", "Table 3 display").
inline constexpr size_t kMinDeviceName = 1;
inline constexpr size_t kMaxDeviceName = 80;
/// A staff member's display name, username and password (back office).
inline constexpr size_t kMinStaffName = 1;
inline constexpr size_t kMaxStaffName = 80;
inline constexpr size_t kMinUsername = 3;
inline constexpr size_t kMaxUsername = 64;
inline constexpr size_t kMinPassword = 8;
/// Tables and stations (back office).
inline constexpr size_t kMaxPlaceName = 40;
inline constexpr int32_t kMaxSeats = 100;

/// Code points in UTF-8 text (bytes that do not continue a sequence). Pure.
size_t count_characters(std::string_view utf8);

/// A validation error for `field` when `text` is longer than `max`
/// characters or shorter than `min`; nullopt when it fits. Pure.
std::optional<error> check_length(std::string_view field, std::string_view text, size_t min,
                                  size_t max);

/// "items[3].quantity": the field name of one item's property.
std::string item_field(size_t index, std::string_view property);

}  // namespace brigade::kitchen

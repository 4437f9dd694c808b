#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "kitchen/entities.hpp"

namespace brigade::wire {

// The wire conventions every client sees, shared by the REST API and the
// real-time events so the two can never disagree: camelCase keys in the
// specification's order, money as a decimal number, instants as ISO 8601
// UTC strings, and an absent value as null (never a missing key).
// Pure functions; thread-safe.

/// Minor units → decimal number: 1250 → 12.5, 1999 → 19.99. The double
/// nearest the decimal value, which JSON prints in its shortest form.
nlohmann::ordered_json money_json(kitchen::money minor);
/// ISO 8601 UTC with milliseconds, or null.
nlohmann::ordered_json time_json(const std::optional<timestamp>& t);
/// An id, or null for the domain's "none" (0): an unassigned station or chef.
nlohmann::ordered_json id_or_null(int64_t id);
/// A text, or null when empty (a chef's name before anyone acknowledged).
nlohmann::ordered_json text_or_null(const std::string& s);

/// {code, message, …details}: the body of every error a client sees, in a
/// REST error response and in a Socket.IO acknowledgement alike.
nlohmann::ordered_json error_json(const brigade::error& failure);

/// {itemId, menuItemId, name, quantity, unitPrice, notes, status, modifiers,
/// seat, course, allergens, lineTotal, stationId, stationName, held,
/// firedAt, startedAt, readyAt, servedAt}.
nlohmann::ordered_json order_item_json(const kitchen::order_item& item);
/// An order line's chosen modifiers: [{optionId, group, name, priceDelta}].
nlohmann::ordered_json modifiers_json(const std::vector<kitchen::chosen_modifier>& modifiers);
/// {pending, preparing, ready, total}.
nlohmann::ordered_json stats_json(const kitchen::kitchen_stats& s);

}  // namespace brigade::wire

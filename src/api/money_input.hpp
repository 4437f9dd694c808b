#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kitchen/ids.hpp"

namespace brigade::api {

// Money as clients write it: a number in major units with at most two
// decimals (12.5, 12.50, -2), in JSON or in CSV text, to minor units.
// Amounts beyond ±10^12 major units are refused (nullopt) before they can
// overflow. Pure functions; thread-safe.

std::optional<kitchen::money> money_from_json(const nlohmann::json& value);
/// "12.50", "12.5", "12", "-2.00", "+1.50"; no exponent, no thousands separator.
std::optional<kitchen::money> money_from_text(std::string_view text);

}  // namespace brigade::api

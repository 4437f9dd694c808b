#pragma once

#include <string_view>

namespace brigade::kitchen {

/// true for the ISO 4217 code of a currency in circulation ("EUR", "USD",
/// "JPY"): three uppercase letters from a fixed list. Fund, precious-metal
/// and testing codes (XAU, XTS, XXX, …) are not currencies a restaurant
/// prices in and are refused. Pure; thread-safe.
bool is_iso4217_currency(std::string_view code);

}  // namespace brigade::kitchen

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kitchen/entities.hpp"
#include "kitchen/ids.hpp"

namespace brigade::kitchen {

/// An order's money from its item total to what the guest pays
/// (docs/kitchen.md "Money"), every step in whole minor units.
/// Plain value type.
struct price_breakdown {
  money total = 0;
  money discount = 0;
  money service_charge = 0;
  money tax = 0;
  money final_amount = 0;
  friend bool operator==(const price_breakdown&, const price_breakdown&) = default;
};

/// "12.50", "-2.00": minor units as a decimal with two places, for
/// messages, the audit log and menu files. Pure.
std::string money_text(money amount);

/// `amount × bps / 10 000` rounded half away from zero to a whole minor
/// unit. Exact for any int64 amount and int32 rate (128-bit intermediate);
/// a result beyond int64 saturates. Pure.
money apply_basis_points(money amount, int32_t bps);

/// Discount, then service charge on what remains, then tax on that, each
/// rounded on its own. Pure.
price_breakdown compute_price(money total, const pricing_policy& policy);

/// The unit price with the chosen modifiers' deltas (saturating). Pure.
money line_unit_price(const order_item& item);
/// quantity × line_unit_price: what the line costs (saturating). Pure.
money line_total(const order_item& item);

/// Sum of the line totals of the items not cancelled (saturating).
/// Pure.
money items_total(const std::vector<order_item>& items);

/// Sets `o.total_amount` and `o.final_amount` from its items: called after
/// every change to the items.
void recompute_totals(order& o, const pricing_policy& policy);

}  // namespace brigade::kitchen

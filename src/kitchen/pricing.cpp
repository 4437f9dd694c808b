#include "kitchen/pricing.hpp"

#include <limits>

#include <fmt/format.h>

namespace brigade::kitchen {
namespace {

// GCC's 128-bit integer: int64 × int32 and sums of them cannot overflow it,
// so rounding is exact and only the final narrowing needs a bound.
using wide = __int128;

constexpr wide kBasisPointsPerUnit = 10'000;

money saturate(wide value) {
  constexpr wide kMax = std::numeric_limits<money>::max();
  constexpr wide kMin = std::numeric_limits<money>::min();
  if (value > kMax) return std::numeric_limits<money>::max();
  if (value < kMin) return std::numeric_limits<money>::min();
  return static_cast<money>(value);
}

// Division rounding half away from zero, for a positive divisor.
wide divide_rounded(wide numerator, wide divisor) {
  wide quotient = numerator / divisor;  // truncates toward zero
  const wide remainder = numerator % divisor;
  const wide twice = remainder < 0 ? -2 * remainder : 2 * remainder;
  if (twice >= divisor) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

}  // namespace

std::string money_text(money amount) {
  // Via the wide type: -INT64_MIN does not fit an int64.
  const wide whole = amount < 0 ? -static_cast<wide>(amount) : amount;
  return fmt::format("{}{}.{:02}", amount < 0 ? "-" : "", static_cast<uint64_t>(whole / 100),
                     static_cast<unsigned>(whole % 100));
}

money apply_basis_points(money amount, int32_t bps) {
  return saturate(divide_rounded(static_cast<wide>(amount) * bps, kBasisPointsPerUnit));
}

price_breakdown compute_price(money total, const pricing_policy& policy) {
  price_breakdown p;
  p.total = total;
  p.discount = apply_basis_points(total, policy.discount_bps);
  const money after_discount = saturate(static_cast<wide>(total) - p.discount);
  p.service_charge = apply_basis_points(after_discount, policy.service_charge_bps);
  const money taxable = saturate(static_cast<wide>(after_discount) + p.service_charge);
  p.tax = apply_basis_points(taxable, policy.tax_bps);
  p.final_amount = saturate(static_cast<wide>(taxable) + p.tax);
  return p;
}

namespace {

wide unit_price_wide(const order_item& item) {
  wide unit = item.unit_price;
  for (const chosen_modifier& m : item.modifiers) unit += m.price_delta;
  return unit;
}

}  // namespace

money line_unit_price(const order_item& item) { return saturate(unit_price_wide(item)); }

money line_total(const order_item& item) { return saturate(static_cast<wide>(item.quantity) * unit_price_wide(item)); }

money items_total(const std::vector<order_item>& items) {
  wide sum = 0;
  for (const order_item& item : items) {
    if (item.status == item_status::cancelled) continue;
    sum += static_cast<wide>(item.quantity) * unit_price_wide(item);
  }
  return saturate(sum);
}

void recompute_totals(order& o, const pricing_policy& policy) {
  o.total_amount = items_total(o.items);
  o.final_amount = compute_price(o.total_amount, policy).final_amount;
}

}  // namespace brigade::kitchen

#include "kitchen/pricing.hpp"

#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::kitchen {
namespace {

constexpr money kMax = std::numeric_limits<money>::max();
constexpr money kMin = std::numeric_limits<money>::min();

order_item line(int32_t quantity, money unit_price, item_status status = item_status::pending) {
  order_item item;
  item.quantity = quantity;
  item.unit_price = unit_price;
  item.status = status;
  return item;
}

TEST(apply_basis_points, rounds_half_away_from_zero) {
  EXPECT_EQ(apply_basis_points(1000, 5), 1);     // 0.5 → 1
  EXPECT_EQ(apply_basis_points(999, 5), 0);      // 0.4995 → 0
  EXPECT_EQ(apply_basis_points(3000, 5), 2);     // 1.5 → 2
  EXPECT_EQ(apply_basis_points(5000, 5), 3);     // 2.5 → 3, not banker's 2
  EXPECT_EQ(apply_basis_points(1000, 825), 83);  // 82.5 → 83
  EXPECT_EQ(apply_basis_points(1001, 825), 83);  // 82.5825 → 83
  EXPECT_EQ(apply_basis_points(993, 825), 82);   // 81.9225 → 82
  EXPECT_EQ(apply_basis_points(9999, 1), 1);     // 0.9999 → 1
  EXPECT_EQ(apply_basis_points(4999, 1), 0);     // 0.4999 → 0
}

TEST(apply_basis_points, rounds_negative_amounts_away_from_zero_too) {
  EXPECT_EQ(apply_basis_points(-1000, 5), -1);
  EXPECT_EQ(apply_basis_points(-999, 5), 0);
  EXPECT_EQ(apply_basis_points(-5000, 5), -3);
  EXPECT_EQ(apply_basis_points(1000, -5), -1);
}

TEST(apply_basis_points, zero_rate_or_amount_is_zero_and_full_rate_is_identity) {
  EXPECT_EQ(apply_basis_points(123456, 0), 0);
  EXPECT_EQ(apply_basis_points(0, 2000), 0);
  EXPECT_EQ(apply_basis_points(123457, 10000), 123457);
}

TEST(apply_basis_points, is_exact_where_the_product_overflows_64_bits) {
  // 9e17 × 2000 = 1.8e21 > int64 max; the result fits.
  EXPECT_EQ(apply_basis_points(900'000'000'000'000'000, 2000), 180'000'000'000'000'000);
  EXPECT_EQ(apply_basis_points(kMax, 10000), kMax);
  EXPECT_EQ(apply_basis_points(kMax, 5000), kMax / 2 + 1);  // …807 / 2 = …403.5 → …404
  EXPECT_EQ(apply_basis_points(kMin, 10000), kMin);
}

TEST(apply_basis_points, saturates_when_the_result_does_not_fit) {
  EXPECT_EQ(apply_basis_points(kMax, 20000), kMax);
  EXPECT_EQ(apply_basis_points(kMin, 20000), kMin);
  EXPECT_EQ(apply_basis_points(kMax, std::numeric_limits<int32_t>::max()), kMax);
}

TEST(compute_price, applies_discount_then_service_then_tax) {
  const pricing_policy policy{1000, 1000, 825};  // 10 %, 10 %, 8.25 %
  const price_breakdown p = compute_price(10000, policy);
  EXPECT_EQ(p.total, 10000);
  EXPECT_EQ(p.discount, 1000);
  EXPECT_EQ(p.service_charge, 900);  // of 9000
  EXPECT_EQ(p.tax, 817);             // 9900 × 8.25 % = 816.75
  EXPECT_EQ(p.final_amount, 10717);  // 10000 − 1000 + 900 + 817
}

TEST(compute_price, rounds_each_step_on_its_own) {
  // total 1005: discount 5 % = 50.25 → 50; service 12.5 % of 955 =
  // 119.375 → 119; tax 10 % of 1074 = 107.4 → 107. Rounding only at the end
  // would give 1005 × 0.95 × 1.125 × 1.1 = 1181.5 → 1182 instead of 1181.
  const price_breakdown p = compute_price(1005, pricing_policy{500, 1250, 1000});
  EXPECT_EQ(p, (price_breakdown{1005, 50, 119, 107, 1181}));
}

TEST(compute_price, without_a_policy_the_final_amount_is_the_total) {
  EXPECT_EQ(compute_price(1250, pricing_policy{}), (price_breakdown{1250, 0, 0, 0, 1250}));
  EXPECT_EQ(compute_price(0, pricing_policy{1000, 1000, 1000}), (price_breakdown{0, 0, 0, 0, 0}));
}

TEST(compute_price, half_cents_round_up_at_every_step) {
  // 10 × 5 % = 0.5 → 1 discount; 9 × 50 bps = 0.045 → 0; 9 × 5000 bps = 4.5 → 5.
  EXPECT_EQ(compute_price(10, pricing_policy{500, 50, 5000}), (price_breakdown{10, 1, 0, 5, 14}));
}

TEST(compute_price, handles_totals_near_the_int64_limit) {
  const price_breakdown p = compute_price(900'000'000'000'000'000, pricing_policy{0, 0, 2000});
  EXPECT_EQ(p.tax, 180'000'000'000'000'000);
  EXPECT_EQ(p.final_amount, 1'080'000'000'000'000'000);
  EXPECT_EQ(compute_price(kMax, pricing_policy{0, 0, 1000}).final_amount, kMax);  // saturates
}

TEST(items_total, sums_quantity_times_price_and_skips_cancelled_items) {
  const std::vector<order_item> items{line(2, 1250), line(1, 800),
                                      line(3, 999, item_status::cancelled),
                                      line(1, 450, item_status::served)};
  EXPECT_EQ(items_total(items), 2 * 1250 + 800 + 450);
  EXPECT_EQ(items_total({}), 0);
  EXPECT_EQ(items_total({line(5, 100, item_status::cancelled)}), 0);
}

TEST(items_total, is_exact_for_big_values_and_saturates_past_int64) {
  EXPECT_EQ(items_total({line(99, 90'000'000'000'000'000)}), 8'910'000'000'000'000'000);
  EXPECT_EQ(items_total({line(99, kMax), line(99, kMax)}), kMax);
}

order_item with_modifiers(int32_t quantity, money unit_price, std::vector<money> deltas,
                          item_status status = item_status::pending) {
  order_item item = line(quantity, unit_price, status);
  for (const money d : deltas) item.modifiers.push_back({0, "Extras", "option", d});
  return item;
}

TEST(line_total, adds_every_modifier_delta_to_the_unit_price_before_the_quantity) {
  const order_item burger = with_modifiers(2, 1450, {0, 150, 200});  // medium, cheese, bacon
  EXPECT_EQ(line_unit_price(burger), 1800);
  EXPECT_EQ(line_total(burger), 3600);
  EXPECT_EQ(burger.unit_price, 1450);  // the base price stays as it was
  EXPECT_EQ(line_total(line(3, 500)), 1500);
}

TEST(line_total, takes_negative_deltas_off) {
  const order_item no_bun = with_modifiers(3, 1250, {-200, 150});
  EXPECT_EQ(line_unit_price(no_bun), 1200);
  EXPECT_EQ(line_total(no_bun), 3600);
  // The price of a cancelled line is still its price: only the totals skip it.
  EXPECT_EQ(line_total(with_modifiers(2, 1000, {100}, item_status::cancelled)), 2200);
}

TEST(line_total, saturates_instead_of_overflowing) {
  EXPECT_EQ(line_unit_price(with_modifiers(1, kMax, {kMax})), kMax);
  EXPECT_EQ(line_total(with_modifiers(99, kMax - 1, {1})), kMax);
  EXPECT_EQ(line_total(with_modifiers(2, kMin, {-1})), kMin);
}

TEST(items_total, counts_modifier_deltas_and_skips_cancelled_lines_with_their_modifiers) {
  const std::vector<order_item> items{with_modifiers(2, 1450, {150}), with_modifiers(1, 800, {-100}),
                                      with_modifiers(4, 1000, {500, 500}, item_status::cancelled)};
  EXPECT_EQ(items_total(items), 2 * 1600 + 700);
  order o;
  o.items = items;
  recompute_totals(o, pricing_policy{0, 1000, 0});
  EXPECT_EQ(o.total_amount, 3900);
  EXPECT_EQ(o.final_amount, 4290);
}

TEST(recompute_totals, sets_total_and_final_amount_from_the_items) {
  order o;
  o.items = {line(2, 1000), line(1, 500, item_status::cancelled)};
  recompute_totals(o, pricing_policy{0, 1000, 1000});
  EXPECT_EQ(o.total_amount, 2000);
  EXPECT_EQ(o.final_amount, 2420);  // 2000 + 200 service + 220 tax
  o.items[0].status = item_status::cancelled;
  recompute_totals(o, pricing_policy{0, 1000, 1000});
  EXPECT_EQ(o.total_amount, 0);
  EXPECT_EQ(o.final_amount, 0);
}

}  // namespace
}  // namespace brigade::kitchen

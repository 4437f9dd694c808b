#include "api/money_input.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

using nlohmann::json;

std::optional<kitchen::money> from_json_text(const char* text) { return money_from_json(json::parse(text)); }

TEST(MoneyFromText, ReadsMajorUnitsWithUpToTwoDecimals) {
  EXPECT_EQ(money_from_text("12.50"), 1250);
  EXPECT_EQ(money_from_text("12.5"), 1250);
  EXPECT_EQ(money_from_text("12"), 1200);
  EXPECT_EQ(money_from_text("0.05"), 5);
  EXPECT_EQ(money_from_text("0"), 0);
  EXPECT_EQ(money_from_text("-2.00"), -200);
  EXPECT_EQ(money_from_text("-0.5"), -50);
  EXPECT_EQ(money_from_text("+1.50"), 150);
  EXPECT_EQ(money_from_text("007.10"), 710);
  EXPECT_EQ(money_from_text("999999999999.99"), 99'999'999'999'999);  // 12 digits: the largest
}

TEST(MoneyFromText, RefusesAnythingElse) {
  for (const char* bad : {"12.345", "1e3", "1E3", "", "-", "+", ".5", "12.", "1,50", "1 000", " 12", "12 ", "abc",
                          "--1", "+-1", "1.2.3", "0x10", "12.5a", "1000000000000", "€12", "12,-"}) {
    EXPECT_EQ(money_from_text(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(MoneyFromJson, ReadsIntegersAndDecimals) {
  EXPECT_EQ(from_json_text("12"), 1200);
  EXPECT_EQ(from_json_text("12.5"), 1250);
  EXPECT_EQ(from_json_text("12.34"), 1234);  // 1233.9999999999998 in binary
  EXPECT_EQ(from_json_text("1.15"), 115);
  EXPECT_EQ(from_json_text("0.07"), 7);
  EXPECT_EQ(from_json_text("-0.5"), -50);
  EXPECT_EQ(from_json_text("-2"), -200);
  EXPECT_EQ(from_json_text("1e3"), 100'000);  // JSON's own exponent form is a number like any other
  EXPECT_EQ(from_json_text("1.5e1"), 1500);
  EXPECT_EQ(from_json_text("999999.99"), 99'999'999);
  EXPECT_EQ(from_json_text("123456789.01"), 12'345'678'901);
}

TEST(MoneyFromJson, RefusesMoreThanTwoDecimalsAtAnySize) {
  EXPECT_EQ(from_json_text("12.345"), std::nullopt);
  EXPECT_EQ(from_json_text("0.001"), std::nullopt);
  EXPECT_EQ(from_json_text("1e-3"), std::nullopt);
  // Dish prices go up to a million: a third decimal is refused there too,
  // not rounded to a cent.
  EXPECT_EQ(from_json_text("10000.005"), std::nullopt);
  EXPECT_EQ(from_json_text("999999.995"), std::nullopt);
  EXPECT_EQ(from_json_text("5000.125"), std::nullopt);
}

TEST(MoneyFromJson, RefusesHugeAmountsAndOtherTypes) {
  EXPECT_EQ(from_json_text("1000000000000"), 100'000'000'000'000);  // the bound itself
  EXPECT_EQ(from_json_text("1000000000001"), std::nullopt);
  EXPECT_EQ(from_json_text("-1000000000001"), std::nullopt);
  EXPECT_EQ(from_json_text("18446744073709551615"), std::nullopt);
  EXPECT_EQ(from_json_text("1e300"), std::nullopt);
  EXPECT_EQ(from_json_text("-1e300"), std::nullopt);
  EXPECT_EQ(money_from_json(json(std::numeric_limits<double>::infinity())), std::nullopt);
  EXPECT_EQ(money_from_json(json(std::numeric_limits<double>::quiet_NaN())), std::nullopt);
  EXPECT_EQ(from_json_text("\"12.50\""), std::nullopt);
  EXPECT_EQ(from_json_text("true"), std::nullopt);
  EXPECT_EQ(from_json_text("null"), std::nullopt);
  EXPECT_EQ(from_json_text("[12]"), std::nullopt);
}

}  // namespace
}  // namespace brigade::api

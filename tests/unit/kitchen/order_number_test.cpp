#include "kitchen/order_number.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace brigade::kitchen {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

timestamp at(sys_days day, minutes time_of_day) {
  return timestamp{day} + time_of_day;
}

int32_t day_number(sys_days day) {
  return static_cast<int32_t>(day.time_since_epoch().count());
}

constexpr sys_days kNov26 = sys_days{2026y / November / 26};
constexpr sys_days kNov27 = kNov26 + days{1};
constexpr sys_days kNov25 = kNov26 - days{1};

TEST(business_day, is_days_since_the_epoch_in_utc) {
  EXPECT_EQ(business_day(timestamp{}, "UTC"), 0);
  EXPECT_EQ(business_day(at(kNov26, 0min), "UTC"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov26, 23h + 59min) + 59999ms, "UTC"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov27, 0min), "UTC"), day_number(kNov27));
}

TEST(business_day, rolls_over_at_local_midnight_east_of_utc) {
  // Paris in November (UTC+1): local midnight is 23:00 UTC the day before.
  EXPECT_EQ(business_day(at(kNov26, 22h + 59min), "Europe/Paris"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov26, 23h), "Europe/Paris"), day_number(kNov27));
  // UTC+14 (Kiribati).
  EXPECT_EQ(business_day(at(kNov26, 10h), "Pacific/Kiritimati"), day_number(kNov27));
}

TEST(business_day, rolls_over_at_local_midnight_west_of_utc) {
  // New York in November (UTC−5): 03:00 UTC on the 27th is still 22:00 on the 26th.
  EXPECT_EQ(business_day(at(kNov27, 3h), "America/New_York"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov27, 4h + 59min), "America/New_York"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov27, 5h), "America/New_York"), day_number(kNov27));
  EXPECT_EQ(business_day(at(kNov26, 1h), "Etc/GMT+12"), day_number(kNov25));
}

TEST(business_day, follows_daylight_saving_time) {
  // New York in July (UTC−4): midnight is at 04:00 UTC, not 05:00.
  constexpr sys_days kJul15 = sys_days{2026y / July / 15};
  EXPECT_EQ(business_day(at(kJul15, 3h + 59min), "America/New_York"), day_number(kJul15 - days{1}));
  EXPECT_EQ(business_day(at(kJul15, 4h), "America/New_York"), day_number(kJul15));
}

TEST(business_day, handles_half_hour_offsets) {
  // India (UTC+5:30): local midnight is 18:30 UTC.
  EXPECT_EQ(business_day(at(kNov26, 18h + 29min), "Asia/Kolkata"), day_number(kNov26));
  EXPECT_EQ(business_day(at(kNov26, 18h + 30min), "Asia/Kolkata"), day_number(kNov27));
}

TEST(business_day, floors_before_the_epoch) {
  EXPECT_EQ(business_day(timestamp{} - 1ms, "UTC"), -1);
  EXPECT_EQ(business_day(timestamp{}, "Etc/GMT+1"), -1);
  EXPECT_EQ(business_day(timestamp{} - 1ms, "Etc/GMT-1"), 0);
}

TEST(business_day, counts_a_zone_the_database_lacks_as_utc) {
  EXPECT_EQ(business_day(at(kNov26, 23h + 30min), "Mars/Olympus"), day_number(kNov26));
}

TEST(format_order_number, pads_to_four_digits) {
  EXPECT_EQ(format_order_number("A", 1), "A-0001");
  EXPECT_EQ(format_order_number("A", 42), "A-0042");
  EXPECT_EQ(format_order_number("A", 999), "A-0999");
  EXPECT_EQ(format_order_number("A", 9999), "A-9999");
}

TEST(format_order_number, prints_10000_and_up_in_full) {
  EXPECT_EQ(format_order_number("A", 10000), "A-10000");
  EXPECT_EQ(format_order_number("T2", 1234567), "T2-1234567");
}

TEST(format_order_number, keeps_the_prefix_as_given) {
  EXPECT_EQ(format_order_number("BAR", 7), "BAR-0007");
  EXPECT_EQ(format_order_number("", 7), "-0007");
}

}  // namespace
}  // namespace brigade::kitchen

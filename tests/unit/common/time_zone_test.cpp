#include "common/time_zone.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace brigade {
namespace {

using namespace std::chrono;

timestamp utc(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return timestamp{sys_days{year{y} / month{m} / day{d}}} + hours{hour} + minutes{minute};
}

int32_t day_number(int y, unsigned m, unsigned d) {
  return static_cast<int32_t>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count());
}

time_zone zone(std::string_view name) {
  auto found = time_zone::locate(name);
  EXPECT_TRUE(found.ok()) << name;
  return found.value();
}

TEST(time_zone, knows_iana_names_and_refuses_others_with_a_clear_error) {
  EXPECT_EQ(zone("Europe/Paris").name(), "Europe/Paris");
  EXPECT_TRUE(time_zone::locate("UTC").ok());
  EXPECT_TRUE(time_zone::locate("America/New_York").ok());
  for (const char* bad : {"", "Mars/Olympus", "europe/paris", "Europe/Paris ", "../../etc/passwd", "posix/UTC"}) {
    const auto refused = time_zone::locate(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, kUnknownTimeZone);
    EXPECT_NE(refused.error().message.find("IANA"), std::string::npos) << refused.error().message;
  }
}

TEST(time_zone, offsets_follow_daylight_saving_time) {
  const time_zone paris = zone("Europe/Paris");
  EXPECT_EQ(paris.utc_offset(utc(2026, 1, 15, 12)), hours{1});
  EXPECT_EQ(paris.utc_offset(utc(2026, 7, 15, 12)), hours{2});
  // Summer time starts on the last Sunday of March at 01:00 UTC.
  EXPECT_EQ(paris.utc_offset(utc(2026, 3, 29, 0, 59)), hours{1});
  EXPECT_EQ(paris.utc_offset(utc(2026, 3, 29, 1, 0)), hours{2});
  // Years ahead, as far as tzdata lists transitions (2037; see time_zone.hpp).
  EXPECT_EQ(paris.utc_offset(utc(2037, 7, 1, 12)), hours{2});
  EXPECT_EQ(paris.utc_offset(utc(2037, 12, 1, 12)), hours{1});
  EXPECT_EQ(zone("America/New_York").utc_offset(utc(2026, 11, 27, 12)), hours{-5});
  EXPECT_EQ(zone("Asia/Kolkata").utc_offset(utc(2026, 6, 1, 0)), hours{5} + minutes{30});
}

TEST(time_zone, the_local_day_turns_at_local_midnight_in_winter_and_in_summer) {
  const time_zone paris = zone("Europe/Paris");
  // Winter (UTC+1): local midnight of 15 January is 23:00 UTC on the 14th.
  EXPECT_EQ(paris.local_day(utc(2026, 1, 14, 22, 59)), day_number(2026, 1, 14));
  EXPECT_EQ(paris.local_day(utc(2026, 1, 14, 23, 0)), day_number(2026, 1, 15));
  // Summer (UTC+2): local midnight of 15 July is 22:00 UTC on the 14th.
  EXPECT_EQ(paris.local_day(utc(2026, 7, 14, 21, 59)), day_number(2026, 7, 14));
  EXPECT_EQ(paris.local_day(utc(2026, 7, 14, 22, 0)), day_number(2026, 7, 15));
  // The night summer time starts, midnight is still at UTC+1.
  EXPECT_EQ(paris.local_day(utc(2026, 3, 28, 23, 0)), day_number(2026, 3, 29));
  // The night it ends (25 October 2026), the evening before is still UTC+2.
  EXPECT_EQ(paris.local_day(utc(2026, 10, 24, 21, 59)), day_number(2026, 10, 24));
  EXPECT_EQ(paris.local_day(utc(2026, 10, 24, 22, 0)), day_number(2026, 10, 25));
  EXPECT_EQ(paris.local_day(utc(2026, 10, 25, 22, 59)), day_number(2026, 10, 25));
  EXPECT_EQ(paris.local_day(utc(2026, 10, 25, 23, 0)), day_number(2026, 10, 26));
}

TEST(time_zone, west_of_greenwich_the_day_turns_later_and_before_the_epoch_is_negative) {
  const time_zone new_york = zone("America/New_York");
  EXPECT_EQ(new_york.local_day(utc(2026, 11, 27, 4, 59)), day_number(2026, 11, 26));
  EXPECT_EQ(new_york.local_day(utc(2026, 11, 27, 5, 0)), day_number(2026, 11, 27));
  EXPECT_EQ(zone("UTC").local_day(utc(1969, 12, 31, 23, 59)), -1);
}

}  // namespace
}  // namespace brigade

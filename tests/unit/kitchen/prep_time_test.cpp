#include "kitchen/prep_time.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace brigade::kitchen {
namespace {

using namespace std::chrono_literals;

const timestamp kStart = from_unix_ms(1'764'000'000'000);

TEST(whole_minutes_between, rounds_to_the_nearest_minute_half_up) {
  EXPECT_EQ(whole_minutes_between(kStart, kStart), 0);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 29999ms), 0);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 30s), 1);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 1min), 1);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 1min + 29999ms), 1);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 1min + 30s), 2);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 12min + 1ms), 12);
  EXPECT_EQ(whole_minutes_between(kStart, kStart + 24h), 1440);
}

TEST(whole_minutes_between, a_clock_stepping_back_gives_zero) {
  EXPECT_EQ(whole_minutes_between(kStart, kStart - 5min), 0);
}

TEST(prep_time_minutes, is_absent_until_the_ticket_completes) {
  kitchen_order ticket;
  ticket.created_at = kStart;
  ticket.ready_at = kStart + 10min;
  EXPECT_EQ(prep_time_minutes(ticket), std::nullopt);
  ticket.completed_at = kStart + 14min + 30s;
  EXPECT_EQ(prep_time_minutes(ticket), 15);
}

}  // namespace
}  // namespace brigade::kitchen

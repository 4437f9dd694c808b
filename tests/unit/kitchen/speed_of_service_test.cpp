#include "kitchen/speed_of_service.hpp"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::kitchen {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr sys_days kJuly1 = sys_days{2026y / July / 1};
constexpr minutes kTarget = 15min;

// A line fired at `fired` after 12:00 UTC on July 1st, ready `took` later.
line_times line(station_id station, std::string station_name, seconds took, minutes fired = 0min,
                menu_item_id item = 1, std::string item_name = "Burger") {
  const timestamp fired_at = timestamp{kJuly1} + 12h + fired;
  return {station, std::move(station_name), item, std::move(item_name), fired_at, fired_at + took};
}

TEST(percentile, interpolates_between_the_closest_ranks) {
  const std::vector<double> values{10, 20, 30, 40};
  EXPECT_DOUBLE_EQ(percentile(values, 0), 10);
  EXPECT_DOUBLE_EQ(percentile(values, 50), 25);  // the mean of the two middle values
  EXPECT_DOUBLE_EQ(percentile(values, 90), 37);  // 0.9 × 3 = 2.7: 30 + 0.7 × 10
  EXPECT_DOUBLE_EQ(percentile(values, 100), 40);
  const std::vector<double> odd{1, 2, 9};
  EXPECT_DOUBLE_EQ(percentile(odd, 50), 2);
  const std::vector<double> one{7};
  EXPECT_DOUBLE_EQ(percentile(one, 90), 7);
}

TEST(summarise, counts_median_p90_and_late_share) {
  const std::vector<line_times> lines{line(1, "Grill", 300s), line(1, "Grill", 600s), line(1, "Grill", 900s),
                                      line(1, "Grill", 901s), line(1, "Grill", 1800s)};
  const auto s = summarise(lines, kTarget);
  EXPECT_EQ(s.count, 5);
  EXPECT_DOUBLE_EQ(*s.median_seconds, 900);
  EXPECT_DOUBLE_EQ(*s.p90_seconds, 901 + 0.6 * (1800 - 901));  // position 3.6
  // Exactly on target is on time; a second over is late.
  EXPECT_EQ(s.late, 2);
  EXPECT_DOUBLE_EQ(s.late_share, 0.4);
}

TEST(summarise, leaves_out_lines_never_fired_or_never_ready) {
  auto never_fired = line(1, "Grill", 60s);
  never_fired.fired_at.reset();
  auto never_ready = line(1, "Grill", 60s);
  never_ready.ready_at.reset();
  const std::vector<line_times> lines{never_fired, never_ready, line(1, "Grill", 120s)};
  const auto s = summarise(lines, kTarget);
  EXPECT_EQ(s.count, 1);
  EXPECT_DOUBLE_EQ(*s.median_seconds, 120);
}

TEST(summarise, of_nothing_has_no_times) {
  const auto s = summarise({}, kTarget);
  EXPECT_EQ(s.count, 0);
  EXPECT_FALSE(s.median_seconds);
  EXPECT_FALSE(s.p90_seconds);
  EXPECT_EQ(s.late_share, 0);
}

TEST(group_lines, by_station_lists_stations_by_name_and_the_lines_without_one) {
  const std::vector<line_times> lines{line(2, "Grill", 100s), line(3, "Fry", 200s), line(2, "Grill", 300s),
                                      line(0, "", 50s)};
  const auto groups = group_lines(lines, report_grouping::station, "UTC", kTarget);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].key, "3");
  EXPECT_EQ(groups[0].name, "Fry");
  EXPECT_EQ(groups[0].summary.count, 1);
  EXPECT_EQ(groups[1].key, "2");
  EXPECT_EQ(groups[1].summary.count, 2);
  EXPECT_DOUBLE_EQ(*groups[1].summary.median_seconds, 200);
  EXPECT_EQ(groups[2].key, "0");
  EXPECT_EQ(groups[2].name, "No station");
}

TEST(group_lines, by_hour_uses_the_restaurants_local_hour_of_ready) {
  // Paris is UTC+2 in July: ready at 12:10 and 13:05 UTC are 14 and 15 local.
  const std::vector<line_times> lines{line(1, "Grill", 600s, 0min), line(1, "Grill", 300s, 60min),
                                      line(1, "Grill", 120s, 62min)};
  const auto groups = group_lines(lines, report_grouping::hour, "Europe/Paris", kTarget);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].key, "14");
  EXPECT_EQ(groups[0].name, "14:00");
  EXPECT_EQ(groups[0].summary.count, 1);
  EXPECT_EQ(groups[1].key, "15");
  EXPECT_EQ(groups[1].summary.count, 2);
  // An unknown zone counts as UTC.
  EXPECT_EQ(group_lines(lines, report_grouping::hour, "Mars/Olympus", kTarget)[0].key, "12");
}

TEST(group_lines, by_item_keeps_a_renamed_dish_in_one_group_under_its_latest_name) {
  const std::vector<line_times> lines{line(1, "Grill", 100s, 0min, 7, "Burger"),
                                      line(1, "Grill", 100s, 30min, 7, "Cheeseburger"),
                                      line(1, "Grill", 100s, 0min, 8, "Apple pie")};
  const auto groups = group_lines(lines, report_grouping::item, "UTC", kTarget);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "Apple pie");
  EXPECT_EQ(groups[1].key, "7");
  EXPECT_EQ(groups[1].name, "Cheeseburger");
  EXPECT_EQ(groups[1].summary.count, 2);
}

TEST(report_grouping, reads_and_writes_its_names) {
  for (const auto g : {report_grouping::station, report_grouping::hour, report_grouping::item}) {
    EXPECT_EQ(parse_report_grouping(to_string(g)), g);
  }
  EXPECT_FALSE(parse_report_grouping("day"));
}

TEST(start_of_local_day, is_local_midnight_in_utc) {
  const auto day = static_cast<int32_t>(kJuly1.time_since_epoch().count());
  EXPECT_EQ(start_of_local_day(day, "UTC"), timestamp{kJuly1});
  EXPECT_EQ(start_of_local_day(day, "Europe/Paris"), timestamp{kJuly1} - 2h);
  EXPECT_EQ(start_of_local_day(day, "America/New_York"), timestamp{kJuly1} + 4h);
  // January: Paris is UTC+1.
  const sys_days jan15{2026y / January / 15};
  EXPECT_EQ(start_of_local_day(static_cast<int32_t>(jan15.time_since_epoch().count()), "Europe/Paris"),
            timestamp{jan15} - 1h);
}

int32_t day_of(sys_days d) { return static_cast<int32_t>(d.time_since_epoch().count()); }

TEST(resolve_report_range, defaults_to_today_in_the_restaurants_zone) {
  // 23:30 UTC on June 30th is already July 1st in Paris.
  const timestamp now = timestamp{kJuly1} - 30min;
  const auto range = resolve_report_range({}, now, "Europe/Paris");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, timestamp{kJuly1} - 2h);
  EXPECT_EQ(range->second, timestamp{kJuly1} + 22h);
}

TEST(resolve_report_range, takes_whole_local_days_or_instants) {
  report_query query;
  query.from = report_bound{std::nullopt, day_of(kJuly1)};
  query.to = report_bound{std::nullopt, day_of(kJuly1 + days{2})};
  auto range = resolve_report_range(query, timestamp{}, "UTC");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, timestamp{kJuly1});
  EXPECT_EQ(range->second, timestamp{kJuly1 + days{3}});  // the last day included
  query.from = report_bound{timestamp{kJuly1} + 12h, 0};
  query.to = report_bound{timestamp{kJuly1} + 14h, 0};
  range = resolve_report_range(query, timestamp{}, "UTC");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->second - range->first, 2h);
  // From alone: to the end of that local day.
  query.to.reset();
  range = resolve_report_range(query, timestamp{}, "UTC");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->second, timestamp{kJuly1 + days{1}});
}

TEST(resolve_report_range, refuses_backwards_and_overlong_ranges_on_to) {
  report_query query;
  query.from = report_bound{timestamp{kJuly1}, 0};
  query.to = report_bound{timestamp{kJuly1}, 0};
  auto range = resolve_report_range(query, timestamp{}, "UTC");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().code, "validation");
  EXPECT_NE(range.error().message.find("after"), std::string::npos);
  query.to = report_bound{std::nullopt, day_of(kJuly1 + days{30})};  // 31 days: the most
  EXPECT_TRUE(resolve_report_range(query, timestamp{}, "UTC"));
  query.to = report_bound{std::nullopt, day_of(kJuly1 + days{31})};
  range = resolve_report_range(query, timestamp{}, "UTC");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("31 days"), std::string::npos);
  // October in Paris has an hour more; still one month.
  const sys_days oct1{2026y / October / 1};
  query.from = report_bound{std::nullopt, day_of(oct1)};
  query.to = report_bound{std::nullopt, day_of(oct1 + days{30})};
  EXPECT_TRUE(resolve_report_range(query, timestamp{}, "Europe/Paris"));
}

TEST(local_hour, follows_the_zone) {
  EXPECT_EQ(local_hour(timestamp{kJuly1} + 23h, "UTC"), 23);
  EXPECT_EQ(local_hour(timestamp{kJuly1} + 23h, "Europe/Paris"), 1);
  EXPECT_EQ(local_hour(timestamp{kJuly1} + 3h, "America/New_York"), 23);
}

}  // namespace
}  // namespace brigade::kitchen

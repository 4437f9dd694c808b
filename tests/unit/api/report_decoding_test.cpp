#include "api/report_decoding.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "api/speed_report_json.hpp"

namespace brigade::api {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr sys_days kJuly1 = sys_days{2026y / July / 1};

TEST(parse_report_bound, reads_a_local_date) {
  const auto bound = parse_report_bound("2026-07-01");
  ASSERT_TRUE(bound);
  EXPECT_FALSE(bound->instant);
  EXPECT_EQ(bound->local_day, kJuly1.time_since_epoch().count());
}

TEST(parse_report_bound, reads_instants_with_their_zone_percent_encoded_or_not) {
  EXPECT_EQ(parse_report_bound("2026-07-01T12:00:00Z")->instant, timestamp{kJuly1} + 12h);
  EXPECT_EQ(parse_report_bound("2026-07-01T12%3A00Z")->instant, timestamp{kJuly1} + 12h);
  EXPECT_EQ(parse_report_bound("2026-07-01T14:00%2B02:00")->instant, timestamp{kJuly1} + 12h);
  EXPECT_EQ(parse_report_bound("2026-07-01T08:30:15.25-04:00")->instant, timestamp{kJuly1} + 12h + 30min + 15s + 250ms);
}

TEST(parse_report_bound, refuses_anything_else) {
  for (const char* text : {"", "2026-7-1", "2026-02-30", "2026-07-01T12:00", "2026-07-01T24:00Z", "2026-07-01T12:00Zx",
                           "2026-07-01 12:00Z", "2026-07-01T12:00:00.Z", "today", "%ZZ"}) {
    EXPECT_FALSE(parse_report_bound(text)) << text;
  }
}

TEST(decode_speed_report_query, takes_defaults_and_names_a_bad_parameter) {
  const auto plain = decode_speed_report_query("");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->query.from);
  EXPECT_EQ(plain->query.group_by, kitchen::report_grouping::station);
  EXPECT_EQ(plain->format, report_format::json);
  const auto full = decode_speed_report_query("from=2026-07-01&to=2026-07-02&groupBy=hour&stationId=0&format=csv");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->query.group_by, kitchen::report_grouping::hour);
  EXPECT_EQ(full->query.station, 0);
  EXPECT_EQ(full->format, report_format::csv);
  for (const auto& [query, field] : {std::pair{"from=x", "from"}, {"to=2026-13-01", "to"}, {"groupBy=day", "groupBy"},
                                     {"stationId=-1", "stationId"}, {"format=xml", "format"}}) {
    const auto refused = decode_speed_report_query(query);
    ASSERT_FALSE(refused) << query;
    EXPECT_EQ(refused.error().code, "validation");
    ASSERT_FALSE(refused.error().details.empty());
    EXPECT_EQ(refused.error().details[0].second, field);
  }
}

TEST(speed_report_csv, quotes_names_and_ends_with_the_total) {
  kitchen::speed_of_service_report report;
  report.groups.push_back({"7", "Fish, chips", {2, 1, 90.0, 120.04, 0.5}});
  report.total = {2, 1, 90.0, 120.04, 0.5};
  EXPECT_EQ(speed_report_csv(report),
            "key,name,count,median_seconds,p90_seconds,late_share\r\n"
            "7,\"Fish, chips\",2,90.0,120.0,0.500\r\n"
            "total,Total,2,90.0,120.0,0.500\r\n");
  const auto json = speed_report_json(report);
  EXPECT_EQ(json["groups"][0]["p90Seconds"], 120.0);
  EXPECT_EQ(json["stationId"], nullptr);
}

}  // namespace
}  // namespace brigade::api

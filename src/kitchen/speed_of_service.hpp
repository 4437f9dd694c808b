#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "kitchen/ids.hpp"

namespace brigade::kitchen {

// The speed-of-service report (docs/kitchen.md "Speed of service"): how
// long the kitchen's lines took from fired to ready, grouped by station,
// by local hour or by dish, against the restaurant's ticket target.
// Pure functions and plain value types; thread-safe.

/// The longest range one report may cover, so a request reads a bounded
/// number of lines.
inline constexpr std::chrono::days kMaxReportRange{31};

enum class report_grouping { station, hour, item };

/// "station", "hour", "item"; and back (nullopt for anything else).
std::string_view to_string(report_grouping g);
std::optional<report_grouping> parse_report_grouping(std::string_view text);

/// One order line as the report reads it: a line of the restaurant, not
/// cancelled, ready within the range asked for.
struct line_times {
  /// The station that cooked it: the line's own, else its ticket's; 0: none.
  station_id station = 0;
  std::string station_name;
  menu_item_id menu_item = 0;
  std::string item_name;  // as ordered
  std::optional<timestamp> fired_at;
  std::optional<timestamp> ready_at;
};

/// Count, median and 90th percentile of the lines' fired-to-ready times
/// (seconds; nullopt when count is 0), and the share of them that were late
/// (0 when count is 0). Plain value type.
struct speed_summary {
  int64_t count = 0;
  int64_t late = 0;
  std::optional<double> median_seconds;
  std::optional<double> p90_seconds;
  double late_share = 0;
  friend bool operator==(const speed_summary&, const speed_summary&) = default;
};

/// One group of the report: key "3" (station id; "0" for none), "14"
/// (local hour, 00 to 23) or "12" (menu item id), with a name to show.
struct speed_group {
  std::string key;
  std::string name;
  speed_summary summary;
  friend bool operator==(const speed_group&, const speed_group&) = default;
};

/// The report over [from, to). Plain value type.
struct speed_of_service_report {
  timestamp from{};
  timestamp to{};
  report_grouping group_by = report_grouping::station;
  std::optional<station_id> station;  // the filter asked for
  std::string time_zone;
  int32_t target_minutes = 0;
  std::vector<speed_group> groups;
  speed_summary total;
};

/// The `p`-th percentile (0 to 100) of `sorted` (ascending, not empty), by
/// linear interpolation between the closest ranks: position p/100 × (n−1)
/// from the first value, counting from 0 (the "inclusive" method of
/// spreadsheets' PERCENTILE.INC and numpy's default). The 50th is the usual
/// median: the middle value, or the mean of the two middle ones.
double percentile(std::span<const double> sorted, double p);

/// The summary of `lines`: the ones never fired or never ready are left
/// out; a line is late when ready more than `target` after it was fired.
speed_summary summarise(std::span<const line_times> lines, std::chrono::minutes target);

/// Groups `lines` and summarises each group and the whole. Hours are the
/// local hour at which each line was ready, in `time_zone` (an unknown name
/// counts as UTC, as order numbers do). Groups come by station name, by
/// hour, or by dish name (then id); only groups with lines are listed.
std::vector<speed_group> group_lines(std::span<const line_times> lines, report_grouping by,
                                     std::string_view time_zone, std::chrono::minutes target);

/// One end of a report's range as a client gave it: an instant, or a local
/// calendar date (days since 1970-01-01) of the restaurant. Plain value.
struct report_bound {
  std::optional<timestamp> instant;
  int32_t local_day = 0;  // when instant is nullopt
};

/// What a report is asked for; a bound left out takes its default.
struct report_query {
  std::optional<report_bound> from;
  std::optional<report_bound> to;
  report_grouping group_by = report_grouping::station;
  /// Only this station's lines (0: the lines without one); nullopt: all.
  std::optional<station_id> station;
};

/// [from, to) as instants, in the restaurant's zone `time_zone`: a date
/// `from` is its local midnight (absent: today's, at `now`); a date `to`
/// includes that whole day, so ends at the next local midnight (absent:
/// the end of from's local day). A range that is empty or backwards, or
/// longer than kMaxReportRange, is a validation error on `to`.
result<std::pair<timestamp, timestamp>> resolve_report_range(const report_query& query, timestamp now,
                                                             std::string_view time_zone);

/// The local hour (0 to 23) at `at` in the zone (unknown: UTC).
int32_t local_hour(timestamp at, std::string_view time_zone);

/// The instant the local day `day` (days since 1970-01-01) begins in the
/// zone (unknown: UTC): its local midnight, at the offset in force then.
timestamp start_of_local_day(int32_t day, std::string_view time_zone);

}  // namespace brigade::kitchen

#include "kitchen/speed_of_service.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "common/time_zone.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/order_number.hpp"

namespace brigade::kitchen {
namespace {

// How far the zone's clocks are ahead of UTC at `at` (unknown zone: UTC).
std::chrono::seconds offset_at(timestamp at, std::string_view time_zone_name) {
  const auto zone = time_zone::locate(time_zone_name);
  return zone ? zone->utc_offset(at) : std::chrono::seconds{0};
}

bool counted(const line_times& line) { return line.fired_at && line.ready_at; }

// The number a line is grouped by: station id, local hour or menu item id.
int64_t group_number(const line_times& line, report_grouping by, std::string_view time_zone_name) {
  switch (by) {
    case report_grouping::station:
      return line.station;
    case report_grouping::hour:
      return local_hour(*line.ready_at, time_zone_name);
    case report_grouping::item:
      return line.menu_item;
  }
  return 0;
}

std::string group_key(int64_t number, report_grouping by) {
  return by == report_grouping::hour ? fmt::format("{:02}", number) : std::to_string(number);
}

// The latest line's name: a dish renamed since keeps one group.
std::string group_name(int64_t number, const line_times& latest, report_grouping by) {
  switch (by) {
    case report_grouping::station:
      return number == 0 ? "No station" : latest.station_name;
    case report_grouping::hour:
      return fmt::format("{:02}:00", number);
    case report_grouping::item:
      return latest.item_name;
  }
  return {};
}

}  // namespace

std::string_view to_string(report_grouping g) {
  switch (g) {
    case report_grouping::station:
      return "station";
    case report_grouping::hour:
      return "hour";
    case report_grouping::item:
      return "item";
  }
  return "station";
}

std::optional<report_grouping> parse_report_grouping(std::string_view text) {
  if (text == "station") return report_grouping::station;
  if (text == "hour") return report_grouping::hour;
  if (text == "item") return report_grouping::item;
  return std::nullopt;
}

double percentile(std::span<const double> sorted, double p) {
  const double position = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

speed_summary summarise(std::span<const line_times> lines, std::chrono::minutes target) {
  std::vector<double> seconds;
  speed_summary out;
  for (const auto& line : lines) {
    if (!counted(line)) continue;
    const auto took = *line.ready_at - *line.fired_at;
    seconds.push_back(std::chrono::duration<double>(took).count());
    if (took > target) ++out.late;
  }
  out.count = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return out;
  std::sort(seconds.begin(), seconds.end());
  out.median_seconds = percentile(seconds, 50);
  out.p90_seconds = percentile(seconds, 90);
  out.late_share = static_cast<double>(out.late) / static_cast<double>(out.count);
  return out;
}

std::vector<speed_group> group_lines(std::span<const line_times> lines, report_grouping by,
                                     std::string_view time_zone_name, std::chrono::minutes target) {
  std::map<int64_t, std::vector<line_times>> groups;
  for (const auto& line : lines) {
    if (counted(line)) groups[group_number(line, by, time_zone_name)].push_back(line);
  }
  std::vector<std::pair<int64_t, speed_group>> out;
  out.reserve(groups.size());
  for (const auto& [number, members] : groups) {
    const auto& latest = *std::max_element(members.begin(), members.end(), [](const auto& a, const auto& b) {
      return *a.ready_at < *b.ready_at;
    });
    out.push_back({number, {group_key(number, by), group_name(number, latest, by), summarise(members, target)}});
  }
  // Hours in order; stations and dishes by name, then id.
  if (by != report_grouping::hour) {
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second.name, a.first) < std::tie(b.second.name, b.first);
    });
  }
  std::vector<speed_group> listed;
  listed.reserve(out.size());
  for (auto& [number, group] : out) listed.push_back(std::move(group));
  return listed;
}

result<std::pair<timestamp, timestamp>> resolve_report_range(const report_query& query, timestamp now,
                                                             std::string_view time_zone_name) {
  const timestamp from = !query.from                 ? start_of_local_day(business_day(now, time_zone_name), time_zone_name)
                         : query.from->instant       ? *query.from->instant
                                                     : start_of_local_day(query.from->local_day, time_zone_name);
  const timestamp to = !query.to ? start_of_local_day(business_day(from, time_zone_name) + 1, time_zone_name)
                       : query.to->instant ? *query.to->instant
                                           : start_of_local_day(query.to->local_day + 1, time_zone_name);
  if (to <= from) return validation_error("to", "to must be after from");
  // An hour of slack: 31 local days across the autumn clock change last 31 days and an hour.
  if (to - from > kMaxReportRange + std::chrono::hours{1}) {
    return validation_error("to", fmt::format("A report covers at most {} days", kMaxReportRange.count()));
  }
  return std::pair{from, to};
}

int32_t local_hour(timestamp at, std::string_view time_zone_name) {
  const auto local = at + offset_at(at, time_zone_name);
  const auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  return static_cast<int32_t>(std::chrono::floor<std::chrono::hours>(since_midnight).count());
}

timestamp start_of_local_day(int32_t day, std::string_view time_zone_name) {
  const timestamp midnight_as_utc{std::chrono::sys_days{std::chrono::days{day}}};
  // The offset at local midnight is the one in force at midnight_as_utc −
  // offset; one correction settles it except across a jump at that hour.
  const auto guess = midnight_as_utc - offset_at(midnight_as_utc, time_zone_name);
  return midnight_as_utc - offset_at(guess, time_zone_name);
}

}  // namespace brigade::kitchen

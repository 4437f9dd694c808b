#include "api/speed_report_json.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "api/csv.hpp"

namespace brigade::api {
namespace {

using json = nlohmann::ordered_json;

// Seconds to the tenth, shares to the thousandth: what a chart or a
// spreadsheet needs, without float noise.
// Dividing by the scale (not multiplying by its inverse) keeps 120.0 exact.
double rounded(double value, double scale) { return std::round(value * scale) / scale; }

json seconds_json(const std::optional<double>& seconds) {
  return seconds ? json(rounded(*seconds, 10)) : json(nullptr);
}

json summary_json(const kitchen::speed_summary& s) {
  return {{"count", s.count},
          {"medianSeconds", seconds_json(s.median_seconds)},
          {"p90Seconds", seconds_json(s.p90_seconds)},
          {"lateShare", rounded(s.late_share, 1000)}};
}

std::string seconds_cell(const std::optional<double>& seconds) {
  return seconds ? fmt::format("{:.1f}", *seconds) : std::string{};
}

std::vector<std::string> csv_cells(std::string key, std::string name, const kitchen::speed_summary& s) {
  return {std::move(key),
          std::move(name),
          std::to_string(s.count),
          seconds_cell(s.median_seconds),
          seconds_cell(s.p90_seconds),
          fmt::format("{:.3f}", s.late_share)};
}

}  // namespace

json speed_report_json(const kitchen::speed_of_service_report& report) {
  json groups = json::array();
  for (const auto& g : report.groups) {
    json entry = {{"key", g.key}, {"name", g.name}};
    entry.update(summary_json(g.summary));
    groups.push_back(std::move(entry));
  }
  return {{"from", format_iso8601(report.from)},
          {"to", format_iso8601(report.to)},
          {"groupBy", kitchen::to_string(report.group_by)},
          {"stationId", report.station ? json(*report.station) : json(nullptr)},
          {"timeZone", report.time_zone},
          {"targetMinutes", report.target_minutes},
          {"groups", std::move(groups)},
          {"total", summary_json(report.total)}};
}

std::string speed_report_csv(const kitchen::speed_of_service_report& report) {
  std::string out = "key,name,count,median_seconds,p90_seconds,late_share\r\n";
  for (const auto& g : report.groups) out += csv_row(csv_cells(g.key, g.name, g.summary));
  out += csv_row(csv_cells("total", "Total", report.total));
  return out;
}

}  // namespace brigade::api

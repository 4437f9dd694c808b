#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kitchen/speed_of_service.hpp"

namespace brigade::api {

// The reports' query strings (docs/api.md "Speed of service"). Pure
// functions; thread-safe. Errors are `validation` naming the parameter.

/// A report bound: a date `2026-07-01` (the restaurant's local day), or an
/// instant `2026-07-01T12:00:00Z`, `2026-07-01T14:00+02:00` (seconds and
/// fractions optional; a zone, Z or ±hh:mm, required). Percent-escapes
/// (`%3A`, `%2B`) are decoded first. nullopt for anything else.
std::optional<kitchen::report_bound> parse_report_bound(std::string_view text);

/// What a report's answer is written as.
enum class report_format { json, csv };

/// ?from=&to=&groupBy=station|hour|item&stationId=&format=json|csv of GET
/// /api/reports/speed-of-service; an empty value counts as absent;
/// stationId 0 means the lines without a station.
struct speed_report_request {
  kitchen::report_query query;
  report_format format = report_format::json;
};
result<speed_report_request> decode_speed_report_query(std::string_view query);

}  // namespace brigade::api

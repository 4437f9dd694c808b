#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kitchen/speed_of_service.hpp"

namespace brigade::api {

// The speed-of-service report on the wire (docs/api.md "Speed of
// service"). Pure; thread-safe.

/// {from, to, groupBy, stationId, timeZone, targetMinutes, groups:[{key, name, count,
/// medianSeconds, p90Seconds, lateShare}], total:{count, medianSeconds,
/// p90Seconds, lateShare}}; times null for an empty group.
nlohmann::ordered_json speed_report_json(const kitchen::speed_of_service_report& report);

/// The CSV form: a header, one row per group, then a `total` row.
std::string speed_report_csv(const kitchen::speed_of_service_report& report);

}  // namespace brigade::api

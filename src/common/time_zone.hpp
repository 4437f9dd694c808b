#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace date {
class time_zone;
}  // namespace date

namespace brigade {

/// The error code of a time zone name the system's tz database lacks.
inline constexpr std::string_view kUnknownTimeZone = "unknown_time_zone";

/// An IANA time zone ("Europe/Paris", "UTC") from the operating system's tz
/// database (Debian's tzdata, /usr/share/zoneinfo), read through Howard
/// Hinnant's date library, the implementation C++20's std::chrono::tzdb was
/// standardised from (libstdc++ 12 lacks it). Offsets follow every rule of
/// the zone, daylight saving time included, up to the last transition the
/// zone's file lists (Debian's "fat" tzdata: the end of 2037); later
/// instants keep the offset in force then, because this version of the
/// library does not read the files' POSIX rule for the years after.
/// A cheap handle: copyable, immutable, thread-safe (the database is loaded
/// once, on first use, and never changes while the process runs).
class time_zone {
 public:
  /// The zone called `name` exactly (case-sensitive, as IANA spells it), or
  /// kUnknownTimeZone with a message naming it. Link names ("US/Eastern")
  /// are accepted too. Reads the tz database on the first call.
  static result<time_zone> locate(std::string_view name);

  /// The zone's canonical name.
  std::string_view name() const;

  /// How far local clocks are ahead of UTC at `at` (negative west of
  /// Greenwich), daylight saving time included.
  std::chrono::seconds utc_offset(timestamp at) const;

  /// The local calendar date at `at`, as days since 1970-01-01 (floored, so
  /// instants before the epoch give negative days): a new day begins at
  /// local midnight, whatever the offset was the evening before.
  int32_t local_day(timestamp at) const;

 private:
  explicit time_zone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;  // owned by the process-wide tz database
};

}  // namespace brigade

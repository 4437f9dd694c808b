#include "common/clock.hpp"

#include <fmt/format.h>

namespace brigade {

timestamp now_utc() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

int64_t to_unix_ms(timestamp t) { return t.time_since_epoch().count(); }

timestamp from_unix_ms(int64_t ms) { return timestamp{std::chrono::milliseconds{ms}}; }

std::string format_iso8601(timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> time{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace brigade

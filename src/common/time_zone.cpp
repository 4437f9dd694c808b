#include "common/time_zone.hpp"

#include <exception>
#include <string>

#include <date/tz.h>
#include <fmt/format.h>

namespace brigade {

result<time_zone> time_zone::locate(std::string_view name) {
  // locate_zone throws std::runtime_error for an unknown name (and when the
  // database itself cannot be read, which says the same to the caller).
  if (name.empty() || name.size() > 64) {
    return error{std::string(kUnknownTimeZone), "The time zone must be an IANA name such as Europe/Paris"};
  }
  try {
    return time_zone{date::locate_zone(name)};
  } catch (const std::exception&) {
    return error{std::string(kUnknownTimeZone),
                 fmt::format("Unknown time zone '{}': use an IANA name such as Europe/Paris or UTC", name)};
  }
}

std::string_view time_zone::name() const { return zone_->name(); }

std::chrono::seconds time_zone::utc_offset(timestamp at) const {
  return zone_->get_info(std::chrono::floor<std::chrono::seconds>(at)).offset;
}

int32_t time_zone::local_day(timestamp at) const {
  const auto local = at + utc_offset(at);
  return static_cast<int32_t>(std::chrono::floor<std::chrono::days>(local).time_since_epoch().count());
}

}  // namespace brigade

// kitchen_service's reports (docs/kitchen.md "Speed of service").
#include <vector>

#include "kitchen/access_policy.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::kitchen {

result<speed_of_service_report> kitchen_service::speed_of_service(const actor& by, const report_query& query) {
  if (auto denied = check_permission(by, permission::read_reports)) return *denied;
  std::optional<restaurant> where;
  store_.read([&](kitchen_reader& r) { where = r.find_restaurant(by.restaurant); });
  if (!where) return not_found("restaurant", by.restaurant);
  auto range = resolve_report_range(query, clock_(), where->timezone);
  if (!range) return range.error();
  std::vector<line_times> lines;
  store_.read([&](kitchen_reader& r) { lines = r.ready_lines(by.restaurant, range->first, range->second); });
  if (query.station) std::erase_if(lines, [&](const line_times& l) { return l.station != *query.station; });
  const std::chrono::minutes target{where->ticket_target_minutes};
  speed_of_service_report out;
  out.from = range->first;
  out.to = range->second;
  out.group_by = query.group_by;
  out.station = query.station;
  out.time_zone = where->timezone;
  out.target_minutes = where->ticket_target_minutes;
  out.groups = group_lines(lines, query.group_by, where->timezone, target);
  out.total = summarise(lines, target);
  return out;
}

}  // namespace brigade::kitchen

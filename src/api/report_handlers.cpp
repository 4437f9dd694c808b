// The reports' endpoints (docs/api.md "Speed of service"): managers read
// how fast the kitchen worked, as JSON or as a CSV file.
#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/report_decoding.hpp"
#include "api/speed_report_json.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;

// The CSV file's name: the report's first UTC date, e.g.
// speed-of-service-2026-07-01-station.csv.
std::string csv_file_name(const kitchen::speed_of_service_report& report) {
  return fmt::format("speed-of-service-{}-{}.csv", format_iso8601(report.from).substr(0, 10),
                     kitchen::to_string(report.group_by));
}

result<reply> speed_of_service(const request_context& ctx) {
  auto request = decode_speed_report_query(ctx.query);
  if (!request) return request.error();
  auto report = ctx.service.speed_of_service(ctx.actor, request->query);
  if (!report) return report.error();
  if (request->format == report_format::json) return reply{http::status::ok, speed_report_json(*report)};
  reply out{http::status::ok,
            {},
            {{"Content-Type", "text/csv; charset=utf-8"},
             {"Content-Disposition", fmt::format("attachment; filename=\"{}\"", csv_file_name(*report))}}};
  out.file = speed_report_csv(*report);
  return out;
}

}  // namespace

void add_report_endpoints(endpoint_table& table, std::string_view prefix) {
  table.add(verb::get, fmt::format("{}reports/speed-of-service", prefix), speed_of_service,
            {kitchen::permission::read_reports});
}

}  // namespace brigade::api

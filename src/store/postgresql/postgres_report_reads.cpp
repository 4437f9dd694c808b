// postgres_unit_of_work's reads for the reports: the lines of the
// speed-of-service report (kitchen/speed_of_service.hpp).
#include "store/postgresql/postgres_unit_of_work.hpp"
#include "store/postgresql/pg_values.hpp"

namespace brigade::store::postgresql {

std::vector<kitchen::line_times> postgres_unit_of_work::ready_lines(kitchen::restaurant_id r, timestamp from,
                                                                  timestamp to) {
  // order_items_by_ready bounds the scan to the range. A line without a station of its own is its ticket's.
  auto s = prepare(
      "SELECT COALESCE(i.station_id, k.station_id, 0), COALESCE(st.name, ''), i.menu_item_id, i.name,"
      " i.fired_at, i.ready_at"
      " FROM order_items i"
      " JOIN orders o ON o.id = i.order_id"
      " LEFT JOIN kitchen_orders k ON k.order_id = o.id"
      " LEFT JOIN stations st ON st.restaurant_id = o.restaurant_id AND st.id = COALESCE(i.station_id, k.station_id)"
      " WHERE i.ready_at >= $1 AND i.ready_at < $2 AND o.restaurant_id = $3 AND i.status <> 'cancelled'"
      " ORDER BY i.ready_at, i.id",
      "reading the lines of the speed-of-service report");
  bind_time(s, 1, from);
  bind_time(s, 2, to);
  s.bind_int(3, r);
  return all_rows<kitchen::line_times>(s, [](const pg_statement& row) {
    return kitchen::line_times{row.column_int(0),     row.column_text(1),
                               row.column_int(2),     row.column_text(3),
                               column_optional_time(row, 4), column_optional_time(row, 5)};
  });
}

}  // namespace brigade::store::postgresql

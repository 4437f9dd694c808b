// sqlite_unit_of_work's back-office half: staff, screens, the revocations
// the token checks need, deleting tables and stations, and the audit log
// (migration 6).
#include <string>
#include <vector>

#include "store/sqlite/sqlite_unit_of_work.hpp"
#include "store/row_readers.hpp"
#include "store/sqlite/sqlite_values.hpp"

namespace brigade::store::sqlite {

using namespace kitchen;
using namespace store::rows;

std::vector<staff> sqlite_unit_of_work::staff_members(restaurant_id r) {
  auto s = db_.prepare(kStaffColumns + " WHERE restaurant_id = ? ORDER BY id", "listing staff");
  s.bind_int(1, r);
  return all_rows<staff>(s, read_staff);
}

std::vector<device> sqlite_unit_of_work::devices(restaurant_id r) {
  auto s = db_.prepare(kDeviceColumns + " WHERE restaurant_id = ? ORDER BY id", "listing screens");
  s.bind_int(1, r);
  return all_rows<device>(s, read_device);
}

std::optional<device> sqlite_unit_of_work::find_device(restaurant_id r, device_id id) {
  auto s = db_.prepare(kDeviceColumns + " WHERE restaurant_id = ? AND id = ?", "finding a screen");
  s.bind_int(1, r).bind_int(2, id);
  return one_row<device>(s, read_device);
}

access_revocations sqlite_unit_of_work::revocations() {
  access_revocations out;
  auto staff_rows = db_.prepare("SELECT id, token_generation, active FROM staff WHERE token_generation > 0 OR active = 0",
                                "reading staff revocations");
  while (staff_rows.step()) {
    out.staff.push_back({staff_rows.column_int(0), staff_rows.column_int(1), staff_rows.column_int(2) != 0});
  }
  auto device_rows = db_.prepare("SELECT id FROM devices WHERE revoked_at IS NOT NULL", "reading revoked screens");
  while (device_rows.step()) out.revoked_devices.push_back(device_rows.column_int(0));
  return out;
}

std::vector<audit_entry> sqlite_unit_of_work::audit_log(restaurant_id r, int64_t before, size_t limit) {
  auto s = db_.prepare(
      "SELECT id, restaurant_id, at, actor_kind, actor_id, actor_name, action, subject, details FROM audit_log"
      " WHERE restaurant_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3",
      "reading the audit log");
  s.bind_int(1, r).bind_int(2, before).bind_int(3, static_cast<int64_t>(limit));
  return all_rows<audit_entry>(s, read_audit);
}

void sqlite_unit_of_work::revoke_device(restaurant_id r, device_id id, timestamp at) {
  auto s = db_.prepare("UPDATE devices SET revoked_at = ? WHERE restaurant_id = ? AND id = ?", "revoking a screen");
  s.bind_int(1, to_unix_ms(at)).bind_int(2, r).bind_int(3, id);
  s.run();
  expect_one_row(db_, "screen", id);
}

bool sqlite_unit_of_work::table_in_use(restaurant_id r, table_id id) {
  return row_exists(db_,
                    "SELECT EXISTS (SELECT 1 FROM orders WHERE restaurant_id = ?1 AND table_id = ?2)"
                    " OR EXISTS (SELECT 1 FROM devices WHERE restaurant_id = ?1 AND table_id = ?2)",
                    "checking whether a table is in use", r, id);
}

bool sqlite_unit_of_work::station_in_use(restaurant_id r, station_id id) {
  return row_exists(db_,
                    "SELECT EXISTS (SELECT 1 FROM kitchen_orders WHERE restaurant_id = ?1 AND station_id = ?2)"
                    " OR EXISTS (SELECT 1 FROM menu_items WHERE restaurant_id = ?1 AND default_station_id = ?2)"
                    " OR EXISTS (SELECT 1 FROM order_items WHERE station_id = ?2)",
                    "checking whether a station is in use", r, id);
}

void sqlite_unit_of_work::delete_table(restaurant_id r, table_id id) {
  db_.prepare("DELETE FROM tables WHERE restaurant_id = ? AND id = ?", "deleting a table").bind_int(1, r).bind_int(2, id).run();
  expect_one_row(db_, "table", id);
}

void sqlite_unit_of_work::delete_station(restaurant_id r, station_id id) {
  db_.prepare("DELETE FROM stations WHERE restaurant_id = ? AND id = ?", "deleting a station")
      .bind_int(1, r)
      .bind_int(2, id)
      .run();
  expect_one_row(db_, "station", id);
}

void sqlite_unit_of_work::append_audit(audit_entry& entry) {
  auto s = db_.prepare(
      "INSERT INTO audit_log (restaurant_id, at, actor_kind, actor_id, actor_name, action, subject, details)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      "writing the audit log");
  s.bind_int(1, entry.restaurant).bind_int(2, to_unix_ms(entry.at)).bind_text(3, entry.actor_kind);
  bind_ref(s, 4, entry.actor_id);
  s.bind_text(5, entry.actor_name).bind_text(6, entry.action).bind_text(7, entry.subject).bind_text(8, entry.details);
  s.run();
  entry.id = db_.last_insert_rowid();
}

}  // namespace brigade::store::sqlite

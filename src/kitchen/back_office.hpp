#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/menu_changes.hpp"
#include "kitchen/ports.hpp"

namespace brigade::kitchen {

/// A staff member to add. Plain value type.
struct new_staff {
  std::string name;
  std::string username;
  staff_role role = staff_role::waiter;
  std::string password;
};

/// The fields of a staff member a manager changes; absent ones stay.
struct staff_change {
  std::optional<std::string> name;
  std::optional<staff_role> role;
  std::optional<bool> active;
};

/// A table's or a station's fields for add (name required) and change
/// (absent ones stay).
struct table_fields {
  std::optional<std::string> name;
  std::optional<int32_t> seats;
  std::optional<std::string> area;
};
struct station_fields {
  std::optional<std::string> name;
  std::optional<std::string> colour;  // "#RRGGBB", or "" for none
};

/// The kitchen's settings a manager changes; absent ones stay.
struct kitchen_settings_fields {
  std::optional<int32_t> auto_fire_minutes;      // 0–240; 0: off
  std::optional<int32_t> ticket_target_minutes;  // 1–240
  std::optional<bool> fire_by_prep_time{};
};

/// Told, after the commit and before the back office answers, that tokens
/// must stop working: so the next request with one is refused and open
/// connections are closed. Implementations must not block for long.
class access_listener {
 public:
  virtual ~access_listener() = default;
  /// `member`'s role, password or active flag changed: tokens of an older
  /// generation (or all, when inactive) are no longer theirs.
  virtual void staff_access_changed(const staff& member) = 0;
  virtual void screen_revoked(const device& screen) = 0;
};

/// A page of the audit log, newest first; `next` is the `before` of the
/// following page (0: none).
struct audit_page {
  std::vector<audit_entry> entries;
  int64_t next = 0;
};

/// The restaurant's back office, for managers: staff and screens, every
/// change written to the audit log in the same transaction. Permissions
/// come from the access table (access_policy.hpp); a manager acts on their
/// own restaurant only (another's staff is not_found).
/// Thread-safety: every method may be called from any thread; each blocks
/// on the store (and hashing a password takes tens of milliseconds), so
/// call them off the I/O loops. Add listeners before use.
class back_office {
 public:
  static constexpr size_t kDefaultAuditPage = 50;
  static constexpr size_t kMaxAuditPage = 500;

  explicit back_office(kitchen_store& store, std::function<timestamp()> clock = now_utc);

  void notify(access_listener& listener) { listeners_.push_back(&listener); }

  result<std::vector<staff>> list_staff(const actor& by);
  /// Errors: validation (field), conflict `username_taken`.
  result<staff> create_staff(const actor& by, const new_staff& request);
  /// A manager may neither deactivate nor demote themselves (the
  /// restaurant would be left without a manager): conflict `own_account`.
  result<staff> update_staff(const actor& by, staff_id id, const staff_change& change);
  /// Sets a new password; every token the member holds stops working.
  result<staff> reset_password(const actor& by, staff_id id, std::string_view password);

  result<std::vector<device>> list_screens(const actor& by);
  /// Revokes a paired screen for good (revoking it again changes nothing).
  result<device> revoke_screen(const actor& by, device_id id);

  // Tables and stations (back_office_floor.cpp). Names are unique in the
  // restaurant (conflict `name_taken`); one in use (an order or a screen
  // names the table, a ticket or a menu item the station) cannot be
  // deleted (conflict `in_use`).
  result<table> create_table(const actor& by, const table_fields& fields);
  result<table> update_table(const actor& by, table_id id, const table_fields& fields);
  result<table> delete_table(const actor& by, table_id id);
  result<station> create_station(const actor& by, const station_fields& fields);
  result<station> update_station(const actor& by, station_id id, const station_fields& fields);
  result<station> delete_station(const actor& by, station_id id);

  // The menu (back_office_menu.cpp). Names of categories, groups and dishes
  // on the menu are unique in the restaurant (conflict `name_taken`); a
  // category with dishes or a group a dish offers cannot be deleted
  // (conflict `in_use`); deleting a dish archives it (orders name it).
  result<menu_category> create_category(const actor& by, const category_fields& fields);
  result<menu_category> update_category(const actor& by, menu_category_id id, const category_fields& fields);
  result<menu_category> delete_category(const actor& by, menu_category_id id);
  result<menu_item> create_menu_item(const actor& by, const menu_item_fields& fields);
  result<menu_item> update_menu_item(const actor& by, menu_item_id id, const menu_item_fields& fields);
  result<menu_item> archive_menu_item(const actor& by, menu_item_id id);
  result<modifier_group> create_modifier_group(const actor& by, const modifier_group_fields& fields);
  result<modifier_group> update_modifier_group(const actor& by, modifier_group_id id,
                                               const modifier_group_fields& fields);
  result<modifier_group> delete_modifier_group(const actor& by, modifier_group_id id);
  /// The whole menu, for the export.
  result<menu_catalog> export_menu(const actor& by);
  /// Checks the whole file against the rules and the restaurant (stations,
  /// groups it names), then applies it in one transaction; or lists every
  /// error, those found reading the file first, and applies nothing
  /// (menu_import.cpp).
  result<import_outcome> import_menu(const actor& by, const menu_document& file, import_mode mode,
                                     const std::vector<import_error>& reading_errors = {});

  result<audit_page> audit_log(const actor& by, int64_t before, std::optional<size_t> limit);

  // The kitchen's settings (back_office_settings.cpp): auto-fire of held
  // courses, and the ticket target of the speed-of-service report.
  result<restaurant> kitchen_settings(const actor& by);
  /// Errors: validation (field).
  result<restaurant> update_kitchen_settings(const actor& by, const kitchen_settings_fields& fields);

  /// Every revoked token source over all restaurants, for the server's
  /// start-up (auth::revocation_list). No permission: not for clients.
  access_revocations revocations();

 private:
  audit_entry audit(const actor& by, std::string action, std::string subject, std::string details) const;

  kitchen_store& store_;
  std::function<timestamp()> clock_;
  std::vector<access_listener*> listeners_;
};

}  // namespace brigade::kitchen

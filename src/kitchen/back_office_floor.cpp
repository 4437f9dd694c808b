// back_office's tables and stations: the floor the waiters serve and the
// stations the kitchen routes tickets to.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/audit_details.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/back_office_rows.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

std::optional<error> check_table_fields(const table_fields& f) {
  if (f.name) {
    if (auto bad = check_length("name", *f.name, 1, kMaxPlaceName)) return bad;
  }
  if (f.seats && (*f.seats < 0 || *f.seats > kMaxSeats)) {
    return validation_error("seats", fmt::format("seats must be between 0 and {}", kMaxSeats));
  }
  if (f.area) {
    if (auto bad = check_length("area", *f.area, 0, kMaxPlaceName)) return bad;
  }
  return std::nullopt;
}

bool is_hex_colour(std::string_view c) {
  return c.size() == 7 && c[0] == '#' && std::all_of(c.begin() + 1, c.end(), [](char x) {
           return (x >= '0' && x <= '9') || (x >= 'a' && x <= 'f') || (x >= 'A' && x <= 'F');
         });
}

std::optional<error> check_station_fields(const station_fields& f) {
  if (f.name) {
    if (auto bad = check_length("name", *f.name, 1, kMaxPlaceName)) return bad;
  }
  if (f.colour && !f.colour->empty() && !is_hex_colour(*f.colour)) {
    return validation_error("colour", "colour must be \"#RRGGBB\" (e.g. \"#e4572e\") or \"\"");
  }
  return std::nullopt;
}

error in_use(std::string_view what, int64_t id, std::string_view by) {
  return error{std::string(kInUse), fmt::format("{} {} is used by {}; rename it instead", what, id, by)};
}

std::string seats_text(int32_t seats) { return std::to_string(seats); }

}  // namespace

result<table> back_office::create_table(const actor& by, const table_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  if (!fields.name) return validation_error("name", "name is required");
  if (auto bad = check_table_fields(fields)) return *bad;
  table added{0, by.restaurant, *fields.name, fields.seats.value_or(0), fields.area.value_or("")};
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    added.id = 0;
    if (auto clash = name_clash(uow.tables(by.restaurant), added.name, 0)) return *clash;
    uow.save_table(added);
    auto entry = audit(by, "table.created", fmt::format("table:{}", added.id),
                       details_json({{"name", added.name}, {"seats", seats_text(added.seats)}, {"area", added.area}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return added;
}

result<table> back_office::update_table(const actor& by, table_id id, const table_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  if (auto bad = check_table_fields(fields)) return *bad;
  table current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_table(by.restaurant, id);
    if (!found) return not_found("table", id);
    current = std::move(*found);
    change_log changes;
    if (fields.name && *fields.name != current.name) {
      if (auto clash = name_clash(uow.tables(by.restaurant), *fields.name, id)) return *clash;
      changes.note("name", current.name, *fields.name);
      current.name = *fields.name;
    }
    if (fields.seats && *fields.seats != current.seats) {
      changes.note("seats", seats_text(current.seats), seats_text(*fields.seats));
      current.seats = *fields.seats;
    }
    if (fields.area && *fields.area != current.area) {
      changes.note("area", current.area, *fields.area);
      current.area = *fields.area;
    }
    if (changes.empty()) return ok_v;
    uow.save_table(current);
    auto entry = audit(by, "table.updated", fmt::format("table:{}", id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

result<table> back_office::delete_table(const actor& by, table_id id) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  table gone;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_table(by.restaurant, id);
    if (!found) return not_found("table", id);
    if (uow.table_in_use(by.restaurant, id)) return in_use("table", id, "orders or a table display");
    gone = std::move(*found);
    uow.delete_table(by.restaurant, id);
    auto entry = audit(by, "table.deleted", fmt::format("table:{}", id), details_json({{"name", gone.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return gone;
}

result<station> back_office::create_station(const actor& by, const station_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  if (!fields.name) return validation_error("name", "name is required");
  if (auto bad = check_station_fields(fields)) return *bad;
  station added{0, by.restaurant, *fields.name, fields.colour.value_or("")};
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    added.id = 0;
    if (auto clash = name_clash(uow.stations(by.restaurant), added.name, 0)) return *clash;
    uow.save_station(added);
    auto entry = audit(by, "station.created", fmt::format("station:{}", added.id),
                       details_json({{"name", added.name}, {"colour", added.colour}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return added;
}

result<station> back_office::update_station(const actor& by, station_id id, const station_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  if (auto bad = check_station_fields(fields)) return *bad;
  station current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_station(by.restaurant, id);
    if (!found) return not_found("station", id);
    current = std::move(*found);
    change_log changes;
    if (fields.name && *fields.name != current.name) {
      if (auto clash = name_clash(uow.stations(by.restaurant), *fields.name, id)) return *clash;
      changes.note("name", current.name, *fields.name);
      current.name = *fields.name;
    }
    if (fields.colour && *fields.colour != current.colour) {
      changes.note("colour", current.colour, *fields.colour);
      current.colour = *fields.colour;
    }
    if (changes.empty()) return ok_v;
    uow.save_station(current);
    auto entry = audit(by, "station.updated", fmt::format("station:{}", id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

result<station> back_office::delete_station(const actor& by, station_id id) {
  if (auto denied = check_permission(by, permission::manage_floor)) return *denied;
  station gone;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_station(by.restaurant, id);
    if (!found) return not_found("station", id);
    if (uow.station_in_use(by.restaurant, id)) return in_use("station", id, "tickets or menu items");
    gone = std::move(*found);
    uow.delete_station(by.restaurant, id);
    auto entry = audit(by, "station.deleted", fmt::format("station:{}", id), details_json({{"name", gone.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return gone;
}

}  // namespace brigade::kitchen

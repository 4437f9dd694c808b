// The kitchen's settings of a restaurant: auto-fire of held courses, fire by
// prep time and the ticket target (docs/kitchen.md "Stations and courses", docs/api.md).
#include <string>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/audit_details.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

std::optional<error> check_minutes(std::string_view field, const std::optional<int32_t>& value, int32_t min) {
  if (!value || (*value >= min && *value <= kMaxSettingMinutes)) return std::nullopt;
  return validation_error(std::string(field), fmt::format("{} must be from {} to {} minutes", field, min, kMaxSettingMinutes));
}

}  // namespace

result<restaurant> back_office::kitchen_settings(const actor& by) {
  if (auto denied = check_permission(by, permission::manage_settings)) return *denied;
  std::optional<restaurant> found;
  store_.read([&](kitchen_reader& r) { found = r.find_restaurant(by.restaurant); });
  if (!found) return not_found("restaurant", by.restaurant);
  return std::move(*found);
}

result<restaurant> back_office::update_kitchen_settings(const actor& by, const kitchen_settings_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_settings)) return *denied;
  if (auto bad = check_minutes("autoFireMinutes", fields.auto_fire_minutes, 0)) return *bad;
  if (auto bad = check_minutes("ticketTargetMinutes", fields.ticket_target_minutes, 1)) return *bad;
  restaurant current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_restaurant(by.restaurant);
    if (!found) return not_found("restaurant", by.restaurant);
    current = std::move(*found);
    change_log changes;
    const auto apply = [&](std::string_view field, const std::optional<int32_t>& wanted, int32_t& slot) {
      if (!wanted || *wanted == slot) return;
      changes.note(field, std::to_string(slot), std::to_string(*wanted));
      slot = *wanted;
    };
    apply("autoFireMinutes", fields.auto_fire_minutes, current.auto_fire_minutes);
    apply("ticketTargetMinutes", fields.ticket_target_minutes, current.ticket_target_minutes);
    if (fields.fire_by_prep_time && *fields.fire_by_prep_time != current.fire_by_prep_time) {
      changes.note("fireByPrepTime", current.fire_by_prep_time ? "on" : "off", *fields.fire_by_prep_time ? "on" : "off");
      current.fire_by_prep_time = *fields.fire_by_prep_time;
    }
    if (changes.empty()) return ok_v;
    uow.save_restaurant(current);
    auto entry = audit(by, "settings.updated", fmt::format("restaurant:{}", current.id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

}  // namespace brigade::kitchen

#include "kitchen/back_office.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "common/password.hpp"
#include "kitchen/access_policy.hpp"
#include "kitchen/audit_details.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

bool is_staff_role(staff_role role) { return !is_device_role(role); }

// Lower-case letters, digits, '.', '_' and '-': what a person types on a
// phone's login form without surprises.
std::optional<error> check_username(std::string_view username) {
  if (auto bad = check_length("username", username, kMinUsername, kMaxUsername)) return bad;
  const bool plain = std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!plain) return validation_error("username", "a username uses only a-z, 0-9, '.', '_' and '-'");
  return std::nullopt;
}

std::optional<error> check_password(std::string_view password) {
  if (password.size() > kMaxCredentialBytes) {
    return validation_error("password", fmt::format("a password has at most {} bytes", kMaxCredentialBytes));
  }
  if (count_characters(password) < kMinPassword) {
    return validation_error("password", fmt::format("a password has at least {} characters", kMinPassword));
  }
  return std::nullopt;
}

std::string subject_of(const staff& member) { return fmt::format("staff:{}", member.id); }

}  // namespace

back_office::back_office(kitchen_store& store, std::function<timestamp()> clock)
    : store_(store), clock_(std::move(clock)) {}

audit_entry back_office::audit(const actor& by, std::string action, std::string subject, std::string details) const {
  audit_entry entry;
  entry.restaurant = by.restaurant;
  entry.at = clock_();
  entry.actor_kind = by.is_device() ? "device" : "staff";
  entry.actor_id = by.id;
  entry.actor_name = by.name;
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.details = std::move(details);
  return entry;
}

result<std::vector<staff>> back_office::list_staff(const actor& by) {
  if (auto denied = check_permission(by, permission::manage_staff)) return *denied;
  std::vector<staff> members;
  store_.read([&](kitchen_reader& r) { members = r.staff_members(by.restaurant); });
  return members;
}

result<staff> back_office::create_staff(const actor& by, const new_staff& request) {
  if (auto denied = check_permission(by, permission::manage_staff)) return *denied;
  if (auto bad = check_length("name", request.name, kMinStaffName, kMaxStaffName)) return *bad;
  if (auto bad = check_username(request.username)) return *bad;
  if (!is_staff_role(request.role)) return validation_error("role", "role must be waiter, chef or manager");
  if (auto bad = check_password(request.password)) return *bad;
  staff member;
  member.restaurant = by.restaurant;
  member.name = request.name;
  member.username = request.username;
  member.role = request.role;
  member.password_hash = hash_password(request.password);  // before the writer is taken
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    member.id = 0;
    if (uow.find_staff_by_username(member.username)) {
      return error{std::string(kUsernameTaken), fmt::format("The username '{}' is taken", member.username),
                   {{"field", "username"}}};
    }
    uow.save_staff(member);
    auto entry = audit(by, "staff.created", subject_of(member),
                       details_json({{"name", member.name}, {"username", member.username},
                                     {"role", to_string(member.role)}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return member;
}

result<staff> back_office::update_staff(const actor& by, staff_id id, const staff_change& change) {
  if (auto denied = check_permission(by, permission::manage_staff)) return *denied;
  if (change.name) {
    if (auto bad = check_length("name", *change.name, kMinStaffName, kMaxStaffName)) return *bad;
  }
  if (change.role && !is_staff_role(*change.role)) return validation_error("role", "role must be waiter, chef or manager");
  const bool self = !by.is_device() && by.id == id;
  if (self && change.active == false) {
    return error{std::string(kOwnAccount), "You cannot deactivate your own account; ask another manager"};
  }
  if (self && change.role && *change.role != staff_role::manager) {
    return error{std::string(kOwnAccount), "You cannot change your own role; ask another manager"};
  }
  staff member;
  bool access_changed = false;
  bool switched = false;  // the account was switched off or on
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_staff(id);
    if (!found || found->restaurant != by.restaurant) return not_found("staff member", id);
    member = std::move(*found);
    change_log changes;
    if (change.name && *change.name != member.name) {
      changes.note("name", member.name, *change.name);
      member.name = *change.name;
    }
    if (change.role && *change.role != member.role) {
      changes.note("role", to_string(member.role), to_string(*change.role));
      member.role = *change.role;
      access_changed = true;  // a token carries the role it was issued with
    }
    if (change.active && *change.active != member.active) {
      changes.note("active", member.active ? "true" : "false", *change.active ? "true" : "false");
      member.active = *change.active;
      access_changed = true;
      switched = true;
    }
    if (changes.empty()) return ok_v;  // nothing changes: nothing written
    if (access_changed) ++member.token_generation;
    uow.save_staff(member);
    // Named after the change: switching the account off or on says so.
    const char* action = !switched ? "staff.updated" : member.active ? "staff.reactivated" : "staff.deactivated";
    auto entry = audit(by, action, subject_of(member), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  if (access_changed) {
    for (auto* listener : listeners_) listener->staff_access_changed(member);
  }
  return member;
}

result<staff> back_office::reset_password(const actor& by, staff_id id, std::string_view password) {
  if (auto denied = check_permission(by, permission::manage_staff)) return *denied;
  if (auto bad = check_password(password)) return *bad;
  const std::string hash = hash_password(password);
  staff member;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_staff(id);
    if (!found || found->restaurant != by.restaurant) return not_found("staff member", id);
    member = std::move(*found);
    member.password_hash = hash;
    member.must_change_password = true;  // a password someone else knows: theirs to replace
    ++member.token_generation;           // every session of theirs ends
    uow.save_staff(member);
    auto entry = audit(by, "staff.password_reset", subject_of(member), "{}");
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  for (auto* listener : listeners_) listener->staff_access_changed(member);
  return member;
}

result<std::vector<device>> back_office::list_screens(const actor& by) {
  if (auto denied = check_permission(by, permission::manage_screens)) return *denied;
  std::vector<device> screens;
  store_.read([&](kitchen_reader& r) { screens = r.devices(by.restaurant); });
  return screens;
}

result<device> back_office::revoke_screen(const actor& by, device_id id) {
  if (auto denied = check_permission(by, permission::manage_screens)) return *denied;
  device screen;
  bool revoked_now = false;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_device(by.restaurant, id);
    if (!found) return not_found("screen", id);
    screen = std::move(*found);
    if (screen.revoked_at) return ok_v;
    screen.revoked_at = clock_();
    uow.revoke_device(by.restaurant, id, *screen.revoked_at);
    auto entry = audit(by, "screen.revoked", fmt::format("screen:{}", id),
                       details_json({{"name", screen.name}, {"role", to_string(screen.role)}}));
    uow.append_audit(entry);
    revoked_now = true;
    return ok_v;
  });
  if (!outcome) return outcome.error();
  if (revoked_now) {
    for (auto* listener : listeners_) listener->screen_revoked(screen);
  }
  return screen;
}

result<audit_page> back_office::audit_log(const actor& by, int64_t before, std::optional<size_t> limit) {
  if (auto denied = check_permission(by, permission::read_audit_log)) return *denied;
  const size_t page = limit.value_or(kDefaultAuditPage);
  if (page < 1 || page > kMaxAuditPage) {
    return validation_error("limit", fmt::format("limit must be between 1 and {}", kMaxAuditPage));
  }
  if (before < 0) return validation_error("before", "before must be an entry id");
  audit_page out;
  store_.read([&](kitchen_reader& r) { out.entries = r.audit_log(by.restaurant, before, page + 1); });
  if (out.entries.size() > page) {
    out.entries.resize(page);
    out.next = out.entries.back().id;
  }
  return out;
}

access_revocations back_office::revocations() {
  access_revocations all;
  store_.read([&](kitchen_reader& r) { all = r.revocations(); });
  return all;
}

}  // namespace brigade::kitchen

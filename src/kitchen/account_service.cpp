#include "kitchen/account_service.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "common/password.hpp"
#include "common/time_zone.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/currency.hpp"
#include "kitchen/errors.hpp"

namespace brigade::kitchen {
namespace {

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool is_username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

}  // namespace

status validate_new_restaurant(const new_restaurant& request) {
  if (is_blank(request.name)) return validation_error("restaurant.name", "The restaurant needs a name");
  if (request.name.size() > kMaxNameLength)
    return validation_error("restaurant.name", fmt::format("The name is longer than {} characters", kMaxNameLength));
  if (auto zone = time_zone::locate(request.timezone); !zone) {
    return validation_error("restaurant.timezone", zone.error().message);
  }
  if (!is_iso4217_currency(request.currency)) {
    return validation_error("restaurant.currency",
                            fmt::format("Unknown currency '{}': use an ISO 4217 code in capitals such as EUR, "
                                        "USD or GBP",
                                        request.currency.substr(0, 16)));
  }
  return ok_v;
}

status validate_new_password(std::string_view password, std::string field) {
  if (password.size() < kMinPasswordLength) {
    return validation_error(std::move(field),
                            fmt::format("The password needs at least {} characters", kMinPasswordLength));
  }
  if (password.size() > kMaxCredentialBytes) {
    return validation_error(std::move(field),
                            fmt::format("The password is longer than {} bytes", kMaxCredentialBytes));
  }
  return ok_v;
}

status validate_new_manager(const new_manager& request) {
  if (request.name.size() > kMaxNameLength)
    return validation_error("manager.name", fmt::format("The name is longer than {} characters", kMaxNameLength));
  const std::string_view username = request.username;
  if (username.empty() || username.size() > kMaxUsernameLength ||
      !std::all_of(username.begin(), username.end(), is_username_char)) {
    return validation_error("manager.username",
                            fmt::format("The username must be 1 to {} letters, digits, '.', '_' or '-'",
                                        kMaxUsernameLength));
  }
  return validate_new_password(request.password, "manager.password");
}

account_service::account_service(kitchen_store& store) : store_(store) {}

result<created_restaurant> account_service::create_restaurant(const new_restaurant& place, const new_manager& manager,
                                                              creation_rule rule) {
  if (auto valid = validate_new_restaurant(place); !valid) return valid.error();
  if (auto valid = validate_new_manager(manager); !valid) return valid.error();
  // Hashed before the transaction: argon2id must not hold the store's writer.
  const std::string hash = hash_password(manager.password);

  created_restaurant created;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    if (rule == creation_rule::first_restaurant_only && !uow.restaurants().empty()) {
      return error{std::string(kAlreadySetUp), "This server is already set up: log in instead"};
    }
    if (uow.find_staff_by_username(manager.username)) {
      return error{std::string(kUsernameTaken),
                   fmt::format("The username '{}' is taken: choose another", manager.username),
                   {{"field", "manager.username"}}};
    }
    created.place.name = place.name;
    created.place.timezone = place.timezone;
    created.place.currency = place.currency;
    uow.save_restaurant(created.place);
    created.manager.restaurant = created.place.id;
    created.manager.name = manager.name.empty() ? manager.username : manager.name;
    created.manager.username = manager.username;
    created.manager.role = staff_role::manager;
    created.manager.password_hash = hash;
    created.manager.must_change_password = manager.must_change_password;
    uow.save_staff(created.manager);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  created.manager.password_hash.clear();
  return created;
}

bool account_service::has_restaurant() {
  bool any = false;
  store_.read([&](kitchen_reader& r) { any = !r.restaurants().empty(); });
  return any;
}

std::vector<restaurant_summary> account_service::restaurants() {
  std::vector<restaurant_summary> out;
  store_.read([&](kitchen_reader& r) {
    for (restaurant& place : r.restaurants()) {
      const int64_t count = r.staff_count(place.id);
      out.push_back({std::move(place), count});
    }
  });
  return out;
}

status account_service::change_password(const actor& by, std::string_view current, std::string_view next,
                                        int64_t* generation) {
  if (by.is_device()) return forbidden("Screens have no password to change");
  if (auto valid = validate_new_password(next, "newPassword"); !valid) return valid;
  if (next == current) return validation_error("newPassword", "The new password must differ from the current one");

  std::optional<staff> member;
  store_.read([&](kitchen_reader& r) { member = r.find_staff(by.id); });
  if (member && member->restaurant != by.restaurant) member.reset();
  // verify_login spends the same argon2id time whether or not they exist.
  if (auto checked = verify_login(member, current); !checked) {
    return error{std::string(kUnauthenticated), "The current password is wrong", {{"field", "currentPassword"}}};
  }
  const std::string hash = hash_password(next);
  return store_.transact([&](unit_of_work& uow) -> status {
    auto fresh = uow.find_staff(by.id);
    if (!fresh || fresh->restaurant != by.restaurant) return not_found("staff member", by.id);
    fresh->password_hash = hash;
    fresh->must_change_password = false;
    uow.save_staff(*fresh);
    if (generation != nullptr) *generation = fresh->token_generation;
    return ok_v;
  });
}

}  // namespace brigade::kitchen

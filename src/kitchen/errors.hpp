#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "kitchen/status.hpp"

namespace brigade::kitchen {

// The kinds of rule violation, as `brigade::error` codes. The API maps them
// to 404, 409, 400, 409 and 403; details name the field or the transition.
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kInvalidTransition = "invalid_transition";
inline constexpr std::string_view kValidation = "validation";
inline constexpr std::string_view kConflict = "conflict";
/// The actor's role may not do this (kitchen/access_policy.hpp).
inline constexpr std::string_view kForbidden = "forbidden";
/// Wrong credentials (login).
inline constexpr std::string_view kUnauthenticated = "unauthenticated";
/// A command would grow an order past its limits (validation.hpp); the API
/// answers 413, details name the field and the limit.
inline constexpr std::string_view kOrderTooLarge = "order_too_large";
/// An item of a new order or of added items is sold out (86'd): 409,
/// details name the field and the menuItemId.
inline constexpr std::string_view kSoldOut = "sold_out";
/// Back office (409): a username another staff member has (they are unique
/// across restaurants), and a manager deactivating or demoting themselves.
inline constexpr std::string_view kUsernameTaken = "username_taken";
inline constexpr std::string_view kOwnAccount = "own_account";
/// Back office (409): another table or station of the restaurant has the
/// name; the table or station is referred to and cannot be deleted.
inline constexpr std::string_view kNameTaken = "name_taken";
inline constexpr std::string_view kInUse = "in_use";

error not_found(std::string_view what, int64_t id);
error validation_error(std::string field, std::string message);
error conflict(std::string message);
error forbidden(std::string message);
error invalid_transition(std::string_view entity, std::string_view from, std::string_view to);
error order_too_large(std::string field, size_t limit, std::string message);
/// `dish` (menu item `id`) at `field` is sold out: kSoldOut.
error sold_out(std::string_view dish, int64_t id, std::string field);
/// A line of a held course cannot be started or made ready (conflict,
/// details `course`): the waiter fires the course first.
error held_course(int32_t course);

template <typename Status>
error invalid_transition(std::string_view entity, Status from, Status to) {
  return invalid_transition(entity, to_string(from), to_string(to));
}

}  // namespace brigade::kitchen

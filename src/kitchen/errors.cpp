#include "kitchen/errors.hpp"

#include <fmt/format.h>

namespace brigade::kitchen {

error not_found(std::string_view what, int64_t id) {
  return error{std::string(kNotFound), fmt::format("{} {} not found", what, id)};
}

error validation_error(std::string field, std::string message) {
  return error{std::string(kValidation), std::move(message), {{"field", std::move(field)}}};
}

error conflict(std::string message) { return error{std::string(kConflict), std::move(message)}; }

error forbidden(std::string message) { return error{std::string(kForbidden), std::move(message)}; }

error invalid_transition(std::string_view entity, std::string_view from, std::string_view to) {
  return error{std::string(kInvalidTransition), fmt::format("{} cannot go from {} to {}", entity, from, to),
               {{"from", std::string(from)}, {"to", std::string(to)}}};
}

error order_too_large(std::string field, size_t limit, std::string message) {
  return error{std::string(kOrderTooLarge), std::move(message),
               {{"field", std::move(field)}, {"limit", std::to_string(limit)}}};
}

error sold_out(std::string_view dish, int64_t id, std::string field) {
  return error{std::string(kSoldOut), fmt::format("{} is sold out", dish),
               {{"field", std::move(field)}, {"menuItemId", std::to_string(id)}}};
}

error held_course(int32_t course) {
  return error{std::string(kConflict), fmt::format("course {} is held: the waiter fires it first", course),
               {{"course", std::to_string(course)}}};
}

}  // namespace brigade::kitchen

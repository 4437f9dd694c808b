#include "api/acting_staff.hpp"

#include "api/error_response.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

// Usernames are short; a longer header cannot name anyone, so it never
// reaches the store.
constexpr size_t kMaxUsername = 64;

error unauthenticated(std::string message) {
  return error{std::string(kUnauthenticated), std::move(message)};
}

}  // namespace

std::optional<std::string_view> staff_header(const http::request& req) {
  const auto it = req.find(kStaffHeader);
  if (it == req.end() || it->value().empty()) return std::nullopt;
  return it->value();
}

result<kitchen::actor> acting_staff(kitchen::kitchen_service& service, const http::request& req) {
  const auto username = staff_header(req);
  if (!username) {
    return unauthenticated(
        "Say who is acting: send the staff member's username in the X-Staff header, "
        "e.g. X-Staff: waiter1");
  }
  if (username->size() > kMaxUsername) return unauthenticated("Unknown staff member in X-Staff");
  auto actor = service.find_actor(*username);
  if (!actor) {
    if (actor.error().code == kitchen::kNotFound)
      return unauthenticated("Unknown staff member in X-Staff");
    return actor.error();
  }
  return actor;
}

}  // namespace brigade::api

#include "api/account_decoding.hpp"

#include <utility>

#include <fmt/format.h>

#include "api/json_body.hpp"
#include "api/request_decoding.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

// Generous bounds for the decoder; the account service applies the real
// rules with clearer messages.
constexpr size_t kMaxNameChars = 200;
constexpr size_t kMaxCodeChars = 64;
constexpr size_t kMaxSetupTokenChars = 128;

result<const nlohmann::json*> object_field(const nlohmann::json& body, std::string_view key, std::string_view shape) {
  const auto it = body.find(key);
  if (it == body.end() || !it->is_object()) {
    return kitchen::validation_error(std::string(key), fmt::format("{} must be an object {}", key, shape));
  }
  return &*it;
}

}  // namespace

result<setup_request> decode_setup(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"setupToken", "restaurant", "manager"}); !known) return known.error();
  setup_request out;
  auto token = reader.optional_text("setupToken", kMaxSetupTokenChars);
  if (!token) return token.error();
  out.setup_token = std::move(*token);

  auto place_json = object_field(body, "restaurant", "{name, timezone, currency}");
  if (!place_json) return place_json.error();
  const field_reader place(**place_json, "restaurant");
  if (auto known = place.only({"name", "timezone", "currency"}); !known) return known.error();
  auto name = place.text("name", 1, kMaxNameChars);
  if (!name) return name.error();
  auto timezone = place.text("timezone", 1, kMaxCodeChars);
  if (!timezone) return timezone.error();
  auto currency = place.text("currency", 1, kMaxCodeChars);
  if (!currency) return currency.error();
  out.restaurant = {std::move(*name), std::move(*timezone), std::move(*currency)};

  auto manager_json = object_field(body, "manager", "{name, username, password}");
  if (!manager_json) return manager_json.error();
  const field_reader manager(**manager_json, "manager");
  if (auto known = manager.only({"name", "username", "password"}); !known) return known.error();
  auto manager_name = manager.optional_text("name", kMaxNameChars);
  if (!manager_name) return manager_name.error();
  auto username = manager.text("username", 1, kMaxUsernameChars);
  if (!username) return username.error();
  auto password = manager.text("password", 1, kMaxPasswordChars);
  if (!password) return password.error();
  out.manager = {std::move(*manager_name), std::move(*username), std::move(*password), false};
  return out;
}

result<password_change_request> decode_password_change(const nlohmann::json& body) {
  const field_reader reader(body);
  if (auto known = reader.only({"currentPassword", "newPassword"}); !known) return known.error();
  auto current = reader.text("currentPassword", 1, kMaxPasswordChars);
  if (!current) return current.error();
  // Never longer than a login accepts, or the new password could not be used.
  auto next = reader.text("newPassword", 1, kMaxPasswordChars);
  if (!next) return next.error();
  return password_change_request{std::move(*current), std::move(*next)};
}

}  // namespace brigade::api

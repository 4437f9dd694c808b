// Identity: staff log in, managers register screens, anyone asks who they are.
#include <chrono>

#include <fmt/format.h>

#include "api/error_response.hpp"
#include "api/handler_context.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "kitchen/errors.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;

nlohmann::ordered_json actor_json(const kitchen::actor& who) {
  nlohmann::ordered_json out{{"id", who.id}, {"name", who.name}, {"role", kitchen::to_string(who.role)}};
  if (who.role == kitchen::staff_role::table_display) out["tableId"] = who.table;
  out["restaurantId"] = who.restaurant;
  return out;
}

nlohmann::ordered_json token_json(const auth::issued_token& issued, std::string_view who_key,
                                  const kitchen::actor& who) {
  return {{"token", issued.token}, {"expiresAt", wire::time_json(issued.expires_at)}, {who_key, actor_json(who)}};
}

error too_many_attempts(std::chrono::seconds wait) {
  return error{std::string(kRateLimited),
               fmt::format("Too many failed logins for this username; try again in {} s", wait.count()),
               {{std::string(kRetryAfterDetail), std::to_string(wait.count())}}};
}

// Public: the only /api route that takes no token. Failures are counted per
// username (auth::login_throttle), so guessing one account's password is
// slowed down without locking anyone else out.
result<reply> login(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto credentials = decode_login(*body);
  if (!credentials) return credentials.error();
  const auto now = auth::login_throttle::clock::now();
  if (auto wait = ctx.logins.wait_before_attempt(credentials->username, now)) return too_many_attempts(*wait);
  auto who = ctx.service.check_credentials(credentials->username, credentials->password);
  if (!who) {
    if (who.error().code == kitchen::kUnauthenticated) ctx.logins.record_failure(credentials->username, now);
    return who.error();
  }
  ctx.logins.record_success(credentials->username);
  return reply{http::status::ok, token_json(ctx.tokens.issue(*who), "staff", *who)};
}

// A manager registers a kitchen or table display and gets its token, to
// paste into the screen's pairing URL.
result<reply> register_device(const request_context& ctx) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto request = decode_new_device(*body);
  if (!request) return request.error();
  auto registered = ctx.service.register_device(ctx.actor, *request);
  if (!registered) return registered.error();
  const kitchen::actor screen{registered->id, registered->restaurant, registered->name, registered->role,
                              registered->table};
  return reply{http::status::created, token_json(ctx.tokens.issue(screen), "device", screen)};
}

result<reply> whoami(const request_context& ctx) {
  return reply{http::status::ok, {{"actor", actor_json(ctx.actor)}}};
}

}  // namespace

void add_auth_endpoints(endpoint_table& public_table, endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}{}", prefix, rest); };
  public_table.add(verb::post, path("auth/login"), login);
  table.add(verb::post, path("auth/devices"), register_device);
  table.add(verb::get, path("auth/me"), whoami);
}

}  // namespace brigade::api

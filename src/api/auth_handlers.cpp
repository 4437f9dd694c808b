// Identity: managers register screens, anyone asks who they are. Logging in
// has its own file (login_endpoint.cpp): it runs on threads of its own.
#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/identity_json.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;

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

void add_auth_endpoints(endpoint_table& table, std::string_view prefix) {
  const auto path = [prefix](std::string_view rest) { return fmt::format("{}{}", prefix, rest); };
  table.add(verb::post, path("auth/devices"), register_device, {kitchen::permission::issue_device_tokens});
  table.add(verb::get, path("auth/me"), whoami);  // any actor with a token
}

}  // namespace brigade::api

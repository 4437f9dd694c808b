#include "api/password_endpoint.hpp"

#include <exception>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "api/account_decoding.hpp"
#include "api/bearer_auth.hpp"
#include "api/error_codes.hpp"
#include "api/error_response.hpp"
#include "api/guarded_response.hpp"
#include "api/identity_json.hpp"
#include "api/request_body.hpp"
#include "common/log.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

using throttle_clock = auth::login_throttle::clock;

// The throttle counts failures per address and per login name; a token
// carries an id, which names the same person.
std::string throttle_name(const kitchen::actor& who) { return fmt::format("staff#{}", who.id); }

}  // namespace

password_endpoint::password_endpoint(kitchen::account_service& accounts, const auth::token_service& tokens,
                                     login_services logins, finish_fn finish)
    : accounts_(accounts), tokens_(tokens), logins_(std::move(logins)), finish_(std::move(finish)) {}

void password_endpoint::handle(const http::exchange_ptr& ex) const {
  const unsigned version = ex->req().version();
  const auto token = bearer_token(ex->req());
  if (!token) {
    finish_(ex, error_response(authenticate(tokens_, ex->req()).error(), version));
    return;
  }
  auto verified = tokens_.verify_allowing_password_change(*token);
  if (!verified) {
    finish_(ex, error_response(verified.error(), version));
    return;
  }
  ex->mark_authenticated();
  std::string address = login_address_key(ex->remote_address());
  auto entry = logins_.admission.try_enter(address);
  if (!entry.held) {
    finish_(ex, error_response(error{std::string(kRateLimited), "Too many logins at once; try again in 1 s",
                                     {{std::string(kRetryAfterDetail), "1"}}},
                               version));
    return;
  }
  try {
    logins_.hash_work([this, ex, address = std::move(address), place = std::move(entry.held),
                       who = std::move(verified->who)] { change(ex, address, who); });
  } catch (const std::exception& e) {
    spdlog::warn("api: could not queue a password change: {}", e.what());
    finish_(ex, error_response(kUnavailable, "The server is shutting down", version));
  }
}

void password_endpoint::change(const http::exchange_ptr& ex, const std::string& address,
                               const kitchen::actor& who) const {
  finish_(ex, guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
            auto body = read_json_object(ex->req(), body_presence::required);
            if (!body) return body.error();
            auto request = decode_password_change(*body);
            if (!request) return request.error();
            const std::string name = throttle_name(who);
            if (auto wait = logins_.throttle.wait_before_attempt(address, name, throttle_clock::now())) {
              return error{std::string(kRateLimited),
                           fmt::format("Too many wrong passwords; try again in {} s", wait->count()),
                           {{std::string(kRetryAfterDetail), std::to_string(wait->count())}}};
            }
            int64_t generation = 0;
            const status changed =
                accounts_.change_password(who, request->current_password, request->new_password, &generation);
            if (!changed) {
              if (changed.error().code == kitchen::kUnauthenticated)
                logins_.throttle.record_failure(address, name, throttle_clock::now());
              return changed.error();
            }
            logins_.throttle.record_success(address, name);
            log_event(spdlog::level::info, "password_changed",
                      {{"staff", who.id}, {"restaurant", who.restaurant}});
            auto answer = token_json(tokens_.issue(who, generation), "staff", who);
            answer["passwordChangeRequired"] = false;
            return reply{http::status::ok, std::move(answer)};
          }));
}

}  // namespace brigade::api

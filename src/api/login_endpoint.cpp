#include "api/login_endpoint.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "api/error_response.hpp"
#include "api/guarded_response.hpp"
#include "api/identity_json.hpp"
#include "api/request_body.hpp"
#include "api/request_decoding.hpp"
#include "common/log.hpp"
#include "http/address_key.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

using throttle_clock = auth::login_throttle::clock;

error rate_limited(std::string message, std::chrono::seconds wait) {
  return error{std::string(kRateLimited), std::move(message),
               {{std::string(kRetryAfterDetail), std::to_string(wait.count())}}};
}

error busy(auth::login_admission::refusal why) {
  // A login takes a fraction of a second; by then a place is free again.
  return rate_limited(why == auth::login_admission::refusal::address_busy
                          ? "Too many logins from your address at once; try again in 1 s"
                          : "Too many logins at once; try again in 1 s",
                      std::chrono::seconds(1));
}

}  // namespace

std::string login_address_key(std::string_view remote_address) {
  return http::address_key(remote_address);
}

login_endpoint::login_endpoint(kitchen::kitchen_service& service, const auth::token_service& tokens,
                               login_services logins, work_executor db_work, finish_fn finish)
    : service_(service),
      tokens_(tokens),
      logins_(std::move(logins)),
      db_work_(std::move(db_work)),
      finish_(std::move(finish)) {}

void login_endpoint::handle(const http::exchange_ptr& ex) const {
  std::string address = login_address_key(ex->remote_address());
  auto entry = logins_.admission.try_enter(address);
  if (!entry.held) {
    finish_(ex, error_response(busy(entry.why), ex->req().version()));
    return;
  }
  post_or_refuse(db_work_, ex, [this, ex, address = std::move(address), place = std::move(entry.held)] {
    look_up(ex, address, place);
  });
}

void login_endpoint::look_up(const http::exchange_ptr& ex, const std::string& address,
                             const place_ptr& place) const {
  std::optional<login_request> credentials;
  std::optional<kitchen::staff> found;
  auto refusal = guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
    auto body = read_json_object(ex->req(), body_presence::required);
    if (!body) return body.error();
    auto decoded = decode_login(*body);
    if (!decoded) return decoded.error();
    if (auto wait = logins_.throttle.wait_before_attempt(address, decoded->username, throttle_clock::now())) {
      return rate_limited(fmt::format("Too many failed logins; try again in {} s", wait->count()), *wait);
    }
    found = service_.find_login(decoded->username);
    credentials = std::move(*decoded);
    return reply{};
  });
  if (!credentials) {
    finish_(ex, std::move(refusal));
    return;
  }
  // The place travels with the job: it is given back once the answer is.
  post_or_refuse(logins_.hash_work, ex,
                 [this, ex, address, place, login = std::move(*credentials), found = std::move(found)] {
                   verify(ex, address, login.username, login.password, found);
                 });
}

void login_endpoint::verify(const http::exchange_ptr& ex, const std::string& address, const std::string& username,
                            const std::string& password, const std::optional<kitchen::staff>& found) const {
  finish_(ex, guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
            auto who = kitchen::verify_login(found, password);
            if (!who) {
              logins_.throttle.record_failure(address, username, throttle_clock::now());
              return who.error();
            }
            logins_.throttle.record_success(address, username);
            // A one-time password buys a token for choosing one's own and
            // nothing else (docs/security.md, "Forced password change").
            const bool must_change = found->must_change_password;
            const int64_t generation = found->token_generation;
            auto body = token_json(must_change ? tokens_.issue_password_change(*who, generation)
                                               : tokens_.issue(*who, generation),
                                   "staff", *who);
            body["passwordChangeRequired"] = must_change;
            return reply{http::status::ok, std::move(body)};
          }));
}

void login_endpoint::post_or_refuse(const work_executor& pool, const http::exchange_ptr& ex,
                                    std::function<void()> job) const {
  try {
    pool(std::move(job));
  } catch (const std::exception& e) {
    // The pool refused the job (shutting down): answer rather than hang.
    spdlog::warn("api: could not queue a login: {}", e.what());
    finish_(ex, error_response(kUnavailable, "The server is shutting down", ex->req().version()));
  }
}

}  // namespace brigade::api

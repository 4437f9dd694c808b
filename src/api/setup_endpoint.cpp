#include "api/setup_endpoint.hpp"

#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/ip/address.hpp>

#include "api/account_decoding.hpp"
#include "api/error_codes.hpp"
#include "api/error_response.hpp"
#include "api/guarded_response.hpp"
#include "api/request_body.hpp"
#include "auth/secret_compare.hpp"
#include "common/log.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

error already_set_up() {
  return error{std::string(kitchen::kAlreadySetUp), "This server is already set up: log in instead"};
}

// Whether the request went through a proxy that says so: then the address
// we see is the proxy's, not the client's.
bool names_a_proxy_hop(const http::request& req) {
  return req.find("Forwarded") != req.end() || req.find("X-Forwarded-For") != req.end() ||
         req.find("X-Real-IP") != req.end();
}

bool is_local(const http::exchange_ptr& ex) {
  return is_loopback_address(ex->remote_address()) && !names_a_proxy_hop(ex->req());
}

}  // namespace

bool is_loopback_address(std::string_view remote_address) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(remote_address, ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

setup_endpoint::setup_endpoint(kitchen::account_service& accounts, std::string setup_token, work_executor db_work,
                               work_executor hash_work, finish_fn finish)
    : accounts_(accounts),
      setup_token_(std::move(setup_token)),
      db_work_(std::move(db_work)),
      hash_work_(std::move(hash_work)),
      finish_(std::move(finish)) {}

void setup_endpoint::status(const http::exchange_ptr& ex) const {
  post(db_work_, ex, [this, ex] {
    finish_(ex, guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
              return reply{http::status::ok, {{"open", !accounts_.has_restaurant()}, {"tokenRequired", !is_local(ex)}}};
            }));
  });
}

void setup_endpoint::create(const http::exchange_ptr& ex) const {
  post(db_work_, ex, [this, ex] {
    std::optional<setup_request> accepted;
    auto refusal = guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
      auto body = read_json_object(ex->req(), body_presence::required);
      if (!body) return body.error();
      auto request = decode_setup(*body);
      if (!request) return request.error();
      if (accounts_.has_restaurant()) return already_set_up();
      if (!is_local(ex) && !auth::same_secret(setup_token_, request->setup_token)) {
        return kitchen::forbidden(
            "Set-up from another machine needs the setup token the server logged at start "
            "(or open /setup on the server's own machine)");
      }
      accepted = std::move(*request);
      return reply{};
    });
    if (!accepted) {
      finish_(ex, std::move(refusal));
      return;
    }
    post(hash_work_, ex, [this, ex, request = std::move(*accepted)] { set_up(ex, request.restaurant, request.manager); });
  });
}

void setup_endpoint::set_up(const http::exchange_ptr& ex, const kitchen::new_restaurant& place,
                            const kitchen::new_manager& manager) const {
  finish_(ex, guarded_response(ex->req(), ex->path(), [&]() -> result<reply> {
            auto created =
                accounts_.create_restaurant(place, manager, kitchen::creation_rule::first_restaurant_only);
            if (!created) return created.error();
            log_event(spdlog::level::info, "restaurant_created",
                      {{"restaurant", created->place.id}, {"manager", std::string_view(created->manager.username)},
                       {"via", std::string_view("setup")}});
            nlohmann::ordered_json body{
                {"restaurant",
                 {{"id", created->place.id},
                  {"name", created->place.name},
                  {"timezone", created->place.timezone},
                  {"currency", created->place.currency}}},
                {"manager",
                 {{"id", created->manager.id},
                  {"name", created->manager.name},
                  {"username", created->manager.username},
                  {"role", "manager"}}}};
            return reply{http::status::created, std::move(body)};
          }));
}

void setup_endpoint::post(const work_executor& pool, const http::exchange_ptr& ex, std::function<void()> job) const {
  try {
    pool(std::move(job));
  } catch (const std::exception& e) {
    // The pool refused the job (shutting down): answer rather than hang.
    spdlog::warn("api: could not queue a set-up request: {}", e.what());
    finish_(ex, error_response(kUnavailable, "The server is shutting down", ex->req().version()));
  }
}

}  // namespace brigade::api

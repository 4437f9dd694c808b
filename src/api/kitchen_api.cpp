#include "api/kitchen_api.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "api/bearer_auth.hpp"
#include "api/error_response.hpp"
#include "api/guarded_response.hpp"
#include "common/log.hpp"
#include "common/metrics/catalog.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {

kitchen_api::kitchen_api(kitchen::kitchen_service& service, const auth::token_service& tokens,
                         login_services logins, executor post_work, http::cors_policy cors,
                         request_limits limits)
    : service_(service),
      tokens_(tokens),
      post_work_(std::move(post_work)),
      cors_(std::move(cors)),
      requests_per_ip_(limits.rate, limits.burst),
      logins_(logins),
      login_(service, tokens, std::move(logins), post_work_,
             [this](const http::exchange_ptr& ex, http::response&& res) { finish(ex, std::move(res)); }) {}

void kitchen_api::add_account_routes(kitchen::account_service& accounts, std::string setup_token) {
  const auto finish_fn = [this](const http::exchange_ptr& ex, http::response&& res) { finish(ex, std::move(res)); };
  password_ = std::make_unique<password_endpoint>(accounts, tokens_, logins_, finish_fn);
  setup_ = std::make_unique<setup_endpoint>(accounts, std::move(setup_token), post_work_, logins_.hash_work, finish_fn);
}

void kitchen_api::attach(http::router& routes, std::string prefix) {
  if (prefix.empty() || prefix.front() != '/' || prefix.back() != '/') {
    throw std::invalid_argument("kitchen_api prefix must start and end with '/': " + prefix);
  }
  prefix_ = prefix;
  add_catalog_endpoints(endpoints_, prefix_);
  add_order_endpoints(endpoints_, prefix_);
  add_kitchen_endpoints(endpoints_, prefix_);
  add_report_endpoints(endpoints_, prefix_);
  add_auth_endpoints(endpoints_, prefix_);
  if (back_office_ != nullptr) {
    add_admin_endpoints(endpoints_, prefix_);
    add_menu_admin_endpoints(endpoints_, prefix_);
  }
  public_endpoints_.add(http::beast_http::verb::post, prefix_ + "auth/login",
                        [this](const http::exchange_ptr& ex) { login_.handle(ex); });
  // These check their own credentials: a password-change token, the
  // setup token or a loopback address.
  if (password_) {
    public_endpoints_.add(http::beast_http::verb::post, prefix_ + "auth/password",
                          [this](const http::exchange_ptr& ex) { password_->handle(ex); });
    own_token_checks_.push_back(prefix_ + "auth/password");
  }
  if (setup_) {
    public_endpoints_.add(http::beast_http::verb::get, prefix_ + "setup",
                          [this](const http::exchange_ptr& ex) { setup_->status(ex); });
    public_endpoints_.add(http::beast_http::verb::post, prefix_ + "setup",
                          [this](const http::exchange_ptr& ex) { setup_->create(ex); });
  }
  routes.add_prefix(std::move(prefix), [this](const http::exchange_ptr& ex) { handle(ex); });
}

std::vector<kitchen_api::listed_route> kitchen_api::routes() const {
  std::vector<listed_route> out;
  for (auto& r : public_endpoints_.routes()) {
    const bool needs_token = std::find(own_token_checks_.begin(), own_token_checks_.end(), r.pattern) !=
                             own_token_checks_.end();
    out.push_back({r.verb, std::move(r.pattern), needs_token, {}});
  }
  for (auto& r : endpoints_.routes()) out.push_back({r.verb, std::move(r.pattern), true, std::move(r.permissions)});
  return out;
}

void kitchen_api::handle(const http::exchange_ptr& ex) const {
  const auto& req = ex->req();
  const unsigned version = req.version();
  const std::string_view path = ex->path();
  if (requests_per_ip_.enabled()) {
    const auto allowed = requests_per_ip_.check(ex->remote_address(), http::ip_rate_limiter::clock::now());
    if (!allowed) {
      finish(ex, error_response(error{std::string(kRateLimited),
                                      fmt::format("Too many requests from your address; try again in {} s",
                                                  allowed.retry_after.count()),
                                      {{std::string(kRetryAfterDetail), std::to_string(allowed.retry_after.count())}}},
                                version));
      return;
    }
  }
  // Browsers send preflights without our headers (no Authorization), so
  // they are answered here, before authentication.
  if (req.method() == http::beast_http::verb::options &&
      (endpoints_.knows(path) || public_endpoints_.knows(path))) {
    finish(ex, cors_.preflight(req));
    return;
  }
  if (auto open = public_endpoints_.match(req.method(), path); open.kind == route_table<public_endpoint>::outcome::matched) {
    ex->set_route(open.pattern);
    (*open.handler)(ex);
    return;
  }
  auto match = endpoints_.match(req.method(), path);
  if (match.kind == endpoint_table::outcome::not_found) {
    // A public path with another method (GET /api/auth/login): 405, not 404.
    const auto open = public_endpoints_.match(req.method(), path);
    if (open.kind == route_table<public_endpoint>::outcome::method_not_allowed) {
      match.kind = endpoint_table::outcome::method_not_allowed;
      match.allow = open.allow;
      match.pattern = open.pattern;
    }
  }
  if (!match.pattern.empty()) ex->set_route(match.pattern);
  switch (match.kind) {
    case endpoint_table::outcome::not_found:
      finish(ex,
             error_response(kitchen::kNotFound, fmt::format("No endpoint at {}", path), version));
      return;
    case endpoint_table::outcome::method_not_allowed: {
      auto res = error_response(
          kMethodNotAllowed,
          fmt::format("{} is not allowed here; use {}", req.method_string(), match.allow), version);
      res.set(http::field::allow, match.allow);
      finish(ex, std::move(res));
      return;
    }
    case endpoint_table::outcome::matched:
      break;
  }
  // The token is checked here, on the loop: a request without a valid one
  // never costs a database thread.
  auto verified = authenticate(tokens_, req);
  if (!verified) {
    finish(ex, error_response(verified.error(), version));
    return;
  }
  // A proven client keeps its connection when the server is full.
  ex->mark_authenticated();
  dispatch(ex, *match.handler, std::move(match.params), std::move(verified->who));
}

void kitchen_api::dispatch(const http::exchange_ptr& ex, const endpoint& handler, path_params params,
                           kitchen::actor who) const {
  const auto& req = ex->req();
  try {
    post_work_([this, ex, &handler, params = std::move(params), who = std::move(who)] {
      run(ex, handler, params, who);
    });
  } catch (const std::exception& e) {
    // The pool refused the job (shutting down): answer rather than hang.
    spdlog::warn("api: could not queue {} {}: {}", req.method_string(), ex->path(), e.what());
    finish(ex, error_response(kUnavailable, "The server is shutting down", req.version()));
  }
}

void kitchen_api::run(const http::exchange_ptr& ex, const endpoint& handler, const path_params& params,
                      const kitchen::actor& who) const {
  finish(ex, guarded_response(ex->req(), ex->path(), [&] {
           const request_context ctx{service_, back_office_, who, tokens_, ex->req(), ex->query(), params, prefix_};
           return handler(ctx);
         }));
}

void kitchen_api::finish(const http::exchange_ptr& ex, http::response&& res) const {
  // Client errors by kind (5xx are counted for every route by the exchange).
  const auto& m = metrics::brigade();
  if (res.result() == http::status::bad_request || res.result() == http::status::unprocessable_entity) {
    m.validation_errors.inc();
  } else if (res.result() == http::status::too_many_requests) {
    m.rate_limited.inc();
  }
  cors_.apply(ex->req(), res);
  if (res.find(http::field::access_control_allow_origin) != res.end()) {
    // Scripts on another origin may read only the headers listed here.
    res.set(http::field::access_control_expose_headers,
            "Location, Idempotent-Replayed, Allow, Retry-After, WWW-Authenticate");
  }
  ex->respond(std::move(res));
}

}  // namespace brigade::api

#pragma once

#include <functional>
#include <string>

#include "api/handler_context.hpp"
#include "http/cors.hpp"
#include "http/router.hpp"
#include "kitchen/kitchen_service.hpp"

namespace brigade::api {

/// The REST API (docs/api.md) over the kitchen service. Each request is
/// routed on its I/O loop (404, 405 and CORS preflights are answered
/// there); everything that may touch the store — X-Staff lookup, body
/// decoding, the use case, the JSON answer — runs on `post_work`'s threads,
/// which then call `exchange::respond`. Nothing thrown escapes: a
/// kitchen::store_failure becomes 503 store_unavailable, anything else 500.
///
/// Thread-safety: `attach` once, before the server starts; the handlers are
/// then const and safe on any thread. Lifetime: the service and this object
/// must outlive the listener and every job handed to `post_work` (stop the
/// loops and join the worker pool before destroying them). Not movable,
/// since the router keeps a pointer to it.
class kitchen_api {
 public:
  /// Runs a job off the I/O loops (the app passes a thread pool's post).
  /// May be called from any loop thread at once.
  using executor = std::function<void(std::function<void()>)>;

  /// `cors`: which browser origins may call the API from another origin;
  /// the default allows none (same-origin web apps need nothing).
  kitchen_api(kitchen::kitchen_service& service, executor post_work, http::cors_policy cors = {});
  kitchen_api(const kitchen_api&) = delete;
  kitchen_api& operator=(const kitchen_api&) = delete;

  /// Serves every endpoint under `prefix` (must start and end with '/').
  void attach(http::router& routes, std::string prefix = "/api/");

 private:
  void handle(const http::exchange_ptr& ex) const;
  void run(const http::exchange_ptr& ex, const endpoint& handler, const path_params& params) const;
  void finish(const http::exchange_ptr& ex, http::response&& res) const;

  kitchen::kitchen_service& service_;
  executor post_work_;
  http::cors_policy cors_;
  std::string prefix_;
  endpoint_table endpoints_;
};

}  // namespace brigade::api

#pragma once

#include <chrono>
#include <functional>

#include "http/router.hpp"

namespace brigade::app {

/// What /readyz asks. Plain value type; the functions must be thread-safe.
struct readiness_checks {
  /// Whether the listener accepts connections (false before start and once
  /// shutting down).
  std::function<bool()> accepting;
  /// A trivial store query; throws if the store cannot answer. Runs on
  /// `blocking`, never on an I/O loop.
  std::function<void()> query_store;
  /// Runs a function on a thread that may block (the database workers).
  std::function<void(std::function<void()>)> blocking;
  /// How long the store may take before the answer is "not ready": a
  /// commit's fsync takes milliseconds, so seconds mean a stuck database or
  /// a saturated worker pool, which is what a load balancer should hear.
  std::chrono::milliseconds store_timeout{2000};
  /// Whether the cluster bus is connected; empty without one. Reported, not
  /// required: a node whose bus is down still serves its own screens.
  std::function<bool()> cluster_bus_up;
};

/// GET /readyz: 200 `{"status":"ready","checks":{"listener":"ok","store":"ok"}}`
/// (with `"clusterBus":"ok"` or `"down"` on a node with --adapter)
/// once the listener accepts and the store answers within the timeout;
/// otherwise 503 `{"status":"not_ready","reason":"..."}` (shutting_down,
/// store_unavailable, store_timeout). /healthz stays "the process is alive".
/// `checks` must outlive the router.
void serve_readiness(http::router& routes, const readiness_checks& checks);

}  // namespace brigade::app

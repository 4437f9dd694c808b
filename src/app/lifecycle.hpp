#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "http/io_pool.hpp"
#include "http/listener.hpp"

namespace brigade::app {

/// How a server winds down on SIGTERM/SIGINT. Plain value type.
struct shutdown_plan {
  /// Closes every client so it reconnects (to another server, or to this one
  /// once restarted); called on the main loop after the listener stopped.
  std::function<void()> close_clients;
  /// True once nothing is left to deliver: no request unanswered and no
  /// client open. Polled on the main loop.
  std::function<bool()> drained;
  /// The most the drain may take before the loops are stopped regardless.
  std::chrono::milliseconds timeout{10'000};
};

/// Starts the loops and the listener, prints `<name> listening on
/// http://HOST:PORT` on stdout (tests and scripts wait for that line), then
/// blocks until SIGINT or SIGTERM and shuts down in order: stop accepting,
/// close the clients, wait until drained (in-flight requests answered,
/// queued frames written) or the timeout, stop and join the loops. Returns
/// the exit code: 0, also when the timeout cut the drain short (logged).
int run_until_signal(http::io_pool& pool, http::listener& listener, std::string_view name, std::string_view host,
                     const shutdown_plan& plan);

}  // namespace brigade::app

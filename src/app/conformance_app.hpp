#pragma once

#include "app/network_options.hpp"

namespace brigade::app {

/// Options of `brigade conformance`: those of the reference servers of the
/// official Engine.IO and Socket.IO protocol test suites.
inline network_options conformance_defaults() {
  network_options options;
  options.port = 3000;
  options.ping_interval_ms = 300;
  options.ping_timeout_ms = 200;
  options.connect_timeout_ms = 1000;
  options.cors_origins = {"*"};
  return options;
}

/// Runs the conformance server until SIGINT/SIGTERM; returns the exit code.
int run_conformance(const network_options& options);

}  // namespace brigade::app

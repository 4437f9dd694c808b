#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace brigade::app {

/// Options of `brigade conformance`. Defaults are those of the reference
/// servers of the official Engine.IO and Socket.IO protocol test suites.
struct conformance_options {
  std::string host = "0.0.0.0";
  uint16_t port = 3000;
  std::chrono::milliseconds ping_interval{300};
  std::chrono::milliseconds ping_timeout{200};
  std::chrono::milliseconds connect_timeout{1000};
  uint64_t max_payload = 1'000'000;
  size_t max_outbound_bytes = 1 << 20;
  size_t threads = 0;  // 0: one per core
};

/// Runs the conformance server until SIGINT/SIGTERM; returns the exit code.
int run_conformance(const conformance_options& options);

}  // namespace brigade::app

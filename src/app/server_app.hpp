#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace brigade::app {

/// Options of `brigade serve`.
struct server_options {
  std::string host = "0.0.0.0";
  uint16_t port = 8000;  // the port the specification's clients use
  size_t threads = 0;    // 0: one per core
  /// Browser origins allowed by CORS; `*` by default so a restaurant's
  /// screens work on first start. Production deployments list theirs.
  std::vector<std::string> cors_origins{"*"};
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  uint64_t max_payload = 1'000'000;
  size_t max_outbound_bytes = 1 << 20;
};

/// Runs Brigade until SIGINT/SIGTERM; returns the exit code.
int run_server(const server_options& options);

}  // namespace brigade::app

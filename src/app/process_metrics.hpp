#pragma once

#include <cstdint>
#include <optional>

#include "common/metrics/registry.hpp"

namespace brigade::app {

/// The standard Prometheus process metrics (process_resident_memory_bytes,
/// process_virtual_memory_bytes, process_cpu_seconds_total,
/// process_open_fds, process_start_time_seconds), read from /proc/self and
/// getrusage when scraped, and brigade_build_info{version}. Linux only.
/// Call once at start-up; the callbacks are thread-safe.
void register_process_metrics(metrics::registry& r);

/// The process's resident set size in bytes, or nullopt if /proc is not
/// readable. Thread-safe.
std::optional<int64_t> resident_memory_bytes();

}  // namespace brigade::app

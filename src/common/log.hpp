#pragma once

#include <string_view>

#include <spdlog/spdlog.h>

namespace brigade {

/// Sets up the process-wide spdlog logger once at start-up ("info", "debug",
/// "warn", ...). Call before any I/O thread starts; spdlog itself is then
/// thread-safe.
void setup_logging(std::string_view level);

}  // namespace brigade

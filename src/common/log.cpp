#include "common/log.hpp"

#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace brigade {

void setup_logging(std::string_view level) {
  // Logs go to stderr so stdout stays free for machine-readable lines
  // such as the "listening on" announcement tests parse.
  auto logger = spdlog::stderr_color_mt("brigade");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
}

}  // namespace brigade

#pragma once

#include "app/network_options.hpp"

namespace brigade::app {

/// Runs Brigade until SIGINT/SIGTERM; returns the exit code.
int run_server(const network_options& options);

}  // namespace brigade::app

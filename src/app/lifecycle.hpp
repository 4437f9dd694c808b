#pragma once

#include <functional>
#include <string_view>

#include "http/io_pool.hpp"
#include "http/listener.hpp"

namespace brigade::app {

/// Starts the loops and the listener, prints `<name> listening on
/// http://HOST:PORT` on stdout (tests and scripts wait for that line), then
/// blocks until SIGINT or SIGTERM and shuts down in order: stop accepting,
/// run `on_stop` (close clients), let the loops drain, join them.
int run_until_signal(http::io_pool& pool, http::listener& listener, std::string_view name, std::string_view host,
                     const std::function<void()>& on_stop);

}  // namespace brigade::app

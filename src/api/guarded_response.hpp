#pragma once

#include <functional>
#include <string_view>

#include "api/handler_context.hpp"
#include "common/result.hpp"
#include "http/types.hpp"

namespace brigade::api {

/// Runs `work` on the calling thread and turns what it returns or throws
/// into the answer to `req`: its reply (with its headers) or its error; a
/// kitchen::store_failure becomes 503 store_unavailable and any other
/// exception 500 internal, logged with `path` but never shown to the client.
/// Thread-safety: a free function; safe on any thread.
http::response guarded_response(const http::request& req, std::string_view path,
                                const std::function<result<reply>()>& work);

}  // namespace brigade::api

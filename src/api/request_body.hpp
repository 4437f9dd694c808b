#pragma once

#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "common/result.hpp"
#include "http/types.hpp"

namespace brigade::api {

/// The request's body as a JSON object: read_json_object (api/json_body.hpp)
/// over its body and Content-Type header. Pure function; thread-safe.
result<nlohmann::json> read_json_object(const http::request& req, body_presence presence);

}  // namespace brigade::api

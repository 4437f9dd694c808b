#pragma once

#include <nlohmann/json.hpp>

#include "http/types.hpp"

namespace brigade::api {

/// Every /api response, success or error: a JSON body with
/// `Content-Type: application/json` and `Cache-Control: no-store` (orders
/// change every few seconds; a cached answer would show a stale kitchen).
/// Pure function; thread-safe.
http::response json_response(http::status code, const nlohmann::ordered_json& body, unsigned version = 11);

/// `body.dump()` that never throws: strings that are not valid UTF-8 (a path
/// or header echoed in an error message) are written with U+FFFD instead.
std::string dump_json(const nlohmann::ordered_json& body);

}  // namespace brigade::api

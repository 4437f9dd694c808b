#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "http/types.hpp"

namespace brigade::api {

/// Longest Idempotency-Key we keep (the IETF draft's keys are UUIDs; 255
/// leaves room for any client scheme while bounding what the store holds).
inline constexpr size_t kMaxIdempotencyKey = 255;

/// The request's `Idempotency-Key` header: "" when absent; 1–255 printable
/// ASCII characters when present, else a `validation` error with field
/// `Idempotency-Key`. Pure function; thread-safe.
result<std::string> read_idempotency_key(const http::request& req);

/// SHA-256 (lower-case hex) of the body's canonical form: parsed, then
/// dumped with sorted keys and no whitespace, so the same order sent with
/// other spacing or key order has the same fingerprint.
/// Pure function; thread-safe.
std::string request_fingerprint(const nlohmann::json& body);

}  // namespace brigade::api

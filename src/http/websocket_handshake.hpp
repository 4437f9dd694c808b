#pragma once

#include <string>
#include <string_view>

namespace brigade::http::ws {

/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 section
/// 4.2.2): base64(SHA-1(key + GUID)). Pure; thread-safe.
std::string accept_key(std::string_view client_key);

}  // namespace brigade::http::ws

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace brigade {

/// Standard base64 (RFC 4648 section 4, with padding), as Engine.IO uses for
/// binary packets over long-polling. Pure functions; thread-safe.
std::string base64_encode(std::string_view bytes);
void base64_encode_append(std::string_view bytes, std::string& out);

/// Decodes padded or unpadded base64; nullopt on any character outside the
/// alphabet or an impossible length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace brigade

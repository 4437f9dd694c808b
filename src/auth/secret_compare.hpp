#pragma once

#include <string_view>

namespace brigade::auth {

/// Whether a presented secret equals the configured one, in time that does
/// not depend on where they differ (OpenSSL's CRYPTO_memcmp); an empty
/// configured secret matches nothing. Pure, thread-safe.
bool same_secret(std::string_view configured, std::string_view presented) noexcept;

}  // namespace brigade::auth

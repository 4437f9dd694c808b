#pragma once

#include <cstddef>
#include <string>

namespace brigade::engineio {

/// A URL-safe, unguessable identifier of 20 characters (15 random bytes from
/// OpenSSL's CSPRNG, base64url). Thread-safe.
std::string random_id();

/// The length of every random id.
inline constexpr size_t kIdLength = 20;

/// The base64url alphabet random ids are drawn from.
inline constexpr char kIdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace brigade::engineio

#pragma once

#include <string>
#include <string_view>

namespace brigade {

// Staff passwords, stored only as libsodium argon2id strings
// ("$argon2id$v=19$m=65536,t=2,p=1$…"): salt and parameters travel inside
// the string, so hashes made with older parameters keep verifying.
// Thread-safe: libsodium is initialised once, on first use.

/// Hashes `password` with argon2id at libsodium's "interactive" limits
/// (about 64 MiB and a tenth of a second: a login stays fast while a stolen
/// hash stays expensive to guess). Throws std::runtime_error when libsodium
/// cannot initialise or allocate.
std::string hash_password(std::string_view password);

/// true when `password` matches `hash` (a string from hash_password); false
/// for a wrong password or a malformed hash. Takes as long as hashing.
bool verify_password(std::string_view hash, std::string_view password);

/// A one-time password to hand to a person ("k3x9m-…", four groups of five
/// letters and digits that cannot be mistaken for each other, 100 random
/// bits from libsodium). Throws std::runtime_error when libsodium cannot
/// initialise.
std::string random_password();

}  // namespace brigade

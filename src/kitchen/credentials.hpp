#pragma once

#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "kitchen/entities.hpp"

namespace brigade::kitchen {

/// Longer than any username or password we store: refused without a read.
inline constexpr size_t kMaxCredentialBytes = 1024;

/// The slow half of a login, apart from the store read so that it can run on
/// threads of its own (kitchen_service::find_login is the other half): the
/// staff member `found` if `password` matches their argon2id hash, else
/// `unauthenticated` with one message whichever was wrong. Runs a full
/// argon2id verification (about 0.1 s of one core) even when `found` is
/// empty, so timing does not tell which usernames exist.
/// Thread-safety: a pure function; call it from any thread.
result<actor> verify_login(const std::optional<staff>& found, std::string_view password);

}  // namespace brigade::kitchen

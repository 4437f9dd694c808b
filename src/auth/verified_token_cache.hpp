#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kitchen/entities.hpp"

namespace brigade::auth {

/// What a well-signed, well-formed token says, before the checks that
/// depend on the time or on revocations.
struct token_claims {
  kitchen::actor who;
  int64_t expires = 0;                   // exp, Unix seconds
  std::optional<int64_t> not_before;     // nbf, Unix seconds
  int64_t generation = 0;                // gen
  bool password_change_only = false;     // pwchange
};

/// The claims of tokens whose signature and claims were checked before, by
/// the token's exact text: every REST request and Socket.IO handshake of a
/// screen carries the same token for hours, and checking its HMAC and
/// parsing its JSON again each time cost a few percent of the server's CPU
/// per command. Holds at most `capacity` tokens and forgets them all when
/// full (tokens are short-lived; the next use of each re-verifies it).
/// Thread-safety: every member may be called from any thread.
class verified_token_cache {
 public:
  explicit verified_token_cache(size_t capacity = 4096) : capacity_(capacity) {}

  std::optional<token_claims> find(std::string_view token) const;
  void remember(std::string_view token, const token_claims& claims);

 private:
  struct text_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, token_claims, text_hash, std::equal_to<>> claims_;
};

}  // namespace brigade::auth

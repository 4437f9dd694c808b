#include "auth/secret_compare.hpp"

#include <openssl/crypto.h>

namespace brigade::auth {

bool same_secret(std::string_view configured, std::string_view presented) noexcept {
  if (configured.empty() || configured.size() != presented.size()) return false;
  return CRYPTO_memcmp(configured.data(), presented.data(), configured.size()) == 0;
}

}  // namespace brigade::auth

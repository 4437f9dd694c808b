#include "common/password.hpp"

#include <stdexcept>

#include <sodium.h>

namespace brigade {
namespace {

void ensure_sodium() {
  // A function-local static is initialised exactly once even when several
  // threads log in at the same moment.
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return std::string{out};
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  // libsodium reads the hash as a C string: refuse what cannot be one.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated{hash};
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace brigade

namespace brigade {

std::string random_password() {
  ensure_sodium();
  // 32 letters and digits nobody confuses when reading them aloud or off a
  // screen (no 0/O, 1/l/I): 5 bits each, 100 bits in all.
  static constexpr std::string_view kAlphabet = "23456789abcdefghijkmnpqrstuvwxyz";
  std::string out;
  for (int group = 0; group < 4; ++group) {
    if (group > 0) out += '-';
    for (int i = 0; i < 5; ++i) out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

}  // namespace brigade

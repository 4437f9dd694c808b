#include "engineio/random_id.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>

#include <openssl/rand.h>

namespace brigade::engineio {

std::string random_id() {
  std::array<unsigned char, kIdLength / 4 * 3> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  std::string id;
  id.reserve(kIdLength);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t n = uint32_t{bytes[i]} << 16 | uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    id += kIdAlphabet[n >> 18 & 63];
    id += kIdAlphabet[n >> 12 & 63];
    id += kIdAlphabet[n >> 6 & 63];
    id += kIdAlphabet[n & 63];
  }
  return id;
}

}  // namespace brigade::engineio

#include "engineio/random_id.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <openssl/rand.h>

namespace brigade::engineio {
namespace {

constexpr size_t kBytesPerId = kIdLength / 4 * 3;

// OpenSSL's CSPRNG output, drawn a block at a time for the calling thread:
// one RAND_bytes call per 1092 ids instead of one per id. A call costs
// 1.5 us warm (a fork check with a system call, locks, the DRBG) and about
// 20 us on a loop between connections, cold, whatever the size asked. The
// bytes are RAND_bytes' own, each used once; holding them is no weaker than
// holding the DRBG's state, which determines them. The process never forks,
// so no two processes share a block.
class random_block {
 public:
  const unsigned char* take() {
    if (used_ + kBytesPerId > bytes_.size()) {
      if (RAND_bytes(bytes_.data(), static_cast<int>(bytes_.size())) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed");
      }
      used_ = 0;
    }
    const unsigned char* taken = bytes_.data() + used_;
    used_ += kBytesPerId;
    return taken;
  }

 private:
  std::array<unsigned char, 1092 * kBytesPerId> bytes_{};
  size_t used_ = bytes_.size();
};

}  // namespace

std::string random_id() {
  thread_local random_block block;
  const unsigned char* bytes = block.take();
  std::string id;
  id.reserve(kIdLength);
  for (size_t i = 0; i < kBytesPerId; i += 3) {
    const uint32_t n = uint32_t{bytes[i]} << 16 | uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    id += kIdAlphabet[n >> 18 & 63];
    id += kIdAlphabet[n >> 12 & 63];
    id += kIdAlphabet[n >> 6 & 63];
    id += kIdAlphabet[n & 63];
  }
  return id;
}

}  // namespace brigade::engineio

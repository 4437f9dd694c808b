#include "api/idempotency.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <openssl/evp.h>

#include "api/json_response.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {

result<std::string> read_idempotency_key(const http::request& req) {
  const auto header = req.find("Idempotency-Key");
  if (header == req.end()) return std::string{};
  const std::string_view key = header->value();
  const bool printable =
      std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  if (key.empty() || key.size() > kMaxIdempotencyKey || !printable) {
    return kitchen::validation_error("Idempotency-Key",
                                     "Idempotency-Key must be 1 to 255 printable ASCII characters");
  }
  return std::string(key);
}

std::string request_fingerprint(const nlohmann::json& body) {
  // nlohmann::json keeps object keys in a std::map: dump() is sorted.
  const std::string canonical = dump_json(body);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest.data(), &size, EVP_sha256(), nullptr) !=
      1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace brigade::api

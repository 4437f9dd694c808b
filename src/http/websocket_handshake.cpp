#include "http/websocket_handshake.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "common/base64.hpp"

namespace brigade::http::ws {
namespace {

// RFC 6455 section 1.3: the GUID every server appends to the client's key.
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string accept_key(std::string_view client_key) {
  // Fetched once, and one digest context per thread: an implicit fetch and
  // a fresh context on every handshake cost more than the digest itself.
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  // Two updates instead of concatenating key + GUID into a temporary string.
  if (sha1 == nullptr || !ctx || EVP_DigestInit_ex2(ctx.get(), sha1, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), client_key.data(), client_key.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), kGuid.data(), kGuid.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &digest_size) != 1) {
    // Only an OpenSSL without SHA-1 (a broken provider configuration) gets
    // here; the handshake cannot be answered, so it is an error at the edge.
    throw std::runtime_error("OpenSSL SHA-1 digest failed");
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_size));
}

}  // namespace brigade::http::ws

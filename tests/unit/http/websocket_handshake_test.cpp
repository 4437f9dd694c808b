#include "http/websocket_handshake.hpp"

#include <gtest/gtest.h>

#include <string>

namespace brigade::http::ws {
namespace {

// RFC 6455 section 1.3.
TEST(WebsocketHandshake, AcceptKeyMatchesRfcExample) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

// Values computed independently (Python hashlib + base64).
TEST(WebsocketHandshake, AcceptKeyMatchesIndependentlyComputedValues) {
  EXPECT_EQ(accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
  EXPECT_EQ(accept_key(""), "Kfh9QIsMVZcl6xEPYxPHzW8SZ8w=");
}

TEST(WebsocketHandshake, AcceptKeyIsDeterministicAndKeySensitive) {
  const std::string a = accept_key("AQIDBAUGBwgJCgsMDQ4PEA==");
  EXPECT_EQ(a.size(), 28U);  // base64 of a 20-byte SHA-1 digest
  EXPECT_EQ(a, accept_key("AQIDBAUGBwgJCgsMDQ4PEA=="));
  EXPECT_NE(a, accept_key("AQIDBAUGBwgJCgsMDQ4PEQ=="));
}

}  // namespace
}  // namespace brigade::http::ws

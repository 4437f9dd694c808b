#include "common/base64.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace brigade {
namespace {

using namespace std::string_literals;

struct vector_case {
  std::string_view plain;
  std::string_view encoded;
};

// RFC 4648 section 10 test vectors.
constexpr vector_case kRfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(base64, encodes_rfc4648_vectors) {
  for (const auto& [plain, encoded] : kRfc4648) EXPECT_EQ(base64_encode(plain), encoded) << plain;
}

TEST(base64, decodes_rfc4648_vectors) {
  for (const auto& [plain, encoded] : kRfc4648) {
    const auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain) << encoded;
  }
}

TEST(base64, decodes_unpadded_rfc4648_vectors) {
  for (const auto& [plain, encoded] : kRfc4648) {
    std::string_view unpadded = encoded;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.remove_suffix(1);
    const auto decoded = base64_decode(unpadded);
    ASSERT_TRUE(decoded.has_value()) << unpadded;
    EXPECT_EQ(*decoded, plain) << unpadded;
  }
}

TEST(base64, encode_append_keeps_existing_content) {
  std::string out = "b";
  base64_encode_append("foob", out);
  EXPECT_EQ(out, "bZm9vYg==");
  base64_encode_append("", out);
  EXPECT_EQ(out, "bZm9vYg==");
}

TEST(base64, uses_standard_alphabet_with_plus_and_slash) {
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"s), "+/+/");
  const auto decoded = base64_decode("+/+/");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, "\xfb\xff\xbf"s);
}

TEST(base64, round_trips_every_byte_at_every_length_mod_3) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t len : {size_t{253}, size_t{254}, size_t{255}, size_t{256}}) {
    const std::string plain = bytes.substr(0, len);
    const std::string encoded = base64_encode(plain);
    EXPECT_EQ(encoded.size(), (len + 2) / 3 * 4);
    const auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(base64, round_trips_embedded_nul) {
  const std::string plain = "\0\0\0\0a\0"s;
  const auto decoded = base64_decode(base64_encode(plain));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, plain);
  EXPECT_EQ(decoded->size(), 6u);
}

TEST(base64, rejects_characters_outside_alphabet) {
  for (const char* bad :
       {"Zm9v!", "Zm9v Yg==", "Zm9\nv", "Zm-v", "Zm_v", "Zm9v\x80\x80\x80\x80", "Zg=a"}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
  }
  EXPECT_FALSE(base64_decode("Zm\0v"s).has_value());
}

TEST(base64, rejects_padding_in_the_middle) {
  EXPECT_FALSE(base64_decode("Zg==Zg==").has_value());
  EXPECT_FALSE(base64_decode("Zm=v").has_value());
}

TEST(base64, rejects_length_mod_4_equal_1) {
  EXPECT_FALSE(base64_decode("Z").has_value());
  EXPECT_FALSE(base64_decode("Zm9vY").has_value());
  EXPECT_FALSE(base64_decode("Zm9vYmFyZ").has_value());
}

TEST(base64, rejects_bad_padding) {
  EXPECT_FALSE(base64_decode("=").has_value());
  EXPECT_FALSE(base64_decode("==").has_value());
  EXPECT_FALSE(base64_decode("====").has_value());
  EXPECT_FALSE(base64_decode("Z===").has_value());    // three '=' is never valid
  EXPECT_FALSE(base64_decode("Zg===").has_value());   // too much padding
  EXPECT_FALSE(base64_decode("Zg====").has_value());  // too much padding, length % 4 == 2
  EXPECT_FALSE(base64_decode("Zm9v=").has_value());   // padding after a whole group
  EXPECT_FALSE(base64_decode("Zg=").has_value());     // partial padding
  EXPECT_FALSE(base64_decode("Zm9vYg=").has_value());
}

TEST(base64, large_round_trip) {
  std::string plain;
  plain.reserve(3 << 20);
  for (size_t i = 0; i < (3u << 20) + 2; ++i) plain += static_cast<char>(i * 7919 % 251);
  const std::string encoded = base64_encode(plain);
  EXPECT_EQ(encoded.size(), (plain.size() + 2) / 3 * 4);
  const auto decoded = base64_decode(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, plain);
}

}  // namespace
}  // namespace brigade

#include "auth/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace brigade::auth {
namespace {

const std::string kSecret = "a-test-secret-that-is-long-enough-for-hs256";

std::string replace_part(const std::string& token, int index, const std::string& with) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  if (index == 0) return with + token.substr(first);
  if (index == 1) return token.substr(0, first + 1) + with + token.substr(second);
  return token.substr(0, second + 1) + with;
}

/// A token with exactly these header and claims texts, correctly signed: what
/// verification refuses must be refused for what the token says, not for
/// its signature.
std::string signed_with_header(std::string_view header, std::string_view claims) {
  const std::string input = base64url_encode(header) + "." + base64url_encode(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

TEST(Jwt, SignedClaimsVerifyAndComeBackUnchanged) {
  const nlohmann::json claims{{"sub", "7"}, {"role", "chef"}, {"exp", 2000000000}};
  const auto token = sign_hs256(claims, kSecret);
  auto verified = verify_hs256(token, kSecret);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(*verified, claims);
}

// The RFC 7515 appendix A.1 key and signing input: an independent HS256.
TEST(Jwt, MatchesTheRfc7515ExampleSignature) {
  const auto key = base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key);
  const std::string token =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  auto verified = verify_hs256(token, *key);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ((*verified)["iss"], "joe");
  EXPECT_FALSE(verify_hs256(token, kSecret));
}

TEST(Jwt, RefusesAnotherSecret) {
  const auto token = sign_hs256({{"sub", "1"}}, kSecret);
  auto verified = verify_hs256(token, kSecret + "x");
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, "token_invalid");
}

TEST(Jwt, RefusesAlgNoneAndOtherAlgorithms) {
  const auto token = sign_hs256({{"sub", "1"}}, kSecret);
  for (const char* header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"HS512"})", R"({"alg":"RS256"})",
                             R"({"typ":"JWT"})", R"({"alg":["HS256"]})", R"({"alg":"hs256"})"}) {
    EXPECT_FALSE(verify_hs256(replace_part(token, 0, base64url_encode(header)), kSecret)) << header;
  }
  // alg:none with an empty signature, the classic forgery.
  const std::string unsigned_token =
      base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(R"({"sub":"1"})") + ".";
  EXPECT_FALSE(verify_hs256(unsigned_token, kSecret));
}

TEST(Jwt, ATokenSignedByHandWithAPlainHeaderVerifies) {
  // The control for the refusals below: the helper signs as sign_hs256 does.
  auto verified = signed_with_header(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"1"})");
  EXPECT_TRUE(verify_hs256(verified, kSecret));
}

// RFC 7515 section 4.1.11: a recipient must refuse critical extensions it
// does not understand, and we understand none.
TEST(Jwt, RefusesAHeaderWithCrit) {
  for (const char* header : {R"({"alg":"HS256","crit":["exp"]})", R"({"alg":"HS256","crit":[]})",
                             R"({"alg":"HS256","crit":"b64","b64":false})"}) {
    auto verified = verify_hs256(signed_with_header(header, R"({"sub":"1"})"), kSecret);
    ASSERT_FALSE(verified) << header;
    EXPECT_EQ(verified.error().code, "token_invalid");
  }
}

// RFC 7515 section 5.2: a header may not name a member twice; parsers
// disagree about which of two "alg"s counts.
TEST(Jwt, RefusesDuplicateMemberNames) {
  for (const char* header : {R"({"alg":"none","alg":"HS256"})", R"({"alg":"HS256","alg":"HS256"})",
                             R"({"alg":"HS256","typ":"JWT","typ":"JWT"})", R"({"alg":"HS256","x":{"a":1,"a":2}})"}) {
    auto verified = verify_hs256(signed_with_header(header, R"({"sub":"1"})"), kSecret);
    ASSERT_FALSE(verified) << header;
    EXPECT_EQ(verified.error().code, "token_invalid");
  }
  EXPECT_FALSE(verify_hs256(signed_with_header(R"({"alg":"HS256"})", R"({"sub":"1","sub":"2"})"), kSecret));
  // The same name in two different objects is no duplicate.
  EXPECT_TRUE(verify_hs256(signed_with_header(R"({"alg":"HS256","x":{"alg":1}})", R"({"sub":"1"})"), kSecret));
}

TEST(Jwt, RefusesTamperedClaims) {
  const auto token = sign_hs256({{"sub", "1"}, {"role", "waiter"}}, kSecret);
  const auto forged = replace_part(token, 1, base64url_encode(R"({"sub":"1","role":"manager"})"));
  EXPECT_FALSE(verify_hs256(forged, kSecret));
}

TEST(Jwt, RefusesMalformedTokens) {
  const auto token = sign_hs256({{"sub", "1"}}, kSecret);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("a.b"), token + ".x", token + "=",
        replace_part(token, 2, "AAAA"), replace_part(token, 2, "!!!"), replace_part(token, 1, "bm90IGpzb24"),
        replace_part(token, 1, base64url_encode("[1,2]")), std::string(kMaxTokenLength + 1, 'a')}) {
    auto verified = verify_hs256(bad, kSecret);
    ASSERT_FALSE(verified) << bad;
    EXPECT_EQ(verified.error().code, "token_invalid");
  }
}

TEST(Jwt, Base64UrlRoundTripsAndRefusesTheStandardAlphabet) {
  const std::string bytes("\xfb\xff\x00\x3e\x3f", 5);
  const auto encoded = base64url_encode(bytes);
  EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(base64url_decode(encoded), bytes);
  EXPECT_FALSE(base64url_decode("+/8"));
  EXPECT_FALSE(base64url_decode("AA=="));
}

}  // namespace
}  // namespace brigade::auth

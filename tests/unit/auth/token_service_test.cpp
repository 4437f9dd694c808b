#include "auth/token_service.hpp"

#include <gtest/gtest.h>

#include "auth/jwt.hpp"

namespace brigade::auth {
namespace {

using namespace std::chrono_literals;

const std::string kTokenSecret = "a-test-secret-that-is-long-enough-for-hs256";

struct fake_clock {
  timestamp now = from_unix_ms(1'800'000'000'000);
};

class token_service_test : public ::testing::Test {
 protected:
  fake_clock clock_;
  token_service tokens_{kTokenSecret, 12h, 720h, [this] { return clock_.now; }};
  kitchen::actor waiter_{3, 1, "Wendy", kitchen::staff_role::waiter};
};

TEST_F(token_service_test, IssuedTokenVerifiesToTheSameActor) {
  const auto issued = tokens_.issue(waiter_);
  EXPECT_EQ(issued.expires_at, clock_.now + 12h);
  auto verified = tokens_.verify(issued.token);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->who.id, 3);
  EXPECT_EQ(verified->who.restaurant, 1);
  EXPECT_EQ(verified->who.name, "Wendy");
  EXPECT_EQ(verified->who.role, kitchen::staff_role::waiter);
  EXPECT_EQ(verified->expires_at, issued.expires_at);
}

TEST_F(token_service_test, ClaimsAreTheDocumentedOnes) {
  const kitchen::actor screen{9, 2, "T4", kitchen::staff_role::table_display, 4};
  const auto claims = verify_hs256(tokens_.issue(screen).token, kTokenSecret);
  ASSERT_TRUE(claims);
  EXPECT_EQ((*claims)["sub"], "9");
  EXPECT_EQ((*claims)["role"], "table_display");
  EXPECT_EQ((*claims)["restaurantId"], 2);
  EXPECT_EQ((*claims)["tableId"], 4);
  EXPECT_EQ((*claims)["exp"].get<int64_t>() - (*claims)["iat"].get<int64_t>(), 720 * 3600);
  auto verified = tokens_.verify(tokens_.issue(screen).token);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->who.table, 4);
  EXPECT_TRUE(verified->who.is_device());
}

TEST_F(token_service_test, ExpiresExactlyAtExp) {
  const auto issued = tokens_.issue(waiter_);
  clock_.now += 12h - 1s;
  EXPECT_TRUE(tokens_.verify(issued.token));
  clock_.now += 1s;
  auto verified = tokens_.verify(issued.token);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, kTokenExpired);
}

TEST_F(token_service_test, RefusesATokenNotValidYet) {
  const auto issued = tokens_.issue(waiter_);
  clock_.now -= 31s;
  auto verified = tokens_.verify(issued.token);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, kTokenInvalid);
}

// A token verified once is remembered (verified_token_cache), but every use
// still checks the time and the revocations.
TEST_F(token_service_test, ARememberedTokenIsStillCheckedForTimeAndRevocation) {
  revocation_list revoked;
  tokens_.check_revocations(revoked);
  const auto issued = tokens_.issue(waiter_, 0);
  ASSERT_TRUE(tokens_.verify(issued.token));
  clock_.now -= 31s;
  auto early = tokens_.verify(issued.token);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, kTokenInvalid);
  clock_.now += 31s;
  ASSERT_TRUE(tokens_.verify(issued.token));
  revoked.set_staff(waiter_.id, 1, true);  // their generation moved on: a password change
  auto after = tokens_.verify(issued.token);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, kTokenRevoked);
}

TEST(VerifiedTokenCache, ForgetsEverythingWhenFull) {
  verified_token_cache cache{2};
  token_claims claims;
  claims.expires = 42;
  cache.remember("a", claims);
  cache.remember("b", claims);
  ASSERT_TRUE(cache.find("a"));
  EXPECT_EQ(cache.find("b")->expires, 42);
  cache.remember("c", claims);
  EXPECT_FALSE(cache.find("a"));
  EXPECT_FALSE(cache.find("b"));
  EXPECT_TRUE(cache.find("c"));
}

TEST_F(token_service_test, RefusesWellSignedTokensWithBadClaims) {
  const int64_t exp = to_unix_ms(clock_.now) / 1000 + 60;
  const nlohmann::json good{{"sub", "3"}, {"name", "W"}, {"role", "waiter"}, {"restaurantId", 1}, {"exp", exp}};
  ASSERT_TRUE(tokens_.verify(sign_hs256(good, kTokenSecret)));
  const std::vector<std::pair<std::string, nlohmann::json>> changes{
      {"sub", 3},        {"sub", "0"},        {"sub", "03"},          {"sub", "x"},
      {"role", "admin"}, {"role", nullptr},   {"restaurantId", "1"},  {"restaurantId", 0},
      {"name", 5},       {"exp", "tomorrow"}, {"exp", 1.5},           {"nbf", "now"}};
  for (const auto& [claim, value] : changes) {
    nlohmann::json bad = good;
    bad[claim] = value;
    auto verified = tokens_.verify(sign_hs256(bad, kTokenSecret));
    EXPECT_FALSE(verified) << claim << "=" << value.dump();
  }
  nlohmann::json no_exp = good;
  no_exp.erase("exp");
  EXPECT_FALSE(tokens_.verify(sign_hs256(no_exp, kTokenSecret)));
  nlohmann::json display = good;
  display["role"] = "table_display";
  EXPECT_FALSE(tokens_.verify(sign_hs256(display, kTokenSecret)));  // no tableId
}

TEST_F(token_service_test, RefusesTokensOfAnotherSecret) {
  const token_service other{kTokenSecret + "-other", 12h, 12h, [this] { return clock_.now; }};
  auto verified = tokens_.verify(other.issue(waiter_).token);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, kTokenInvalid);
}

TEST(TokenServiceSettings, RefusesShortSecretsAndEmptyLifetimes) {
  EXPECT_THROW(token_service("short", 12h, 12h), std::invalid_argument);
  EXPECT_THROW(token_service(kTokenSecret, 0s, 12h), std::invalid_argument);
  EXPECT_THROW(token_service(kTokenSecret, 12h, -1s), std::invalid_argument);
}

TEST(RandomSecret, IsLongEnoughAndDiffersEachTime) {
  const auto a = random_secret();
  EXPECT_GE(a.size(), kMinSecretLength);
  EXPECT_NE(a, random_secret());
}

TEST_F(token_service_test, APasswordChangeTokenIsShortLivedAndRefusedByPlainVerify) {
  const auto issued = tokens_.issue_password_change(waiter_);
  EXPECT_EQ(issued.expires_at, clock_.now + kPasswordChangeTokenTtl);
  const auto claims = verify_hs256(issued.token, kTokenSecret);
  ASSERT_TRUE(claims);
  EXPECT_EQ((*claims)["pwchange"], true);

  // Every caller of verify() refuses it, with the code clients act on.
  const auto refused = tokens_.verify(issued.token);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kPasswordChangeRequired);
  // The password route's lenient check takes it and says what it is.
  const auto lenient = tokens_.verify_allowing_password_change(issued.token);
  ASSERT_TRUE(lenient) << lenient.error().message;
  EXPECT_TRUE(lenient->password_change_only);
  EXPECT_EQ(lenient->who.id, waiter_.id);
  // A full token is full on both.
  const auto full = tokens_.verify_allowing_password_change(tokens_.issue(waiter_).token);
  ASSERT_TRUE(full);
  EXPECT_FALSE(full->password_change_only);
  EXPECT_FALSE(verify_hs256(tokens_.issue(waiter_).token, kTokenSecret)->contains("pwchange"));
}

TEST_F(token_service_test, APasswordChangeTokenNeverOutlivesTheStaffLifetime) {
  const token_service brief{kTokenSecret, 5min, 720h, [this] { return clock_.now; }};
  EXPECT_EQ(brief.issue_password_change(waiter_).expires_at, clock_.now + 5min);
}

TEST_F(token_service_test, APwchangeClaimThatIsNotABooleanIsInvalid) {
  auto claims = *verify_hs256(tokens_.issue(waiter_).token, kTokenSecret);
  claims["pwchange"] = "yes";
  const auto verified = tokens_.verify_allowing_password_change(sign_hs256(claims, kTokenSecret));
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, kTokenInvalid);
}

}  // namespace
}  // namespace brigade::auth

#include "auth/login_throttle.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brigade::auth {
namespace {

using namespace std::chrono_literals;
using clock_type = login_throttle::clock;

const auto throttle_t0 = clock_type::time_point{} + 1000s;

TEST(LoginThrottle, FirstFailuresOfAPairAreFreeThenDelaysDouble) {
  login_throttle throttle;
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0));
    throttle.record_failure("10.0.0.9", "ann", throttle_t0);
  }
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0));
  throttle.record_failure("10.0.0.9", "ann", throttle_t0);  // the fifth
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0), 1s);
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0 + 1s));
  throttle.record_failure("10.0.0.9", "ann", throttle_t0 + 1s);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0 + 1s), 2s);
  throttle.record_failure("10.0.0.9", "ann", throttle_t0 + 3s);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0 + 3s), 4s);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0 + 3s + 500ms), 4s);  // rounded up
  // Another username from that address is not slowed down.
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "bob", throttle_t0 + 3s));
}

// The lockout-as-a-weapon finding: guesses from one address never stop the
// same username from another address.
TEST(LoginThrottle, GuessesFromOneAddressDoNotSlowTheUserElsewhere) {
  login_throttle throttle;
  for (int i = 0; i < 200; ++i) throttle.record_failure("10.0.0.66", "manager1", throttle_t0 + std::chrono::seconds(i));
  const auto later = throttle_t0 + 200s;
  EXPECT_TRUE(throttle.wait_before_attempt("10.0.0.66", "manager1", later));
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.5", "manager1", later));
  throttle.record_success("10.0.0.5", "manager1");
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.5", "manager1", later));
}

TEST(LoginThrottle, TheDelayIsCappedAtAMinuteNotALockout) {
  login_throttle throttle;
  for (int i = 0; i < 100; ++i) throttle.record_failure("10.0.0.66", "manager1", throttle_t0);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.66", "manager1", throttle_t0), 60s);
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.66", "manager1", throttle_t0 + 60s));
}

TEST(LoginThrottle, SuccessClearsItsPairOnly) {
  login_throttle throttle({.pair_free_attempts = 1, .address_free_attempts = 3});
  throttle.record_failure("10.0.0.9", "ann", throttle_t0);
  throttle.record_failure("10.0.0.9", "bob", throttle_t0);
  EXPECT_TRUE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0));
  throttle.record_success("10.0.0.9", "ann");
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0));
  EXPECT_TRUE(throttle.wait_before_attempt("10.0.0.9", "bob", throttle_t0));
  // The address's count is not reset by an account of its own: a third
  // failure (any username) slows the whole address.
  throttle.record_failure("10.0.0.9", "carl", throttle_t0);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0), 1s);
}

// Random usernames used to be free: each was a fresh record.
TEST(LoginThrottle, AnAddressSprayingUsernamesIsSlowedForEveryUsername) {
  login_throttle throttle;
  for (int i = 0; i < 19; ++i) throttle.record_failure("10.0.0.66", "nobody" + std::to_string(i), throttle_t0);
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.66", "someone-new", throttle_t0));
  throttle.record_failure("10.0.0.66", "nobody19", throttle_t0);  // the twentieth
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.66", "someone-new", throttle_t0), 1s);
  throttle.record_failure("10.0.0.66", "nobody20", throttle_t0 + 1s);
  EXPECT_EQ(throttle.wait_before_attempt("10.0.0.66", "manager1", throttle_t0 + 1s), 2s);
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.5", "someone-new", throttle_t0 + 1s)) << "other addresses are not";
}

// A guesser spread over many addresses: once a username has 20 failures in
// all, each further address backs off from its first failure, but an
// address without failures is never made to wait.
TEST(LoginThrottle, AUsernameUnderAttackTightensPairsButLocksNoOne) {
  login_throttle throttle;
  for (int i = 0; i < 20; ++i) throttle.record_failure("10.1.0." + std::to_string(i), "manager1", throttle_t0);
  EXPECT_FALSE(throttle.wait_before_attempt("10.1.0.0", "manager1", throttle_t0)) << "one failure each: still free";
  throttle.record_failure("10.1.0.99", "manager1", throttle_t0);
  EXPECT_EQ(throttle.wait_before_attempt("10.1.0.99", "manager1", throttle_t0), 1s);
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.5", "manager1", throttle_t0)) << "the real user's address";
  EXPECT_FALSE(throttle.wait_before_attempt("10.1.0.99", "waiter1", throttle_t0)) << "other usernames";
}

TEST(LoginThrottle, ForgetsOldFailures) {
  login_throttle throttle({.pair_free_attempts = 2, .forget_after = 60s});
  throttle.record_failure("10.0.0.9", "ann", throttle_t0);
  throttle.record_failure("10.0.0.9", "ann", throttle_t0 + 120s);  // the first is forgotten: one failure again
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.9", "ann", throttle_t0 + 120s));
}

TEST(LoginThrottle, MemoryIsBounded) {
  login_throttle throttle({.pair_free_attempts = 1, .address_free_attempts = 100, .max_entries = 3});
  throttle.record_failure("10.0.0.1", "a", throttle_t0);
  throttle.record_failure("10.0.0.1", "b", throttle_t0 + 1s);
  throttle.record_failure("10.0.0.1", "c", throttle_t0 + 2s);
  throttle.record_failure("10.0.0.1", "d", throttle_t0 + 3s);  // evicts "a", the oldest
  EXPECT_FALSE(throttle.wait_before_attempt("10.0.0.1", "a", throttle_t0 + 3s));
  EXPECT_TRUE(throttle.wait_before_attempt("10.0.0.1", "d", throttle_t0 + 3s));
  EXPECT_TRUE(throttle.wait_before_attempt("10.0.0.1", "b", throttle_t0 + 1s));
}

}  // namespace
}  // namespace brigade::auth

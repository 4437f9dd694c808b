#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace brigade::auth {
namespace {

using namespace std::chrono_literals;
using clock_type = login_throttle::clock;

TEST(LoginThrottle, FirstFailuresAreFreeThenDelaysDouble) {
  login_throttle throttle;
  const auto t0 = clock_type::time_point{} + 1000s;
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(throttle.wait_before_attempt("ann", t0));
    throttle.record_failure("ann", t0);
  }
  EXPECT_FALSE(throttle.wait_before_attempt("ann", t0));
  throttle.record_failure("ann", t0);  // the fifth
  EXPECT_EQ(throttle.wait_before_attempt("ann", t0), 1s);
  EXPECT_FALSE(throttle.wait_before_attempt("ann", t0 + 1s));
  throttle.record_failure("ann", t0 + 1s);
  EXPECT_EQ(throttle.wait_before_attempt("ann", t0 + 1s), 2s);
  throttle.record_failure("ann", t0 + 3s);
  EXPECT_EQ(throttle.wait_before_attempt("ann", t0 + 3s), 4s);
  EXPECT_EQ(throttle.wait_before_attempt("ann", t0 + 3s + 500ms), 4s);  // rounded up
  // Someone else is not slowed down.
  EXPECT_FALSE(throttle.wait_before_attempt("bob", t0 + 3s));
}

TEST(LoginThrottle, DelayIsCappedAndSuccessClears) {
  login_throttle throttle({.free_attempts = 1, .max_delay = 10s});
  auto t = clock_type::time_point{} + 1000s;
  for (int i = 0; i < 30; ++i) throttle.record_failure("ann", t);
  EXPECT_EQ(throttle.wait_before_attempt("ann", t), 10s);
  throttle.record_success("ann");
  EXPECT_FALSE(throttle.wait_before_attempt("ann", t));
}

TEST(LoginThrottle, ForgetsOldFailures) {
  login_throttle throttle({.free_attempts = 2, .forget_after = 60s});
  const auto t0 = clock_type::time_point{} + 1000s;
  throttle.record_failure("ann", t0);
  throttle.record_failure("ann", t0 + 120s);  // the first is forgotten: one failure again
  EXPECT_FALSE(throttle.wait_before_attempt("ann", t0 + 120s));
}

TEST(LoginThrottle, MemoryIsBounded) {
  login_throttle throttle({.free_attempts = 1, .max_entries = 3});
  const auto t0 = clock_type::time_point{} + 1000s;
  throttle.record_failure("a", t0);
  throttle.record_failure("b", t0 + 1s);
  throttle.record_failure("c", t0 + 2s);
  throttle.record_failure("d", t0 + 3s);  // evicts "a", the oldest
  EXPECT_FALSE(throttle.wait_before_attempt("a", t0 + 3s));
  EXPECT_TRUE(throttle.wait_before_attempt("d", t0 + 3s));
  EXPECT_TRUE(throttle.wait_before_attempt("b", t0 + 1s));
}

}  // namespace
}  // namespace brigade::auth

#include "auth/login_admission.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace brigade::auth {
namespace {

TEST(LoginAdmission, CapsEachAddressAndTheWholeQueue) {
  login_admission admission({.capacity = 5, .per_address = 2});
  std::vector<std::shared_ptr<login_admission::place>> held;
  for (int i = 0; i < 2; ++i) held.push_back(admission.try_enter("10.0.0.66").held);
  const auto third = admission.try_enter("10.0.0.66");
  EXPECT_FALSE(third.held);
  EXPECT_EQ(third.why, login_admission::refusal::address_busy);
  for (const char* other : {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) held.push_back(admission.try_enter(other).held);
  EXPECT_EQ(admission.in_flight(), 5u);
  const auto full = admission.try_enter("10.0.0.4");
  EXPECT_FALSE(full.held);
  EXPECT_EQ(full.why, login_admission::refusal::full);
}

TEST(LoginAdmission, APlaceIsGivenBackWhenItsLastCopyGoes) {
  login_admission admission({.capacity = 1, .per_address = 1});
  auto first = admission.try_enter("10.0.0.66").held;
  ASSERT_TRUE(first);
  auto copy = first;  // a login's place travels from job to job
  first.reset();
  EXPECT_FALSE(admission.try_enter("10.0.0.66").held);
  copy.reset();
  EXPECT_EQ(admission.in_flight(), 0u);
  EXPECT_TRUE(admission.try_enter("10.0.0.66").held);
}

}  // namespace
}  // namespace brigade::auth

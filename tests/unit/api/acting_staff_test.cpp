#include "api/acting_staff.hpp"

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

TEST(StaffHeader, ReadsTheUsernameAndTreatsEmptyAsMissing) {
  http::request req{http::beast_http::verb::get, "/api/tables", 11};
  EXPECT_FALSE(staff_header(req).has_value());
  req.set("X-Staff", "");
  EXPECT_FALSE(staff_header(req).has_value());
  req.set("x-staff", "waiter1");  // header names are case-insensitive
  EXPECT_EQ(staff_header(req), "waiter1");
}

}  // namespace
}  // namespace brigade::api

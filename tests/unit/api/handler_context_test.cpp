#include "api/handler_context.hpp"

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

TEST(OkReply, WrapsAValueIn200AndPassesErrorsThrough) {
  const auto twice = [](int v) { return nlohmann::ordered_json(v * 2); };
  auto out = ok_reply(result<int>(21), twice);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, http::status::ok);
  EXPECT_EQ(out->body, 42);
  EXPECT_TRUE(out->headers.empty());

  auto failed = ok_reply(result<int>(error{"not_found", "order 5 not found"}), twice);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "not_found");
}

}  // namespace
}  // namespace brigade::api

#include "api/json_response.hpp"

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

TEST(JsonResponse, SetsStatusTypeCachingAndLength) {
  const auto res = json_response(http::status::created, {{"orderId", 1}}, 11);
  EXPECT_EQ(res.result(), http::status::created);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  EXPECT_EQ(res.body(), R"({"orderId":1})");
  EXPECT_EQ(res[http::field::content_length], "13");
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  const nlohmann::ordered_json body = {{"message", std::string("bad \xff byte")}};
  std::string text;
  ASSERT_NO_THROW(text = dump_json(body));
  EXPECT_EQ(nlohmann::ordered_json::parse(text)["message"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace brigade::api

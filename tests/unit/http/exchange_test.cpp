#include "http/exchange.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace brigade::http {
namespace {

TEST(QueryParam, FindsKeysAnywhereAndOnlyWholeNames) {
  const std::string_view query = "EIO=4&transport=polling&sid=abc&t=Ot";
  EXPECT_EQ(query_param(query, "EIO"), "4");
  EXPECT_EQ(query_param(query, "transport"), "polling");
  EXPECT_EQ(query_param(query, "sid"), "abc");
  EXPECT_EQ(query_param(query, "t"), "Ot");
  EXPECT_FALSE(query_param(query, "si").has_value());
  EXPECT_FALSE(query_param(query, "missing").has_value());
}

TEST(QueryParam, HandlesEmptyValuesAndEmptyQueries) {
  EXPECT_EQ(query_param("sid=&x=1", "sid"), "");
  EXPECT_EQ(query_param("flag", "flag"), "");
  EXPECT_FALSE(query_param("", "sid").has_value());
  EXPECT_FALSE(query_param("&&", "sid").has_value());
}

TEST(JsonError, HasTheProjectErrorShape) {
  const response res = json_error(status::not_found, "not_found", "No route \"x\"");
  EXPECT_EQ(res.result(), status::not_found);
  EXPECT_EQ(res[field::content_type], "application/json");
  const auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "No route \"x\"");
}

}  // namespace
}  // namespace brigade::http

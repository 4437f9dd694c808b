#include "http/exchange.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace brigade::http {
namespace {

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

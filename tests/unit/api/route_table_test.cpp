#include "api/route_table.hpp"

#include <string>

#include <gtest/gtest.h>

#include "api/request_decoding.hpp"

namespace brigade::api {
namespace {

using verb = http::beast_http::verb;
using table = route_table<std::string>;

table sample() {
  table t;
  t.add(verb::get, "/api/orders", "list");
  t.add(verb::post, "/api/orders", "create");
  t.add(verb::get, "/api/orders/{orderId}", "get");
  t.add(verb::patch, "/api/orders/{orderId}/items/{itemId}", "item");
  t.add(verb::get, "/api/kitchen/stats", "stats");
  return t;
}

TEST(ParsePositiveId, AcceptsOnlyCanonicalPositiveInt64) {
  EXPECT_EQ(parse_positive_id("1"), 1);
  EXPECT_EQ(parse_positive_id("42"), 42);
  EXPECT_EQ(parse_positive_id("9223372036854775807"), INT64_MAX);
  for (const char* bad :
       {"", "0", "007", "-1", "+1", "1.0", "1e3", "12a", " 1", "9223372036854775808", "abc"}) {
    EXPECT_FALSE(parse_positive_id(bad).has_value()) << bad;
  }
}

TEST(RouteTable, MatchesLiteralsAndCapturesIds) {
  const auto t = sample();
  auto m = t.match(verb::patch, "/api/orders/12/items/345");
  ASSERT_EQ(m.kind, table::outcome::matched);
  EXPECT_EQ(*m.handler, "item");
  EXPECT_EQ(m.params.id("orderId"), 12);
  EXPECT_EQ(m.params.id("itemId"), 345);
  EXPECT_THROW(static_cast<void>(m.params.id("nope")), std::out_of_range);

  m = t.match(verb::post, "/api/orders");
  ASSERT_EQ(m.kind, table::outcome::matched);
  EXPECT_EQ(*m.handler, "create");
  EXPECT_EQ(m.params.size(), 0u);
}

TEST(RouteTable, UnknownPathsAreNotFound) {
  const auto t = sample();
  for (const char* path :
       {"/api/nothing", "/api/orders/", "/api/orders//", "/api/orders/abc", "/api/orders/0",
        "/api/orders/12/items", "/api/kitchen/stats/1", "/api", "", "api/orders"}) {
    EXPECT_EQ(t.match(verb::get, path).kind, table::outcome::not_found) << path;
  }
}

TEST(RouteTable, KnownPathWithOtherMethodListsTheAllowedOnes) {
  const auto t = sample();
  auto m = t.match(verb::delete_, "/api/orders");
  ASSERT_EQ(m.kind, table::outcome::method_not_allowed);
  EXPECT_EQ(m.allow, "GET, POST");
  EXPECT_EQ(m.handler, nullptr);

  m = t.match(verb::post, "/api/orders/7");
  ASSERT_EQ(m.kind, table::outcome::method_not_allowed);
  EXPECT_EQ(m.allow, "GET");

  // An unknown verb is still a known path, not a 404.
  EXPECT_EQ(t.match(verb::unknown, "/api/kitchen/stats").kind, table::outcome::method_not_allowed);
}

TEST(RouteTable, KnowsPathsWhateverTheMethod) {
  const auto t = sample();
  EXPECT_TRUE(t.knows("/api/orders/5/items/6"));
  EXPECT_FALSE(t.knows("/api/orders/x"));
}

TEST(PathPattern, RefusesMalformedPatterns) {
  EXPECT_THROW(path_pattern("api/orders"), std::invalid_argument);
  EXPECT_THROW(path_pattern("/api//orders"), std::invalid_argument);
  EXPECT_THROW(path_pattern("/api/{id"), std::invalid_argument);
  EXPECT_NO_THROW(path_pattern("/api/orders/{orderId}"));
}

}  // namespace
}  // namespace brigade::api

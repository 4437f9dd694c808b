#include "api/idempotency.hpp"

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

http::request with_key(std::optional<std::string> key) {
  http::request req{http::beast_http::verb::post, "/api/orders", 11};
  if (key) req.set("Idempotency-Key", *key);
  return req;
}

TEST(IdempotencyKey, AbsentIsEmptyAndPresentIsKept) {
  EXPECT_EQ(*read_idempotency_key(with_key(std::nullopt)), "");
  EXPECT_EQ(*read_idempotency_key(with_key("3f2c-uuid like key")), "3f2c-uuid like key");
  EXPECT_EQ(*read_idempotency_key(with_key(std::string(255, 'k'))), std::string(255, 'k'));
}

TEST(IdempotencyKey, RefusesEmptyLongAndNonPrintableKeys) {
  for (const std::string& key : {std::string(""), std::string(256, 'k'), std::string("tab\there"),
                                 std::string("caf\xc3\xa9"), std::string("nul\x01")}) {
    const auto read = read_idempotency_key(with_key(key));
    ASSERT_FALSE(read.ok()) << key;
    EXPECT_EQ(read.error().code, "validation");
    ASSERT_EQ(read.error().details.size(), 1u);
    EXPECT_EQ(read.error().details[0].first, "field");
    EXPECT_EQ(read.error().details[0].second, "Idempotency-Key");
  }
}

TEST(RequestFingerprint, IsSha256HexOfTheCanonicalBody) {
  // sha256 of the two bytes "{}".
  EXPECT_EQ(request_fingerprint(nlohmann::json::object()),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  const auto a = nlohmann::json::parse(R"({"tableId":1,"items":[{"quantity":1,"menuItemId":2}]})");
  const auto b = nlohmann::json::parse(
      "{ \"items\" : [ {\"menuItemId\":2, \"quantity\":1} ],\n \"tableId\":1 }");
  const auto c = nlohmann::json::parse(R"({"tableId":1,"items":[{"quantity":2,"menuItemId":2}]})");
  EXPECT_EQ(request_fingerprint(a), request_fingerprint(b));
  EXPECT_NE(request_fingerprint(a), request_fingerprint(c));
  EXPECT_EQ(request_fingerprint(a).size(), 64u);
}

}  // namespace
}  // namespace brigade::api

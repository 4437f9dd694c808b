#include "http/cors.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

request with_origin(std::string_view origin, beast_http::verb method = beast_http::verb::get) {
  request req{method, "/socket.io/?EIO=4&transport=polling", 11};
  if (!origin.empty()) req.set(field::origin, origin);
  return req;
}

TEST(CorsPolicy, WildcardAllowsAnyOriginWithStar) {
  const auto policy = cors_policy::allow_any();
  response res{status::ok, 11};
  policy.apply(with_origin("https://kds.example"), res);
  EXPECT_EQ(res[field::access_control_allow_origin], "*");
}

TEST(CorsPolicy, AllowlistEchoesAllowedOriginAndVaries) {
  const cors_policy policy({"https://waiter.example", "https://kds.example"});
  response res{status::ok, 11};
  policy.apply(with_origin("https://kds.example"), res);
  EXPECT_EQ(res[field::access_control_allow_origin], "https://kds.example");
  EXPECT_EQ(res[field::vary], "Origin");
}

TEST(CorsPolicy, AllowlistIgnoresOtherOrigins) {
  const cors_policy policy({"https://waiter.example"});
  response res{status::ok, 11};
  policy.apply(with_origin("https://evil.example"), res);
  EXPECT_EQ(res.find(field::access_control_allow_origin), res.end());
  EXPECT_FALSE(policy.allows("https://waiter.example.evil"));
}

TEST(CorsPolicy, CredentialsNeverUseTheWildcard) {
  const cors_policy policy({"*"}, true);
  response res{status::ok, 11};
  policy.apply(with_origin("https://kds.example"), res);
  EXPECT_EQ(res[field::access_control_allow_origin], "https://kds.example");
  EXPECT_EQ(res[field::access_control_allow_credentials], "true");
}

TEST(CorsPolicy, PreflightAnswersNoContentWithMethodsAndAskedHeaders) {
  const cors_policy policy({"https://kds.example"});
  auto req = with_origin("https://kds.example", beast_http::verb::options);
  req.set(field::access_control_request_headers, "content-type");
  const response res = policy.preflight(req);
  EXPECT_EQ(res.result(), status::no_content);
  EXPECT_NE(res[field::access_control_allow_methods].find("POST"), std::string_view::npos);
  EXPECT_EQ(res[field::access_control_allow_headers], "content-type");
}

TEST(CorsPolicy, PreflightFromAForbiddenOriginIs403Json) {
  const cors_policy policy({"https://kds.example"});
  const response res = policy.preflight(with_origin("https://evil.example", beast_http::verb::options));
  EXPECT_EQ(res.result(), status::forbidden);
  EXPECT_NE(res.body().find("\"code\":\"cors_forbidden\""), std::string::npos);
}

TEST(CorsPolicy, PermitsRequestsWithoutOriginAndFromAllowedOrigins) {
  const cors_policy policy({"https://kds.example"});
  EXPECT_TRUE(policy.permits(with_origin("")));
  EXPECT_TRUE(policy.permits(with_origin("https://kds.example")));
  EXPECT_FALSE(policy.permits(with_origin("https://evil.example")));
  EXPECT_FALSE(policy.permits(with_origin("null")));
  EXPECT_TRUE(cors_policy::allow_any().permits(with_origin("https://evil.example")));
}

TEST(CorsPolicy, PermitsPagesOfTheServersOwnOrigin) {
  const cors_policy policy;  // no cross-origin page at all
  auto req = with_origin("http://Brigade.local:8000");
  req.set(field::host, "brigade.local:8000");
  EXPECT_TRUE(policy.permits(req));
  req.set(field::host, "brigade.local:8001");
  EXPECT_FALSE(policy.permits(req));
  req.set(field::origin, "http://evil.example");
  req.set(field::host, "brigade.local:8000");
  EXPECT_FALSE(policy.permits(req));
  req.erase(field::host);
  req.set(field::origin, "http://");
  EXPECT_FALSE(policy.permits(req));
}

TEST(CorsPolicy, APortWildcardAllowsThatHostOnAnyPortOnly) {
  const cors_policy policy({"http://localhost:*"});
  EXPECT_TRUE(policy.allows("http://localhost:5173"));
  EXPECT_TRUE(policy.allows("http://localhost:8000"));
  EXPECT_FALSE(policy.allows("http://localhost"));
  EXPECT_FALSE(policy.allows("http://localhost:80x"));
  EXPECT_FALSE(policy.allows("https://localhost:5173"));
  EXPECT_FALSE(policy.allows("http://localhost.evil.example:80"));
  EXPECT_FALSE(policy.allows("http://evil.example"));
}

}  // namespace
}  // namespace brigade::http

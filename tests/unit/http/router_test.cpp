#include "http/router.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

TEST(Router, TellsProbeRoutesApart) {
  router routes;
  routes.add_prefix("/", [](const exchange_ptr&) {}, "static");
  routes.add_probe("/healthz", [](const exchange_ptr&) {});
  routes.add_prefix("/api/", [](const exchange_ptr&) {});
  EXPECT_TRUE(routes.is_probe("/healthz"));
  EXPECT_FALSE(routes.is_probe("/api/orders"));
  EXPECT_FALSE(routes.is_probe("/index.html")) << "the longest prefix decides";
  routes.add_prefix("/healthz/", [](const exchange_ptr&) {});
  EXPECT_FALSE(routes.is_probe("/healthz/deep")) << "a longer ordinary route is not a probe";
}

}  // namespace
}  // namespace brigade::http

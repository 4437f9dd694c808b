#include "common/log.hpp"

#include <gtest/gtest.h>

namespace brigade {
namespace {

TEST(log_event, text_is_key_value_pairs_with_awkward_values_quoted) {
  EXPECT_EQ(render_event(log_format::text, "http_request",
                         {{"method", std::string_view("GET")},
                          {"path", std::string_view("/api/orders")},
                          {"status", int64_t{200}},
                          {"ms", 1.23456},
                          {"tls", false},
                          {"agent", std::string_view("curl/8 \"x\"")},
                          {"empty", std::string_view("")}}),
            "http_request method=GET path=/api/orders status=200 ms=1.235 tls=false agent=\"curl/8 \\\"x\\\"\" "
            "empty=\"\"");
}

TEST(log_event, json_is_members_of_one_object_with_strings_escaped) {
  EXPECT_EQ(render_event(log_format::json, "socket_connected",
                         {{"sid", std::string_view("a\"b\\c\n")}, {"user", int64_t{7}}, {"ok", true}}),
            "\"event\":\"socket_connected\",\"sid\":\"a\\\"b\\\\c\\n\",\"user\":7,\"ok\":true");
  EXPECT_EQ(render_event(log_format::json, "x", {{"control", std::string_view("\x01")}}),
            "\"event\":\"x\",\"control\":\"\\u0001\"");
}

}  // namespace
}  // namespace brigade

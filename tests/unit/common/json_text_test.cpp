#include "common/json_text.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace brigade {
namespace {

TEST(json_text, places_commas_between_members_and_elements_only) {
  std::string text;
  json_text out{text};
  out.begin_object().field("a", 1).key("list").begin_array().value(1).value(2).begin_object().end_object();
  out.begin_array().end_array().end_array().null_field("none").field("yes", true).end_object();
  EXPECT_EQ(text, R"({"a":1,"list":[1,2,{},[]],"none":null,"yes":true})");
}

TEST(json_text, writes_integers_of_every_width_exactly) {
  std::string text;
  json_text out{text};
  out.begin_array()
      .value(std::numeric_limits<int64_t>::min())
      .value(std::numeric_limits<uint64_t>::max())
      .value(int32_t{-7})
      .value(false)
      .end_array();
  EXPECT_EQ(text, "[-9223372036854775808,18446744073709551615,-7,false]");
}

TEST(json_text, escapes_what_would_end_or_break_a_string) {
  std::string text;
  json_text out{text};
  out.begin_object().field("q\"k", std::string{"a\"b\\c\nd\x01 e\tf"}).end_object();
  EXPECT_EQ(text, R"({"q\"k":"a\"b\\c\nd\u0001 e\tf"})");
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed.at("q\"k"), "a\"b\\c\nd\x01 e\tf");
}

TEST(json_text, keeps_utf8_and_replaces_each_invalid_byte) {
  std::string text;
  json_text out{text};
  out.begin_array().value("caf\xC3\xA9").value(std::string{"bad \xFF\xFE end \xE2\x82"}).end_array();
  const auto parsed = nlohmann::json::parse(text);  // throws on invalid UTF-8
  EXPECT_EQ(parsed.at(0), "caf\xC3\xA9");
  EXPECT_EQ(parsed.at(1), "bad \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace brigade

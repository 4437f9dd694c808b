#include "common/json_depth.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brigade {
namespace {

TEST(JsonDepth, CountsArraysAndObjectsAgainstTheLimit) {
  EXPECT_FALSE(json_nested_deeper_than("{}", 1));
  EXPECT_TRUE(json_nested_deeper_than("{\"a\":[]}", 1));
  EXPECT_FALSE(json_nested_deeper_than("[[1],[2],{\"x\":[3]}]", 3));
  EXPECT_TRUE(json_nested_deeper_than("[[[[1]]]]", 3));
  EXPECT_FALSE(json_nested_deeper_than("", 0));
  EXPECT_FALSE(json_nested_deeper_than("42", 0));
}

TEST(JsonDepth, IgnoresBracketsInsideStringsIncludingAfterEscapes) {
  // Long strings take the 8-bytes-at-a-time path; short ones the byte path.
  const std::string brackets(100, '[');
  EXPECT_FALSE(json_nested_deeper_than("[\"" + brackets + "\"]", 1));
  EXPECT_FALSE(json_nested_deeper_than("[\"[[\\\"[[\"]", 1));
  EXPECT_FALSE(json_nested_deeper_than("[\"abcdefghijklmno\\\\\"]", 1));
  EXPECT_TRUE(json_nested_deeper_than("[\"abcdefghijklmno\\\\\",[]]", 1));
  // An escaped quote does not end the string, so the bracket after it is text.
  EXPECT_FALSE(json_nested_deeper_than("[\"abcdefgh\\\"[[[[[[[[\"]", 1));
}

TEST(JsonDepth, ClosingBracketsNeverGoBelowZero) {
  EXPECT_TRUE(json_nested_deeper_than("]]]][[", 1));
  EXPECT_FALSE(json_nested_deeper_than("]]]][", 1));
}

}  // namespace
}  // namespace brigade

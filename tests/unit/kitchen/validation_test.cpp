#include "kitchen/validation.hpp"

#include <string>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"

namespace brigade::kitchen {
namespace {

TEST(count_characters, counts_code_points_of_utf8) {
  EXPECT_EQ(count_characters(""), 0U);
  EXPECT_EQ(count_characters("abc"), 3U);
  EXPECT_EQ(count_characters("caf\xC3\xA9"), 4U);          // café
  EXPECT_EQ(count_characters("\xE2\x82\xAC"), 1U);         // €
  EXPECT_EQ(count_characters("\xF0\x9F\x8D\x94 x2"), 4U);  // 🍔 x2
}

TEST(check_length, accepts_the_bounds_and_names_the_field_otherwise) {
  EXPECT_FALSE(check_length("reason", "x", 1, 3).has_value());
  EXPECT_FALSE(check_length("reason", "xxx", 1, 3).has_value());
  const auto empty = check_length("reason", "", 1, 3);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->code, kValidation);
  EXPECT_EQ(empty->details.at(0), (std::pair<std::string, std::string>{"field", "reason"}));
  const auto long_one = check_length("notes", "xxxx", 0, 3);
  ASSERT_TRUE(long_one.has_value());
  EXPECT_NE(long_one->message.find("at most 3"), std::string::npos);
}

TEST(item_field, names_one_property_of_one_item) {
  EXPECT_EQ(item_field(0, "menuItemId"), "items[0].menuItemId");
  EXPECT_EQ(item_field(12, "quantity"), "items[12].quantity");
}

}  // namespace
}  // namespace brigade::kitchen

#include "common/query_string.hpp"

#include <gtest/gtest.h>

namespace brigade {
namespace {

TEST(QueryValue, FindsKeysAnywhereAndOnlyWholeNames) {
  const std::string_view query = "EIO=4&transport=polling&sid=abc&t=Ot";
  EXPECT_EQ(query_value(query, "EIO"), "4");
  EXPECT_EQ(query_value(query, "transport"), "polling");
  EXPECT_EQ(query_value(query, "sid"), "abc");
  EXPECT_EQ(query_value(query, "t"), "Ot");
  EXPECT_FALSE(query_value(query, "si").has_value());
  EXPECT_FALSE(query_value(query, "missing").has_value());
}

TEST(QueryValue, HandlesEmptyValuesAndEmptyQueries) {
  EXPECT_EQ(query_value("sid=&x=1", "sid"), "");
  EXPECT_EQ(query_value("flag", "flag"), "");
  EXPECT_FALSE(query_value("", "sid").has_value());
  EXPECT_FALSE(query_value("&&", "sid").has_value());
}

}  // namespace
}  // namespace brigade

#include "common/metrics/exposition.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace brigade::metrics {
namespace {

TEST(MetricsExposition, EscapesLabelValuesAsTheFormatRequires) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\n"
                               "d"),
            R"(a\\b\"c\nd)");
  EXPECT_EQ(escape_label_value("order:new"), "order:new");
}

TEST(MetricsExposition, EscapesHelpButKeepsQuotes) {
  EXPECT_EQ(escape_help("say \"hi\"\\\nnow"), R"(say "hi"\\\nnow)");
}

TEST(MetricsExposition, FormatsValues) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(MetricsExposition, RendersHelpTypeAndSamples) {
  std::vector<family_snapshot> families{
      {"brigade_errors_total", "Errors\nby kind", metric_type::counter, {{"", {{"kind", "va\"l"}}, 3}}},
      {"brigade_up", "Up.", metric_type::gauge, {{"", {}, 1}}},
  };
  EXPECT_EQ(render(families),
            "# HELP brigade_errors_total Errors\\nby kind\n"
            "# TYPE brigade_errors_total counter\n"
            "brigade_errors_total{kind=\"va\\\"l\"} 3\n"
            "# HELP brigade_up Up.\n"
            "# TYPE brigade_up gauge\n"
            "brigade_up 1\n");
}

TEST(MetricsExposition, ValidatesNames) {
  EXPECT_TRUE(valid_name("brigade_http_requests_total"));
  EXPECT_TRUE(valid_name("a:b"));
  EXPECT_FALSE(valid_name("9lives"));
  EXPECT_FALSE(valid_name("with-dash"));
  EXPECT_FALSE(valid_name(""));
  EXPECT_TRUE(valid_name("route", true));
  EXPECT_FALSE(valid_name("a:b", true));
  EXPECT_FALSE(valid_name("__name__", true));
}

}  // namespace
}  // namespace brigade::metrics

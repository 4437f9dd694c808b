#include "socketio_codec/json_writer.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace brigade::socketio {
namespace {

// The writer's contract: dump() with the replace handler, byte for byte.
std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string written(const json& value) {
  std::string out;
  append_json(out, value);
  return out;
}

TEST(JsonWriter, AppendsAfterWhatIsThere) {
  std::string out = "42";
  append_json(out, json::array({"a", 1}));
  EXPECT_EQ(out, R"(42["a",1])");
}

TEST(JsonWriter, EveryKindOfValueIsWhatDumpWrites) {
  const std::vector<json> values = {
      nullptr,
      true,
      false,
      0,
      -1,
      INT64_MIN,
      UINT64_MAX,
      1.5,
      "",
      json::array(),
      json::object(),
      json::array({"esc", "quote\" backslash\\ slash/ \b\f\n\r\t \x01\x1f\x7f end"}),
      json::array({"utf8", "é ü ñ 中文 😀 \xEF\xBF\xBF \xF4\x8F\xBF\xBF"}),
      json::array({"bad utf8", "a\xff" "b", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "trunc\xE2\x82"}),
      {{"", 1}, {"k\"ey\n", 2}, {"\xff", 3}, {"z", {{"a", json::array({1, {{"b", nullptr}}})}}}},
      json::binary({1, 2, 3}),
      json::binary({1, 2}, 7),
      {{"blob", json::binary({})}},
      json(json::value_t::discarded),
      std::string(1000, 'x') + "\"" + std::string(1000, '\xce') ,
  };
  for (const json& value : values) EXPECT_EQ(written(value), dumped(value)) << dumped(value);
}

TEST(JsonWriter, LongStringsAtEveryAlignment) {
  // The 8-byte scan must find an escape or a multi-byte character wherever
  // it falls.
  for (const std::string special : {"\"", "\n", "\x01", "é", "😀", "\xff"}) {
    for (size_t at = 0; at < 24; ++at) {
      std::string s(24, 'a');
      s.insert(at, special);
      EXPECT_EQ(written(json(s)), dumped(json(s))) << at;
    }
  }
}

TEST(JsonWriter, PlaceholdersNumberBinariesInOutputOrder) {
  const json data = json::array(
      {"e", {{"b", json::binary({2})}, {"a", json::binary({1})}}, json::array({json::binary({})}), 5});
  std::string out = "x";
  std::vector<std::string> attachments = {"earlier"};
  append_json_with_placeholders(out, data, attachments);
  EXPECT_EQ(out, R"(x["e",{"b":{"_placeholder":true,"num":1},"a":{"_placeholder":true,"num":2}},)"
                 R"([{"_placeholder":true,"num":3}],5])");
  EXPECT_EQ(attachments, (std::vector<std::string>{"earlier", "\x02", "\x01", ""}));
}

std::string format(double x) {
  char buffer[kMaxJsonDoubleChars];
  return std::string(buffer, format_json_double(x, buffer));
}

TEST(JsonWriterDouble, NlohmannLayout) {
  // Fixed notation for decimal exponents in (-4, 15], ".0" on integral
  // values, signed exponents of at least two digits otherwise.
  const std::vector<std::pair<double, std::string>> cases = {
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0, "1.0"},
      {-3.0, "-3.0"},
      {87.5, "87.5"},
      {12.99, "12.99"},
      {0.1, "0.1"},
      {0.30000000000000004, "0.30000000000000004"},
      {100.0, "100.0"},
      {123456789012345.0, "123456789012345.0"},
      {1e15, "1e+15"},
      {1234567890123456.0, "1.234567890123456e+15"},
      {1e20, "1e+20"},
      {1.5e20, "1.5e+20"},
      {0.001, "0.001"},
      {0.00012, "0.00012"},
      {1e-5, "1e-05"},
      {1.5e-7, "1.5e-07"},
      {-2.5e-10, "-2.5e-10"},
  };
  for (const auto& [x, text] : cases) {
    EXPECT_EQ(format(x), text);
    EXPECT_EQ(written(json(x)), text);
    EXPECT_EQ(dumped(json(x)), text);
  }
}

TEST(JsonWriterDouble, ExtremesAreWhatDumpWrites) {
  // Some of these are beyond format_json_double's proof (it returns 0) and
  // go through dump(); either way the text is dump()'s.
  using limits = std::numeric_limits<double>;
  for (const double x : {limits::max(), limits::min(), limits::denorm_min(), limits::epsilon(),
                         -limits::max(), 1e100, 1e-100, 1e300, 5e-324, 2.2250738585072009e-308,
                         9007199254740993.0, 4503599627370496.0, 1e22, 1e23, 0x1p-60, 0x1p60}) {
    EXPECT_EQ(written(json(x)), dumped(json(x))) << format(x);
  }
  EXPECT_EQ(written(json(limits::quiet_NaN())), "null");
  EXPECT_EQ(written(json(-limits::infinity())), "null");
}

// Checks `x` and returns whether format_json_double proved it.
bool check_double(double x) {
  const std::string fast = format(x);
  const std::string expected = dumped(json(x));
  if (!fast.empty()) {
    EXPECT_EQ(fast, expected) << std::bit_cast<uint64_t>(x);
  }
  EXPECT_EQ(written(json(x)), expected);
  return !fast.empty();
}

TEST(JsonWriterDouble, RandomBitPatternsMatchDump) {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 100000; ++i) {
    const double x = std::bit_cast<double>(rng());
    if (std::isfinite(x)) check_double(x);
  }
}

TEST(JsonWriterDouble, RandomValuesOfUsualMagnitudeMatchDumpAndTakeTheFastPath) {
  // Doubles an application sends: results of arithmetic between 1e-6 and
  // 1e15 (17 significant digits), prices and measures with a few decimals.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(-6, 15);
  std::uniform_int_distribution<int64_t> cents(-10'000'000, 10'000'000);
  int proved = 0;
  constexpr int kSamples = 100000;
  for (int i = 0; i < kSamples; ++i) {
    proved += check_double(std::pow(10.0, exponent(rng)));
    proved += check_double(static_cast<double>(cents(rng)) / 100);
  }
  // Only a value within 1/128 ulp of a rounding edge, or as close to a tie
  // between two shortest candidates, is left to dump().
  EXPECT_GT(proved, 2 * kSamples * 95 / 100);
}

TEST(JsonWriterDouble, ShortDecimalsMatchDumpAndTakeTheFastPath) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> digits(1, 15);
  std::uniform_int_distribution<int> exponent(-20, 20);
  int proved = 0;
  constexpr int kSamples = 100000;
  for (int i = 0; i < kSamples; ++i) {
    std::string text = std::to_string(rng() % 1'000'000'000'000'000ull);
    text.resize(static_cast<size_t>(std::min<int>(digits(rng), static_cast<int>(text.size()))));
    text += "e" + std::to_string(exponent(rng));
    proved += check_double(std::stod(text));
  }
  EXPECT_GT(proved, kSamples * 95 / 100);
}

}  // namespace
}  // namespace brigade::socketio

#include "api/json_body.hpp"

#include <string>

#include <gtest/gtest.h>

#include "api/request_body.hpp"

namespace brigade::api {
namespace {

http::request post(std::string body, std::string_view content_type = "application/json") {
  http::request req{http::beast_http::verb::post, "/api/orders", 11};
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

std::string field_of(const error& e) {
  for (const auto& [name, value] : e.details) {
    if (name == "field") return value;
  }
  return "<none>";
}

TEST(JsonMediaType, AcceptsJsonWithUtf8CharsetInAnyCase) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("Application/JSON"));
  EXPECT_TRUE(is_json_media_type("application/json; charset=utf-8"));
  EXPECT_TRUE(is_json_media_type("application/json;charset=\"UTF-8\""));
  EXPECT_TRUE(is_json_media_type("application/json; boundary=x"));
  EXPECT_FALSE(is_json_media_type("application/json; charset=latin1"));
  EXPECT_FALSE(is_json_media_type("text/plain"));
  EXPECT_FALSE(is_json_media_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_media_type("application/jsonp"));
  EXPECT_FALSE(is_json_media_type(""));
}

TEST(ReadJsonObject, RequiresJsonContentType) {
  for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded"}) {
    const auto body = read_json_object(post("{}", type), body_presence::required);
    ASSERT_FALSE(body.ok()) << type;
    EXPECT_EQ(body.error().code, "unsupported_media_type");
  }
}

TEST(ReadJsonObject, RefusesEmptyMalformedDeepAndNonObjectBodies) {
  const std::string deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  for (const std::string& text :
       {std::string(""), std::string("  \n"), std::string("{\"a\":"), std::string("[1,2]"),
        std::string("\"x\""), std::string("42"), std::string("{\"a\":1} trailing"),
        std::string("{\"s\":\"\xff\"}"), deep}) {
    const auto body = read_json_object(post(text), body_presence::required);
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.error().code, "invalid_json") << text;
    EXPECT_FALSE(body.error().message.empty());
  }
}

TEST(ReadJsonObject, BracketsInsideStringsDoNotCountAsDepth) {
  const std::string text =
      "{\"notes\":\"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"}";
  const auto body = read_json_object(post(text), body_presence::required);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["notes"].get<std::string>().size(), 201u);
}

TEST(ReadJsonObject, OptionalBodyMayBeEmptyOrAnObject) {
  auto empty = read_json_object(post("", ""), body_presence::optional);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->is_object());
  EXPECT_TRUE(read_json_object(post("{}"), body_presence::optional).ok());
  // A body that is there must still be JSON, and an object.
  EXPECT_EQ(read_json_object(post("{}", "text/plain"), body_presence::optional).error().code,
            "unsupported_media_type");
  EXPECT_EQ(read_json_object(post("[]"), body_presence::optional).error().code, "invalid_json");
}

TEST(FieldReader, NamesNestedFieldsByPath) {
  const auto body =
      nlohmann::json::parse(R"({"items":[{"quantity":1},{"quantity":1},{"quantity":"2"}]})");
  const field_reader reader(body);
  auto items = reader.array("items", 1, 100);
  ASSERT_TRUE(items.ok());
  auto third = reader.element(**items, 2, "items");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->name("quantity"), "items[2].quantity");
  const auto quantity = third->integer("quantity", 1, 99);
  ASSERT_FALSE(quantity.ok());
  EXPECT_EQ(quantity.error().code, "validation");
  EXPECT_EQ(field_of(quantity.error()), "items[2].quantity");
}

TEST(FieldReader, ElementsMustBeObjects) {
  const auto body = nlohmann::json::parse(R"({"items":[{}, 3]})");
  const field_reader reader(body);
  const auto bad = reader.element(body["items"], 1, "items");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(field_of(bad.error()), "items[1]");
}

TEST(FieldReader, IdsArePositiveJsonIntegers) {
  const auto body = nlohmann::json::parse(
      R"({"ok":7,"zero":0,"neg":-3,"float":7.0,"text":"7","null":null,"huge":18446744073709551615,"bool":true})");
  const field_reader reader(body);
  EXPECT_EQ(*reader.id("ok"), 7);
  for (const char* key : {"zero", "neg", "float", "text", "null", "missing", "huge", "bool"}) {
    const auto id = reader.id(key);
    ASSERT_FALSE(id.ok()) << key;
    EXPECT_EQ(id.error().code, "validation");
    EXPECT_EQ(field_of(id.error()), key);
  }
  EXPECT_NE(reader.id("missing").error().message.find("required"), std::string::npos);
}

TEST(FieldReader, IntegersStayInRange) {
  const auto body = nlohmann::json::parse(R"({"low":0,"high":100,"ok":99,"half":1.5})");
  const field_reader reader(body);
  EXPECT_EQ(*reader.integer("ok", 1, 99), 99);
  for (const char* key : {"low", "high", "half", "missing"}) {
    EXPECT_FALSE(reader.integer(key, 1, 99).ok()) << key;
  }
  EXPECT_NE(reader.integer("high", 1, 99).error().message.find("1 to 99"), std::string::npos);
}

TEST(FieldReader, StringsAreTypedAndLengthLimitedInCharacters) {
  nlohmann::json body = {{"ok", "héllo"},      {"empty", ""},
                         {"num", 5},           {"long", std::string(6, 'x')},
                         {"accents", "ééééé"}, {"null", nullptr}};
  const field_reader reader(body);
  EXPECT_EQ(*reader.text("ok", 1, 5), "héllo");
  EXPECT_EQ(*reader.text("accents", 1, 5), "ééééé");  // 10 bytes, 5 characters
  EXPECT_FALSE(reader.text("empty", 1, 5).ok());
  EXPECT_FALSE(reader.text("long", 1, 5).ok());
  EXPECT_FALSE(reader.text("missing", 1, 5).ok());
  EXPECT_NE(reader.text("num", 1, 5).error().message.find("string"), std::string::npos);
  EXPECT_EQ(*reader.optional_text("missing", 5), "");
  EXPECT_EQ(*reader.optional_text("null", 5), "");
  EXPECT_EQ(*reader.optional_text("ok", 5), "héllo");
  EXPECT_EQ(field_of(reader.optional_text("num", 5).error()), "num");
  EXPECT_EQ(field_of(reader.optional_text("long", 5).error()), "long");
}

TEST(FieldReader, ArraysHaveTypeAndSizeLimits) {
  const auto body = nlohmann::json::parse(R"({"empty":[],"one":[1],"obj":{},"three":[1,2,3]})");
  const field_reader reader(body);
  EXPECT_TRUE(reader.array("one", 1, 2).ok());
  for (const char* key : {"empty", "obj", "three", "missing"}) {
    const auto a = reader.array(key, 1, 2);
    ASSERT_FALSE(a.ok()) << key;
    EXPECT_EQ(field_of(a.error()), key);
  }
}

TEST(CountCodePoints, CountsMultiByteCharactersOnce) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("é€😀"), 3u);
}

}  // namespace
}  // namespace brigade::api

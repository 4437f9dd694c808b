#include "api/menu_decoding.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

using nlohmann::json;

// The field a validation error names ("<none>" when it names none).
std::string field_of(const error& e) {
  const auto named = std::find_if(e.details.begin(), e.details.end(), [](const auto& d) { return d.first == "field"; });
  return named == e.details.end() ? "<none>" : named->second;
}

template <typename T>
void expect_refused(const result<T>& r, std::string_view field) {
  ASSERT_FALSE(r.ok()) << "expected a refusal of " << field;
  EXPECT_EQ(r.error().code, kitchen::kValidation) << r.error().message;
  EXPECT_EQ(field_of(r.error()), field) << r.error().message;
}

TEST(DecodeMenuItemFields, ReadsEveryField) {
  const auto f = decode_menu_item_fields(json::parse(R"({
    "name": "Classic Burger", "price": 14.5, "categoryId": 2, "description": "Beef", "stationId": 3,
    "course": 2, "allergens": ["milk", "gluten"], "tags": ["signature"], "modifierGroupIds": [4, 1],
    "available": false, "position": 7})"),
                                         false);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->name, "Classic Burger");
  EXPECT_EQ(f->price, 1450);
  EXPECT_EQ(f->category, 2);
  EXPECT_EQ(f->description, "Beef");
  EXPECT_EQ(f->station, 3);
  EXPECT_EQ(f->course, 2);
  EXPECT_EQ(f->allergens, (std::vector<std::string>{"milk", "gluten"}));  // ordered by the kitchen's rules
  EXPECT_EQ(f->modifier_groups, (std::vector<int64_t>{4, 1}));
  EXPECT_EQ(f->available, false);
  EXPECT_EQ(f->position, 7);
}

TEST(DecodeMenuItemFields, APatchNullClearsCategoryAndStationAndAbsentLeavesThem) {
  const auto cleared = decode_menu_item_fields(json::parse(R"({"categoryId": null, "stationId": null})"), true);
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_EQ(cleared->category, 0);  // present: 0 clears
  EXPECT_EQ(cleared->station, 0);
  EXPECT_FALSE(cleared->name.has_value());
  EXPECT_FALSE(cleared->price.has_value());
  const auto price_only = decode_menu_item_fields(json::parse(R"({"price": 9})"), true);
  ASSERT_TRUE(price_only.ok());
  EXPECT_EQ(price_only->price, 900);
  EXPECT_FALSE(price_only->category.has_value());  // absent: unchanged
  EXPECT_FALSE(price_only->station.has_value());
  EXPECT_FALSE(price_only->modifier_groups.has_value());
  // An empty list detaches every group (not the same as absent).
  const auto detach = decode_menu_item_fields(json::parse(R"({"modifierGroupIds": []})"), true);
  ASSERT_TRUE(detach.ok()) << detach.error().message;
  ASSERT_TRUE(detach->modifier_groups.has_value());
  EXPECT_TRUE(detach->modifier_groups->empty());
}

TEST(DecodeMenuItemFields, RefusesBadFieldsByName) {
  expect_refused(decode_menu_item_fields(json::parse(R"({"price": 1})"), false), "name");
  expect_refused(decode_menu_item_fields(json::parse(R"({"name": "Soup"})"), false), "price");
  expect_refused(decode_menu_item_fields(json::parse(R"({"name": "Soup", "price": null})"), false), "price");
  expect_refused(decode_menu_item_fields(json::parse("{}"), true), "body");
  expect_refused(decode_menu_item_fields(json::parse(R"({"colour": "red"})"), true), "colour");
  expect_refused(decode_menu_item_fields(json::parse(R"({"price": 12.345})"), true), "price");
  expect_refused(decode_menu_item_fields(json::parse(R"({"price": -1})"), true), "price");
  expect_refused(decode_menu_item_fields(json::parse(R"({"price": 1000000.01})"), true), "price");
  expect_refused(decode_menu_item_fields(json::parse(R"({"price": "12"})"), true), "price");
  expect_refused(decode_menu_item_fields(json::parse(R"({"name": ""})"), true), "name");
  expect_refused(decode_menu_item_fields(json::parse(R"({"categoryId": 0})"), true), "categoryId");
  expect_refused(decode_menu_item_fields(json::parse(R"({"categoryId": "2"})"), true), "categoryId");
  expect_refused(decode_menu_item_fields(json::parse(R"({"stationId": -3})"), true), "stationId");
  expect_refused(decode_menu_item_fields(json::parse(R"({"course": 6})"), true), "course");
  expect_refused(decode_menu_item_fields(json::parse(R"({"course": 0})"), true), "course");
  expect_refused(decode_menu_item_fields(json::parse(R"({"allergens": "milk"})"), true), "allergens");
  expect_refused(decode_menu_item_fields(json::parse(R"({"tags": [1]})"), true), "tags[0]");
  expect_refused(decode_menu_item_fields(json::parse(R"({"modifierGroupIds": [0]})"), true), "modifierGroupIds[0]");
  expect_refused(decode_menu_item_fields(json::parse(R"({"available": "yes"})"), true), "available");
  expect_refused(decode_menu_item_fields(json::parse(R"({"position": -1})"), true), "position");
}

TEST(DecodeCategoryFields, NeedsANameToCreateAndSomethingToChange) {
  const auto created = decode_category_fields(json::parse(R"({"name": "Mains", "position": 2})"), false);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->name, "Mains");
  EXPECT_EQ(created->position, 2);
  expect_refused(decode_category_fields(json::parse(R"({"position": 2})"), false), "name");
  expect_refused(decode_category_fields(json::parse("{}"), true), "body");
  expect_refused(decode_category_fields(json::parse(R"({"name": "M", "id": 1})"), true), "id");
  const auto moved = decode_category_fields(json::parse(R"({"position": 0})"), true);
  ASSERT_TRUE(moved.ok());
  EXPECT_FALSE(moved->name.has_value());
  EXPECT_EQ(moved->position, 0);
}

TEST(DecodeModifierGroupFields, ReadsOptionsWithAndWithoutIds) {
  const auto g = decode_modifier_group_fields(json::parse(R"({"name": "Extras", "minChoices": 0, "maxChoices": 3,
      "options": [{"optionId": 4, "name": "cheese", "priceDelta": 1.5}, {"name": "no bun", "priceDelta": -2},
                  {"name": "ketchup"}]})"),
                                              false);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->min_choices, 0);
  EXPECT_EQ(g->max_choices, 3);
  ASSERT_EQ(g->options->size(), 3U);
  EXPECT_EQ((*g->options)[0].id, 4);
  EXPECT_EQ((*g->options)[0].price_delta, 150);
  EXPECT_EQ((*g->options)[1].id, 0);
  EXPECT_EQ((*g->options)[1].price_delta, -200);
  EXPECT_EQ((*g->options)[2].price_delta, 0);
}

TEST(DecodeModifierGroupFields, RefusesBadFieldsByName) {
  expect_refused(decode_modifier_group_fields(json::parse(R"({"name": "E", "minChoices": 0, "maxChoices": 1})"), false),
                 "options");
  expect_refused(decode_modifier_group_fields(json::parse(R"({"options": []})"), true), "options");
  expect_refused(decode_modifier_group_fields(json::parse(R"({"maxChoices": 0})"), true), "maxChoices");
  expect_refused(decode_modifier_group_fields(json::parse(R"({"minChoices": -1})"), true), "minChoices");
  const auto bad_option = decode_modifier_group_fields(json::parse(R"({"options": [{"name": "a"}, {"name": ""}]})"), true);
  ASSERT_FALSE(bad_option.ok());
  EXPECT_NE(field_of(bad_option.error()).find("options"), std::string::npos) << field_of(bad_option.error());
  EXPECT_NE(field_of(bad_option.error()).find("1"), std::string::npos) << field_of(bad_option.error());
  const auto delta = decode_modifier_group_fields(json::parse(R"({"options": [{"name": "a", "priceDelta": 0.001}]})"), true);
  ASSERT_FALSE(delta.ok());
  EXPECT_NE(field_of(delta.error()).find("priceDelta"), std::string::npos);
  const auto extra = decode_modifier_group_fields(json::parse(R"({"options": [{"name": "a", "price": 1}]})"), true);
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(field_of(extra.error()).find("price"), std::string::npos);
}

}  // namespace
}  // namespace brigade::api

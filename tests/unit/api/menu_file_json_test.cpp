// parse_menu_json: the brigade-menu document, every problem at its pointer;
// and what menu_file_json writes reads back the same.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/menu_file.hpp"
#include "api/menu_json.hpp"
#include "sample_menu.hpp"

namespace brigade::api {
namespace {

using strings = std::vector<std::string>;
using places = std::vector<std::pair<std::string, std::string>>;  // path, field

places json_error_places(const parsed_menu_file& f) {
  places out;
  for (const auto& e : f.errors) {
    EXPECT_EQ(e.at.line, 0) << "a JSON error has no line";
    out.emplace_back(e.at.path, e.field);
  }
  return out;
}

std::string json_errors_text(const parsed_menu_file& f) {
  std::string out;
  for (const auto& e : f.errors) out += e.at.path + " " + e.field + ": " + e.message + "\n";
  return out;
}

TEST(MenuJsonFile, WhatTheExportWritesReadsBackTheSame) {
  const auto text = menu_file_json(testing::sample_menu()).dump(2);
  const auto parsed = parse_menu_json(text);
  ASSERT_TRUE(parsed.errors.empty()) << json_errors_text(parsed);
  const auto& doc = parsed.document;
  EXPECT_EQ(doc.categories, strings{"Mains"});
  ASSERT_EQ(doc.groups.size(), 2U);
  EXPECT_EQ(doc.groups[1].name, "Extras");
  EXPECT_EQ(doc.groups[1].at.path, "/modifierGroups/1");
  EXPECT_EQ(doc.groups[1].max_choices, 3);
  ASSERT_EQ(doc.groups[1].options.size(), 2U);
  EXPECT_EQ(doc.groups[1].options[1].name, "no bun");
  EXPECT_EQ(doc.groups[1].options[1].price_delta, -200);
  ASSERT_EQ(doc.items.size(), 2U);
  const auto& burger = doc.items[0];
  EXPECT_EQ(burger.at.path, "/items/0");
  EXPECT_EQ(burger.name, "Burger, classic");
  EXPECT_EQ(burger.category, "Mains");
  EXPECT_EQ(burger.description, "Beef \"Angus\"\nand cheddar");
  EXPECT_EQ(burger.price, 1450);
  EXPECT_EQ(burger.station, "grill");
  EXPECT_EQ(burger.course, 2);
  EXPECT_EQ(burger.prep_minutes, 12);
  EXPECT_EQ(burger.allergens, (strings{"gluten", "milk"}));
  EXPECT_EQ(burger.tags, (strings{"signature", "new"}));
  EXPECT_EQ(burger.modifier_groups, (strings{"Cooking", "Extras"}));
  const auto& water = doc.items[1];
  EXPECT_EQ(water.at.path, "/items/1");
  EXPECT_FALSE(water.available);
  EXPECT_EQ(water.station, "");
  EXPECT_EQ(water.price, 0);
  EXPECT_EQ(water.prep_minutes, 0) << "0 is written and read back";
}

TEST(MenuJsonFile, OnlyItemsWithNameAndPriceAreNeeded) {
  const auto parsed = parse_menu_json(R"({"items":[{"name":"Soup","price":6.5}]})");
  ASSERT_TRUE(parsed.errors.empty()) << json_errors_text(parsed);
  ASSERT_EQ(parsed.document.items.size(), 1U);
  EXPECT_EQ(parsed.document.items[0].price, 650);
  EXPECT_EQ(parsed.document.items[0].course, 0);
  EXPECT_TRUE(parsed.document.items[0].available);
  // null reads as absent.
  EXPECT_TRUE(parse_menu_json(R"({"items":[{"name":"Soup","price":1,"category":null}]})").errors.empty());
}

TEST(MenuJsonFile, ADocumentThatIsNotAnObjectIsOneError) {
  for (const char* text : {"", "[]", "\"menu\"", "{", "{\"items\":[}", "null"}) {
    const auto parsed = parse_menu_json(text);
    ASSERT_EQ(parsed.errors.size(), 1U) << text;
    EXPECT_EQ(parsed.errors[0].at.path, "") << text;
    EXPECT_TRUE(parsed.document.items.empty());
  }
  const auto deep = parse_menu_json(R"({"items":[{"tags":[[[[[[[[["x"]]]]]]]]]}]})");
  ASSERT_EQ(deep.errors.size(), 1U);
  EXPECT_NE(deep.errors[0].message.find("nested"), std::string::npos);
}

TEST(MenuJsonFile, EveryMemberErrorIsListedAtItsObjectsPointerWithItsField) {
  const auto parsed = parse_menu_json(R"({
    "format": "other", "version": 2, "colour": "red",
    "categories": [{"name": "Mains"}, "Drinks", {"title": "x"}],
    "modifierGroups": [{"name": "Extras", "minChoices": 1.5, "maxChoices": "3",
                        "options": [{"name": "cheese", "priceDelta": 1.505}, {"priceDelta": 1}]}],
    "items": [{"name": "Soup", "price": 12.345},
              {"price": -1, "course": "2", "allergens": "milk", "available": "yes"},
              7,
              {"name": 3, "price": "4", "tags": ["a", 1], "modifierGroups": {}, "station": false}]
  })");
  const places expected{{"", "colour"},
                        {"", "format"},
                        {"", "version"},
                        {"/categories/1", "categories"},
                        {"/categories/2", "title"},
                        {"/categories/2", "name"},
                        {"/modifierGroups/0", "minChoices"},
                        {"/modifierGroups/0", "maxChoices"},
                        {"/modifierGroups/0/options/0", "priceDelta"},
                        {"/modifierGroups/0/options/1", "name"},
                        {"/items/2", "items"},  // the array's elements are checked before their members
                        {"/items/0", "price"},
                        {"/items/1", "name"},
                        {"/items/1", "course"},
                        {"/items/1", "allergens"},
                        {"/items/1", "available"},
                        {"/items/3", "name"},
                        {"/items/3", "price"},
                        {"/items/3", "station"},
                        {"/items/3", "tags"},
                        {"/items/3", "modifierGroups"}};
  EXPECT_EQ(json_error_places(parsed), expected) << json_errors_text(parsed);
  // A negative price is the rules' to refuse (kitchen/menu_rules), not the reader's.
  ASSERT_GE(parsed.document.items.size(), 2U);
  EXPECT_EQ(parsed.document.items[1].price, -100);
}

TEST(MenuJsonFile, ArraysOfTheWrongTypeAreErrorsNotCrashes) {
  const auto parsed = parse_menu_json(R"({"categories":{},"modifierGroups":3,"items":"all"})");
  EXPECT_EQ(json_error_places(parsed), (places{{"", "categories"}, {"", "modifierGroups"}, {"", "items"}})) << json_errors_text(parsed);
  const auto huge = parse_menu_json(R"({"items":[{"name":"x","price":1,"course":4294967297}]})");
  EXPECT_EQ(json_error_places(huge), (places{{"/items/0", "course"}})) << json_errors_text(huge);
}

}  // namespace
}  // namespace brigade::api

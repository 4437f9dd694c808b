// parse_menu_csv and modifiers_cell: RFC 4180 quoting, lines counted as a
// spreadsheet shows them, and the inline modifiers syntax both ways.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/menu_file.hpp"

namespace brigade::api {
namespace {

using kitchen::import_error;
using kitchen::modifier_group;
using kitchen::modifier_option;
using strings = std::vector<std::string>;

std::string csv_errors_text(const parsed_menu_file& f) {
  std::string out;
  for (const auto& e : f.errors) out += std::to_string(e.at.line) + " " + e.field + ": " + e.message + "\n";
  return out;
}

parsed_menu_file clean(std::string_view text) {
  auto parsed = parse_menu_csv(text);
  EXPECT_TRUE(parsed.errors.empty()) << csv_errors_text(parsed);
  return parsed;
}

std::vector<std::pair<int64_t, std::string>> csv_error_places(const parsed_menu_file& f) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& e : f.errors) out.emplace_back(e.at.line, e.field);
  return out;
}

TEST(MenuCsv, ReadsEveryColumnInAnyOrder) {
  const auto parsed = clean(
      "available,modifiers,tags,allergens,prep_minutes,course,station,price,description,name,category\n"
      "no,Extras [0-2]: cheese +1.50 | no bun -2.00,signature;spicy,Mustard; gluten,12,2,grill,14.50,Beef,Burger,Mains\n");
  ASSERT_EQ(parsed.document.items.size(), 1U);
  const auto& item = parsed.document.items[0];
  EXPECT_EQ(item.at.line, 2);
  EXPECT_EQ(item.name, "Burger");
  EXPECT_EQ(item.category, "Mains");
  EXPECT_EQ(item.description, "Beef");
  EXPECT_EQ(item.price, 1450);
  EXPECT_EQ(item.station, "grill");
  EXPECT_EQ(item.course, 2);
  EXPECT_EQ(item.prep_minutes, 12);
  EXPECT_EQ(item.allergens, (strings{"mustard", "gluten"}));  // lower-cased; ordered by the rules later
  EXPECT_EQ(item.tags, (strings{"signature", "spicy"}));
  EXPECT_FALSE(item.available);
  EXPECT_EQ(item.modifier_groups, strings{"Extras"});
  ASSERT_EQ(parsed.document.groups.size(), 1U);
  const auto& group = parsed.document.groups[0];
  EXPECT_EQ(group.name, "Extras");
  EXPECT_EQ(group.min_choices, 0);
  EXPECT_EQ(group.max_choices, 2);
  ASSERT_EQ(group.options.size(), 2U);
  EXPECT_EQ(group.options[0].name, "cheese");
  EXPECT_EQ(group.options[0].price_delta, 150);
  EXPECT_EQ(group.options[1].name, "no bun");
  EXPECT_EQ(group.options[1].price_delta, -200);
}

TEST(MenuCsv, OnlyNameAndPriceAreNeededAndEmptyCellsTakeDefaults) {
  const auto parsed = clean("Name,Price\nSoup,6\n");
  ASSERT_EQ(parsed.document.items.size(), 1U);
  const auto& item = parsed.document.items[0];
  EXPECT_EQ(item.price, 600);
  EXPECT_EQ(item.category, "");
  EXPECT_EQ(item.course, 0);  // the default
  EXPECT_FALSE(item.prep_minutes) << "none given: a dish keeps its own";
  EXPECT_TRUE(item.available);
  EXPECT_TRUE(item.allergens.empty());
  // A row shorter than the header leaves the rest empty.
  EXPECT_EQ(clean("name,price,description\nSoup,6\n").document.items[0].description, "");
}

TEST(MenuCsv, QuotedCellsHoldCommasQuotesAndLineBreaks) {
  const auto parsed = clean(
      "name,price,description\n"
      "\"Fish, chips\",9.50,\"The \"\"real\"\" one\"\n"
      "Pie,5,\"Two\nlines\"\n");
  ASSERT_EQ(parsed.document.items.size(), 2U);
  EXPECT_EQ(parsed.document.items[0].name, "Fish, chips");
  EXPECT_EQ(parsed.document.items[0].description, "The \"real\" one");
  EXPECT_EQ(parsed.document.items[1].description, "Two\nlines");
}

TEST(MenuCsv, ALineBreakInsideQuotesCountsForTheLinesAfterIt) {
  const auto parsed = parse_menu_csv(
      "name,price,description\n"
      "Pie,5,\"one\ntwo\nthree\"\n"
      "Tart,oops,\n");
  ASSERT_EQ(parsed.document.items.size(), 2U);
  EXPECT_EQ(parsed.document.items[0].at.line, 2);  // csv_error_places the record starts
  EXPECT_EQ(parsed.document.items[1].at.line, 5);
  EXPECT_EQ(csv_error_places(parsed), (std::vector<std::pair<int64_t, std::string>>{{5, "price"}}));
}

TEST(MenuCsv, AFileInALocalEncodingIsRefusedAtItsFirstBadLine) {
  // "Crème brûlée" saved as Windows-1252: 0xE8 and 0xFB are not UTF-8.
  const auto parsed = parse_menu_csv("name,price\nSoup,6\nCr\xE8" "me br\xFB" "l\xE9" "e,7\n");
  EXPECT_EQ(csv_error_places(parsed), (std::vector<std::pair<int64_t, std::string>>{{3, ""}})) << csv_errors_text(parsed);
  EXPECT_NE(csv_errors_text(parsed).find("UTF-8"), std::string::npos);
  EXPECT_TRUE(parsed.document.items.empty());
  EXPECT_TRUE(parse_menu_csv("name,price\nCr\xC3\xA8" "me br\xC3\xBB" "l\xC3\xA9" "e,7\n").errors.empty());
}

TEST(MenuCsv, CrlfBomAndBlankLinesAreWhatSpreadsheetsWrite) {
  const auto parsed = parse_menu_csv(
      "\xEF\xBB\xBFname,price\r\n"
      "Soup,6\r\n"
      "\r\n"
      ",\r\n"
      "Stew,x\r\n");
  EXPECT_EQ(csv_error_places(parsed), (std::vector<std::pair<int64_t, std::string>>{{5, "price"}})) << csv_errors_text(parsed);
  ASSERT_EQ(parsed.document.items.size(), 2U);
  EXPECT_EQ(parsed.document.items[0].name, "Soup");  // no \r left on the last cell
  EXPECT_EQ(parsed.document.items[0].price, 600);
  EXPECT_EQ(parsed.document.items[1].at.line, 5);
  // A quoted cell with CRLF inside still counts one line.
  const auto quoted = parse_menu_csv("name,price,description\r\nPie,5,\"a\r\nb\"\r\nTart,y\r\n");
  EXPECT_EQ(csv_error_places(quoted), (std::vector<std::pair<int64_t, std::string>>{{4, "price"}})) << csv_errors_text(quoted);
}

TEST(MenuCsv, UnknownDuplicateOrMissingColumnsAreHeaderErrors) {
  const auto parsed = parse_menu_csv("name,prise,name,colour\nSoup,6,Soup,red\n");
  EXPECT_EQ(csv_error_places(parsed), (std::vector<std::pair<int64_t, std::string>>{
                               {1, "prise"}, {1, "name"}, {1, "colour"}, {1, "price"}}))
      << csv_errors_text(parsed);
  EXPECT_TRUE(parsed.document.items.empty());
  EXPECT_NE(parsed.errors[0].message.find("the columns are category, name"), std::string::npos);
  const auto empty = parse_menu_csv("\n\n");
  ASSERT_EQ(empty.errors.size(), 1U);
  EXPECT_NE(empty.errors[0].message.find("empty"), std::string::npos);
}

TEST(MenuCsv, EveryBadCellIsListedWithItsLine) {
  const auto parsed = parse_menu_csv(
      "name,price,course,available,modifiers,prep_minutes\n"
      ",+1.50,x,maybe,,ten\n"
      "Soup,12.345,12,yes,Extras: cheese\n"
      "Stew,4,3,n,Extras [a-2]: cheese\n"
      "Tart,4,3,Y,Extras [0-2]: cheese +1.5.0\n"
      "Pie,1,2,no,,5,extra\n");
  EXPECT_EQ(csv_error_places(parsed), (std::vector<std::pair<int64_t, std::string>>{{2, "name"},
                                                                         {2, "price"},
                                                                         {2, "course"},
                                                                         {2, "prep_minutes"},
                                                                         {2, "available"},
                                                                         {3, "price"},
                                                                         {3, "course"},
                                                                         {3, "modifiers"},
                                                                         {4, "modifiers"},
                                                                         {5, "modifiers"},
                                                                         {6, ""}}))
      << csv_errors_text(parsed);
  // The rows that could be read are still there for the whole check.
  EXPECT_EQ(parsed.document.items.size(), 4U);
  EXPECT_FALSE(parsed.document.items[2].available);
}

TEST(MenuCsv, AnUnclosedQuoteStopsTheReadingAtItsLine) {
  const auto parsed = parse_menu_csv("name,price\nSoup,6\n\"Stew,4\nPie,5\n");
  ASSERT_EQ(parsed.errors.size(), 1U);
  EXPECT_EQ(parsed.errors[0].at.line, 3);
  EXPECT_NE(parsed.errors[0].message.find("never closed"), std::string::npos);
}

TEST(MenuCsv, AGroupIsDefinedOnceAndNamedElsewhere) {
  const auto parsed = clean(
      "name,price,modifiers\n"
      "Burger,14.5,Cooking [1-1]: rare | medium; Extras [0-3]: cheese +1.50\n"
      "Steak,24,Cooking\n"
      "Chicken,18,Cooking [1-1]: rare | medium\n");
  ASSERT_EQ(parsed.document.groups.size(), 2U);
  EXPECT_EQ(parsed.document.groups[0].at.line, 2);
  EXPECT_EQ(parsed.document.items[1].modifier_groups, strings{"Cooking"});
  EXPECT_EQ(parsed.document.items[2].modifier_groups, strings{"Cooking"});
  // [n] is [n-n].
  const auto exact = clean("name,price,modifiers\nSoup,5,Bread [1]: white | brown\n");
  EXPECT_EQ(exact.document.groups[0].min_choices, 1);
  EXPECT_EQ(exact.document.groups[0].max_choices, 1);
}

TEST(MenuCsv, AGroupDefinedDifferentlyTwiceIsAnError) {
  const auto parsed = parse_menu_csv(
      "name,price,modifiers\n"
      "Burger,14.5,Extras [0-3]: cheese +1.50\n"
      "Hot dog,8,Extras [0-3]: cheese +1.00\n");
  ASSERT_EQ(parsed.errors.size(), 1U) << csv_errors_text(parsed);
  EXPECT_EQ(parsed.errors[0].at.line, 3);
  EXPECT_NE(parsed.errors[0].message.find("line 2"), std::string::npos) << parsed.errors[0].message;
}

modifier_group group(std::string name, int32_t min, int32_t max, std::vector<modifier_option> options) {
  return modifier_group{0, 0, std::move(name), min, max, std::move(options)};
}

TEST(ModifiersCell, WritesTheContractsSyntax) {
  EXPECT_EQ(modifiers_cell({group("Cooking", 1, 1, {{1, "rare", 0}, {2, "medium", 0}, {3, "well done", 0}}),
                            group("Extras", 0, 3, {{4, "cheese", 150}, {5, "bacon", 200}, {6, "no bun", -200}})}),
            "Cooking [1-1]: rare | medium | well done; Extras [0-3]: cheese +1.50 | bacon +2.00 | no bun -2.00");
  EXPECT_EQ(modifiers_cell({}), "");
}

// What the export writes, the import reads back as the same groups.
void expect_round_trip(const std::vector<modifier_group>& groups) {
  const std::string cell = modifiers_cell(groups);
  std::string quoted = "\"";
  for (const char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += '"';
  const auto parsed = parse_menu_csv("name,price,modifiers\nDish,1," + quoted + "\n");
  ASSERT_TRUE(parsed.errors.empty()) << cell << "\n" << csv_errors_text(parsed);
  ASSERT_EQ(parsed.document.groups.size(), groups.size()) << cell;
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& read = parsed.document.groups[g];
    EXPECT_EQ(read.name, groups[g].name);
    EXPECT_EQ(read.min_choices, groups[g].min_choices);
    EXPECT_EQ(read.max_choices, groups[g].max_choices);
    ASSERT_EQ(read.options.size(), groups[g].options.size()) << cell;
    for (size_t o = 0; o < read.options.size(); ++o) {
      EXPECT_EQ(read.options[o].name, groups[g].options[o].name) << cell;
      EXPECT_EQ(read.options[o].price_delta, groups[g].options[o].price_delta) << cell;
    }
  }
}

TEST(ModifiersCell, ParsesBackToTheSameGroups) {
  expect_round_trip({group("Cooking", 1, 1, {{1, "rare", 0}, {2, "medium", 0}, {3, "well done", 0}}),
                     group("Extras", 0, 3, {{4, "cheese", 150}, {5, "bacon", 200}, {6, "no bun", -200}})});
  expect_round_trip({group("Sauce, dips & \"more\"", 0, 30, {{1, "ketchup, mayo", 5}, {2, "big \"one\"", 100'000'000}})});
  expect_round_trip({group("Size", 1, 1, {{1, "small", -99}, {2, "large", 1}})});
}

TEST(ModifiersCell, AnOptionNameEndingInAPriceLikeWordSurvivesTheRoundTrip) {
  // "add +1" with no delta must not be read back as "add" at +1.00.
  expect_round_trip({group("Shots", 0, 2, {{1, "espresso +1", 0}, {2, "decaf -", 0}, {3, "double +2", 50}})});
}

}  // namespace
}  // namespace brigade::api

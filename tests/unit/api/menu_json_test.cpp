#include "api/menu_json.hpp"

#include <string>

#include <gtest/gtest.h>

#include "api/menu_file.hpp"
#include "sample_menu.hpp"

namespace brigade::api {
namespace {

using nlohmann::json;

using testing::sample_menu;

TEST(MenuJson, AnItemHasTheContractsShape) {
  const json item = json::parse(menu_item_json(sample_menu().items[0]).dump());
  EXPECT_EQ(item["menuItemId"], 3);
  EXPECT_EQ(item["price"], 14.5);
  EXPECT_EQ(item["category"], "Mains");
  EXPECT_EQ(item["categoryId"], 2);
  EXPECT_EQ(item["stationId"], 5);
  EXPECT_EQ(item["course"], 2);
  EXPECT_EQ(item["allergens"], json::parse(R"(["gluten","milk"])"));
  EXPECT_EQ(item["modifierGroups"][0]["required"], true);
  EXPECT_EQ(item["modifierGroups"][1]["required"], false);
  EXPECT_EQ(item["modifierGroups"][1]["options"][0],
            json::parse(R"({"optionId":3,"name":"cheese","priceDelta":1.5})"));
  EXPECT_EQ(item["modifierGroups"][1]["options"][1]["priceDelta"], -2);
  const json water = json::parse(menu_item_json(sample_menu().items[1]).dump());
  EXPECT_TRUE(water["stationId"].is_null());
  EXPECT_TRUE(water["categoryId"].is_null());
  EXPECT_EQ(water["category"], "");
  EXPECT_EQ(water["modifierGroups"], json::array());
  EXPECT_EQ(water["available"], false);
}

TEST(MenuJson, TheCatalogListsMenuCategoriesEveryGroupAndTheCurrency) {
  const json c = json::parse(menu_catalog_json(sample_menu()).dump());
  EXPECT_EQ(c["menu"].size(), 2U);
  EXPECT_EQ(c["categories"][0], json::parse(R"({"categoryId":2,"name":"Mains","position":1})"));
  EXPECT_EQ(c["modifierGroups"].size(), 2U);
  EXPECT_EQ(c["currency"], "EUR");
}

TEST(MenuCsvExport, QuotesWhatNeedsItAndReadsBackTheSame) {
  const std::string csv = menu_file_csv(sample_menu());
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "category,name,description,price,station,course,prep_minutes,allergens,tags,modifiers,available");
  EXPECT_NE(csv.find("Mains,\"Burger, classic\",\"Beef \"\"Angus\"\"\nand cheddar\",14.50,grill,2,12,gluten;milk,"
                     "signature;new,Cooking [1-1]: rare | medium; Extras [0-3]: cheese +1.50 | no bun -2.00,yes\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",Water,,0.00,,1,0,,,,no\r\n"), std::string::npos) << csv;

  const auto parsed = parse_menu_csv(csv);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].message;
  ASSERT_EQ(parsed.document.items.size(), 2U);
  const auto& burger = parsed.document.items[0];
  EXPECT_EQ(burger.name, "Burger, classic");
  EXPECT_EQ(burger.description, "Beef \"Angus\"\nand cheddar");
  EXPECT_EQ(burger.price, 1450);
  EXPECT_EQ(burger.station, "grill");
  EXPECT_EQ(burger.tags, (std::vector<std::string>{"signature", "new"}));
  EXPECT_EQ(burger.modifier_groups, (std::vector<std::string>{"Cooking", "Extras"}));
  EXPECT_EQ(parsed.document.items[1].at.line, 4);  // the description's line break counts
  EXPECT_FALSE(parsed.document.items[1].available);
  ASSERT_EQ(parsed.document.groups.size(), 2U);
  EXPECT_EQ(parsed.document.groups[1].options[1].price_delta, -200);
}

TEST(MenuJsonFileExport, NamesTheStationAndTheGroupsOfEachDish) {
  const json file = json::parse(menu_file_json(sample_menu()).dump());
  EXPECT_EQ(file["format"], "brigade-menu");
  EXPECT_EQ(file["version"], 1);
  EXPECT_EQ(file["items"][0]["station"], "grill");
  EXPECT_EQ(file["items"][0]["modifierGroups"], json::parse(R"(["Cooking","Extras"])"));
  EXPECT_EQ(file["items"][1]["station"], "");
  EXPECT_EQ(file["modifierGroups"][1]["options"][1], json::parse(R"({"name":"no bun","priceDelta":-2})"));
  EXPECT_FALSE(file["items"][0].contains("menuItemId"));  // names, not ids: another restaurant can import it
}

}  // namespace
}  // namespace brigade::api

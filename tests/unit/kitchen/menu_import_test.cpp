// back_office::import_menu: a whole file checked, then applied in one
// transaction by name, or refused with every error and nothing applied.
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/back_office.hpp"
#include "kitchen/errors.hpp"
#include "memory_store.hpp"

namespace brigade::kitchen {
namespace {

using testing::memory_store;

using strings = std::vector<std::string>;

imported_item item(int64_t line, std::string name, money price, std::string category = "") {
  imported_item i;
  i.at = {line, ""};
  i.name = std::move(name);
  i.price = price;
  i.category = std::move(category);
  return i;
}

imported_group group(int64_t line, std::string name, int32_t min, int32_t max, std::vector<modifier_option> options) {
  return imported_group{{line, ""}, std::move(name), min, max, std::move(options)};
}

/// Starters: Soup; Mains: Burger (Cooking, Extras), Steak.
menu_document sample_file() {
  menu_document file;
  file.categories = {"Starters", "Mains"};
  file.groups = {group(3, "Cooking", 1, 1, {{0, "rare", 0}, {0, "medium", 0}}),
                 group(3, "Extras", 0, 2, {{0, "cheese", 150}, {0, "bacon", 200}})};
  file.items = {item(2, "Soup", 650, "Starters"), item(3, "Burger", 1450, "Mains"), item(4, "Steak", 2400, "Mains")};
  file.items[1].modifier_groups = {"Cooking", "Extras"};
  file.items[1].allergens = {"mustard", "gluten"};
  file.items[1].station = "grill";
  file.items[1].course = 2;
  file.items[1].tags = {"signature"};
  return file;
}

class MenuImport : public ::testing::Test {
 protected:
  MenuImport() {
    restaurant home;
    home.name = "Home";
    home_ = store_.add(home);
    restaurant other;
    other.name = "Other";
    other_ = store_.add(other);
    manager_ = actor{store_.add(staff{0, home_.id, "Mia", "mia", staff_role::manager, "h"}).id, home_.id, "Mia",
                     staff_role::manager};
    stranger_ = actor{store_.add(staff{0, other_.id, "Sam", "sam", staff_role::manager, "h"}).id, other_.id, "Sam",
                      staff_role::manager};
    grill_ = store_.add(station{0, home_.id, "grill"});
    store_.add(station{0, other_.id, "bar"});
  }

  import_outcome import(const menu_document& file, import_mode mode = import_mode::merge,
                        const std::vector<import_error>& reading = {}) {
    auto r = office_.import_menu(manager_, file, mode, reading);
    if (!r.ok()) throw std::runtime_error(r.error().code + ": " + r.error().message);
    return std::move(r).value();
  }
  import_summary applied(const menu_document& file, import_mode mode = import_mode::merge) {
    const auto outcome = import(file, mode);
    for (const auto& e : outcome.errors) ADD_FAILURE() << e.at.line << " " << e.field << ": " << e.message;
    return outcome.summary;
  }
  menu_catalog menu() {
    auto r = office_.export_menu(manager_);
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return std::move(r).value();
  }
  const menu_item& dish(const menu_catalog& c, std::string_view name) {
    for (const auto& m : c.items) {
      if (m.name == name) return m;
    }
    throw std::runtime_error("no dish " + std::string(name));
  }

  memory_store store_;
  back_office office_{store_};
  restaurant home_, other_;
  actor manager_, stranger_;
  station grill_;
};

TEST_F(MenuImport, AFirstImportCreatesEverythingAndCountsIt) {
  const auto summary = applied(sample_file());
  EXPECT_EQ(summary.categories.created, 2);
  EXPECT_EQ(summary.groups.created, 2);
  EXPECT_EQ(summary.items.created, 3);
  EXPECT_EQ(summary.items.updated, 0);
  EXPECT_EQ(summary.archived, 0);

  const auto catalog = menu();
  ASSERT_EQ(catalog.categories.size(), 2U);
  EXPECT_EQ(catalog.categories[0].name, "Starters");
  EXPECT_EQ(catalog.categories[1].position, 1);
  ASSERT_EQ(catalog.items.size(), 3U);
  EXPECT_EQ(catalog.items[0].name, "Soup");  // by category position
  const auto& burger = dish(catalog, "Burger");
  EXPECT_EQ(burger.category, "Mains");
  EXPECT_EQ(burger.position, 0);
  EXPECT_EQ(dish(catalog, "Steak").position, 1);
  EXPECT_EQ(burger.default_station, grill_.id);
  EXPECT_EQ(burger.default_course, 2);
  EXPECT_EQ(dish(catalog, "Soup").default_course, 1);
  EXPECT_EQ(burger.allergens, (strings{"gluten", "mustard"}));
  ASSERT_EQ(burger.modifier_groups.size(), 2U);
  EXPECT_EQ(burger.modifier_groups[0].name, "Cooking");
  EXPECT_EQ(burger.modifier_groups[1].options[0].price_delta, 150);

  const auto log = office_.audit_log(manager_, 0, std::nullopt)->entries;
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].action, "menu.imported");
  EXPECT_NE(log[0].details.find("\"items\":\"3 created, 0 updated\""), std::string::npos) << log[0].details;
}

TEST_F(MenuImport, ASecondImportOfTheSameFileChangesNothing) {
  applied(sample_file());
  const auto again = applied(sample_file());
  EXPECT_EQ(again.categories.created + again.categories.updated, 0);
  EXPECT_EQ(again.groups.created + again.groups.updated, 0);
  EXPECT_EQ(again.items.created + again.items.updated, 0);
}

TEST_F(MenuImport, MergeUpdatesByNameAndLeavesTheRest) {
  applied(sample_file());
  const auto before = menu();
  menu_document change;
  change.items = {item(2, "Burger", 1550, "Mains"), item(3, "Fries", 400, "Sides")};
  change.items[0].modifier_groups = {"Cooking"};  // a group the restaurant already has
  change.items[0].prep_minutes = 12;
  const auto summary = applied(change);
  EXPECT_EQ(summary.items.updated, 1);
  EXPECT_EQ(summary.items.created, 1);
  EXPECT_EQ(summary.categories.created, 1);  // Sides
  EXPECT_EQ(summary.archived, 0);
  const auto after = menu();
  EXPECT_EQ(after.items.size(), 4U);
  const auto& burger = dish(after, "Burger");
  EXPECT_EQ(burger.id, dish(before, "Burger").id);
  EXPECT_EQ(burger.price, 1550);
  EXPECT_EQ(burger.prep_minutes, 12);
  ASSERT_EQ(burger.modifier_groups.size(), 1U);
  EXPECT_EQ(dish(after, "Soup").price, 650);
}

TEST_F(MenuImport, ReplaceArchivesTheDishesTheFileDoesNotName) {
  applied(sample_file());
  const auto soup = dish(menu(), "Soup");
  menu_document smaller;
  smaller.items = {item(2, "Burger", 1450, "Mains")};
  const auto summary = applied(smaller, import_mode::replace);
  EXPECT_EQ(summary.archived, 2);
  const auto after = menu();
  ASSERT_EQ(after.items.size(), 1U);
  EXPECT_EQ(after.items[0].name, "Burger");
  EXPECT_TRUE(store_.snapshot().menu_items.at(soup.id).archived);  // kept for the orders that name it
  // The other restaurant's menu is untouched by either.
  EXPECT_TRUE(office_.import_menu(stranger_, sample_file(), import_mode::replace)->errors.size() == 1);  // no grill
}

TEST_F(MenuImport, OptionsKeepTheirIdsByNameWhenAGroupChanges) {
  applied(sample_file());
  const auto extras = dish(menu(), "Burger").modifier_groups[1];
  menu_document change = sample_file();
  change.groups[1].options = {{0, "bacon", 250}, {0, "egg", 100}};
  const auto summary = applied(change);
  EXPECT_EQ(summary.groups.updated, 1);
  EXPECT_EQ(summary.groups.created, 0);
  const auto now = dish(menu(), "Burger").modifier_groups[1];
  EXPECT_EQ(now.id, extras.id);
  ASSERT_EQ(now.options.size(), 2U);
  EXPECT_EQ(now.options[0].id, extras.options[1].id);  // bacon kept its id
  EXPECT_EQ(now.options[0].price_delta, 250);
  EXPECT_NE(now.options[1].id, extras.options[0].id);  // egg is new; cheese went
}

TEST_F(MenuImport, EveryErrorIsListedInFileOrderAndNothingIsApplied) {
  applied(sample_file());
  const auto before = store_.snapshot();
  menu_document bad = sample_file();
  bad.items.push_back(item(5, "Soup", 100));                     // listed twice
  bad.items.push_back(item(6, "Fish", -5));                      // price
  bad.items.push_back(item(7, "Pie", 500));
  bad.items.back().allergens = {"gluten", "wheat"};              // allergens
  bad.items.back().station = "pastry";                           // station
  bad.items.back().modifier_groups = {"Sauces"};                 // modifiers
  bad.items.push_back(item(8, "Tart", 500));
  bad.items.back().course = 7;                                   // course
  bad.items.back().tags = {"Sweet"};                             // tags
  bad.groups.push_back(group(4, "Sides", 3, 1, {{0, "fries", 0}}));  // choices
  bad.items[0].price = 700;  // a change the refusal must not apply either
  const std::vector<import_error> reading{{{9, ""}, "available", "'maybe' is not yes or no"}};
  const auto outcome = import(bad, import_mode::replace, reading);
  ASSERT_FALSE(outcome.errors.empty());
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& e : outcome.errors) got.emplace_back(e.at.line, e.field);
  const std::vector<std::pair<int64_t, std::string>> expected{
      {4, "minChoices"}, {5, "name"},  {6, "price"}, {7, "allergens"}, {7, "station"},
      {7, "modifiers"},  {8, "course"}, {8, "tags"},  {9, "available"}};
  EXPECT_EQ(got, expected);
  for (const auto& e : outcome.errors) EXPECT_FALSE(e.message.empty());
  const auto after = store_.snapshot();
  EXPECT_EQ(after.writes, before.writes);
  EXPECT_EQ(after.audit.size(), before.audit.size());
  EXPECT_EQ(dish(menu(), "Soup").price, 650);
}

TEST_F(MenuImport, ReadingErrorsAloneRefuseAnOtherwiseGoodFile) {
  const std::vector<import_error> reading{{{0, "/items/0"}, "price", "price must be a number"}};
  const auto outcome = import(sample_file(), import_mode::merge, reading);
  ASSERT_EQ(outcome.errors.size(), 1U);
  EXPECT_EQ(outcome.errors[0].at.path, "/items/0");
  EXPECT_TRUE(menu().items.empty());
}

TEST_F(MenuImport, AFileWithoutDishesOrWithADuplicateGroupIsRefused) {
  auto outcome = import(menu_document{});
  ASSERT_EQ(outcome.errors.size(), 1U);
  EXPECT_EQ(outcome.errors[0].field, "items");
  menu_document twice = sample_file();
  twice.groups.push_back(group(9, "Cooking", 0, 1, {{0, "blue", 0}}));
  outcome = import(twice);
  ASSERT_EQ(outcome.errors.size(), 1U);
  EXPECT_EQ(outcome.errors[0].at.line, 9);
  EXPECT_NE(outcome.errors[0].message.find("defined twice"), std::string::npos);
  EXPECT_TRUE(menu().items.empty());
}

}  // namespace
}  // namespace brigade::kitchen

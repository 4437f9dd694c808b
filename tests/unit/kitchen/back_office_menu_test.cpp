// back_office's menu: categories, dishes and modifier groups for managers,
// each change checked, scoped to the restaurant and audited.
#include "kitchen/back_office.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"
#include "kitchen/menu_rules.hpp"
#include "memory_store.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using testing::detail;
using testing::memory_store;

using strings = std::vector<std::string>;

class BackOfficeMenu : public ::testing::Test {
 protected:
  BackOfficeMenu() {
    home_ = store_.add(named("Home"));
    other_ = store_.add(named("Other"));
    manager_ = to_actor(store_.add(staff{0, home_.id, "Mia", "mia", staff_role::manager, "hash"}));
    waiter_ = to_actor(store_.add(staff{0, home_.id, "Wendy", "wendy", staff_role::waiter, "hash"}));
    stranger_ = to_actor(store_.add(staff{0, other_.id, "Sam", "sam", staff_role::manager, "hash"}));
    grill_ = store_.add(station{0, home_.id, "grill"});
    other_bar_ = store_.add(station{0, other_.id, "bar"});
  }
  static restaurant named(std::string name) {
    restaurant r;
    r.name = std::move(name);
    return r;
  }
  static actor to_actor(const staff& s) { return actor{s.id, s.restaurant, s.name, s.role}; }

  template <typename T>
  static T must(result<T> r) {
    EXPECT_TRUE(r.ok()) << r.error().code << ": " << r.error().message;
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return std::move(r).value();
  }
  template <typename T>
  static void expect_error(const result<T>& r, std::string_view code, std::string_view field = {}) {
    ASSERT_FALSE(r.ok()) << "expected " << code;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    if (!field.empty()) EXPECT_EQ(detail(r.error(), "field"), field) << r.error().message;
  }

  std::vector<audit_entry> audit() { return must(office_.audit_log(manager_, 0, std::nullopt)).entries; }

  menu_category category(std::string name, const actor& by) { return must(office_.create_category(by, {name, {}})); }
  menu_category category(std::string name) { return category(std::move(name), manager_); }

  modifier_group extras(const actor& by) {
    return must(office_.create_modifier_group(
        by, modifier_group_fields{"Extras", 0, 2, std::vector<modifier_option>{{0, "cheese", 150}, {0, "bacon", 200}}}));
  }

  menu_item_fields dish(std::string name, money price) {
    menu_item_fields f;
    f.name = std::move(name);
    f.price = price;
    return f;
  }

  memory_store store_;
  back_office office_{store_};
  restaurant home_, other_;
  actor manager_, waiter_, stranger_;
  station grill_, other_bar_;
};

// ---- categories -------------------------------------------------------------------

TEST_F(BackOfficeMenu, CategoriesGoLastUnlessPlacedAndAreAudited) {
  const auto starters = category("Starters");
  const auto mains = category("Mains");
  EXPECT_EQ(starters.restaurant, home_.id);
  EXPECT_EQ(starters.position, 0);
  EXPECT_EQ(mains.position, 1);
  const auto first = must(office_.create_category(manager_, {"Specials", 0}));
  EXPECT_EQ(first.position, 0);
  const auto entries = audit();
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0].action, "category.created");  // newest first
  EXPECT_EQ(entries[0].subject, "category:" + std::to_string(first.id));
  EXPECT_NE(entries[0].details.find("Specials"), std::string::npos) << entries[0].details;
}

TEST_F(BackOfficeMenu, CategoryNamesAreRequiredAndUniqueInTheRestaurantOnly) {
  category("Mains");
  expect_error(office_.create_category(manager_, {"Mains", {}}), kNameTaken, "name");
  expect_error(office_.create_category(manager_, {"", {}}), kValidation, "name");
  expect_error(office_.create_category(manager_, {std::nullopt, {}}), kValidation, "name");
  expect_error(office_.create_category(manager_, {std::string(kMaxMenuName + 1, 'x'), {}}), kValidation, "name");
  EXPECT_EQ(category("Mains", stranger_).restaurant, other_.id);  // another restaurant may use it
  const auto drinks = category("Drinks");
  expect_error(office_.update_category(manager_, drinks.id, {"Mains", {}}), kNameTaken);
  EXPECT_EQ(audit().size(), 2U);  // the refusals wrote nothing
}

TEST_F(BackOfficeMenu, UpdatingACategoryAuditsWhatChangedAndNothingWhenNothingDid) {
  const auto drinks = category("Drinks");
  const auto renamed = must(office_.update_category(manager_, drinks.id, {"Beverages", 4}));
  EXPECT_EQ(renamed.name, "Beverages");
  EXPECT_EQ(renamed.position, 4);
  ASSERT_EQ(audit().size(), 2U);
  EXPECT_EQ(audit()[0].action, "category.updated");
  EXPECT_NE(audit()[0].details.find("\"from\":\"Drinks\""), std::string::npos) << audit()[0].details;
  must(office_.update_category(manager_, drinks.id, {"Beverages", {}}));
  EXPECT_EQ(audit().size(), 2U);
}

TEST_F(BackOfficeMenu, AnotherRestaurantsCategoryIsNotFound) {
  const auto theirs = category("Theirs", stranger_);
  expect_error(office_.update_category(manager_, theirs.id, {"Mine", {}}), kNotFound);
  expect_error(office_.delete_category(manager_, theirs.id), kNotFound);
  expect_error(office_.delete_category(manager_, 999'999), kNotFound);
  auto f = dish("Soup", 500);
  f.category = theirs.id;
  expect_error(office_.create_menu_item(manager_, f), kValidation, "categoryId");
}

TEST_F(BackOfficeMenu, ACategoryWithDishesIsInUseUntilTheyAreArchived) {
  const auto mains = category("Mains");
  auto f = dish("Burger", 1450);
  f.category = mains.id;
  const auto burger = must(office_.create_menu_item(manager_, f));
  EXPECT_EQ(burger.category, "Mains");
  expect_error(office_.delete_category(manager_, mains.id), kInUse);
  must(office_.archive_menu_item(manager_, burger.id));
  const auto gone = must(office_.delete_category(manager_, mains.id));
  EXPECT_EQ(gone.name, "Mains");
  EXPECT_EQ(audit()[0].action, "category.deleted");
  expect_error(office_.delete_category(manager_, mains.id), kNotFound);
}

// ---- dishes -------------------------------------------------------------------

TEST_F(BackOfficeMenu, ADishIsCreatedWithEveryFieldCheckedAndNormalised) {
  const auto mains = category("Mains");
  const auto group = extras(manager_);
  auto f = dish("Classic Burger", 1450);
  f.category = mains.id;
  f.description = "Beef, cheddar";
  f.station = grill_.id;
  f.course = 2;
  f.prep_minutes = 12;
  f.allergens = strings{"mustard", "gluten", "milk"};
  f.tags = strings{"signature"};
  f.modifier_groups = std::vector<modifier_group_id>{group.id};
  const auto burger = must(office_.create_menu_item(manager_, f));
  EXPECT_GT(burger.id, 0);
  EXPECT_EQ(burger.restaurant, home_.id);
  EXPECT_EQ(burger.category_id, mains.id);
  EXPECT_EQ(burger.default_station, grill_.id);
  EXPECT_EQ(burger.default_course, 2);
  EXPECT_EQ(burger.prep_minutes, 12);
  EXPECT_EQ(burger.allergens, (strings{"gluten", "milk", "mustard"}));
  ASSERT_EQ(burger.modifier_groups.size(), 1U);
  EXPECT_EQ(burger.modifier_groups[0].options.size(), 2U);
  EXPECT_TRUE(burger.available);
  const auto entry = audit()[0];
  EXPECT_EQ(entry.action, "menu_item.created");
  EXPECT_EQ(entry.subject, "menu_item:" + std::to_string(burger.id));
  EXPECT_NE(entry.details.find("\"price\":\"14.50\""), std::string::npos) << entry.details;
}

TEST_F(BackOfficeMenu, ADishNeedsANameAndAPrice) {
  menu_item_fields no_name;
  no_name.price = 100;
  expect_error(office_.create_menu_item(manager_, no_name), kValidation, "name");
  expect_error(office_.create_menu_item(manager_, dish("", 100)), kValidation, "name");
  menu_item_fields no_price;
  no_price.name = "Soup";
  expect_error(office_.create_menu_item(manager_, no_price), kValidation, "price");
  expect_error(office_.create_menu_item(manager_, dish("Soup", -1)), kValidation, "price");
  EXPECT_TRUE(audit().empty());
  EXPECT_TRUE(store_.snapshot().menu_items.empty());
  // Free dishes exist (water, bread).
  EXPECT_EQ(must(office_.create_menu_item(manager_, dish("Tap water", 0))).price, 0);
}

TEST_F(BackOfficeMenu, BadDishFieldsNameTheField) {
  auto f = dish("Soup", 500);
  f.allergens = strings{"gluten", "gluten"};
  expect_error(office_.create_menu_item(manager_, f), kValidation, "allergens");
  f = dish("Soup", 500);
  f.tags = strings{"Hot"};
  expect_error(office_.create_menu_item(manager_, f), kValidation, "tags");
  f = dish("Soup", 500);
  f.course = 9;
  expect_error(office_.create_menu_item(manager_, f), kValidation, "course");
  f = dish("Soup", 500);
  f.prep_minutes = kMaxPrepMinutes + 1;
  expect_error(office_.create_menu_item(manager_, f), kValidation, "prepMinutes");
  f = dish("Soup", 500);
  f.station = other_bar_.id;
  expect_error(office_.create_menu_item(manager_, f), kValidation, "stationId");
  f = dish("Soup", 500);
  f.description = std::string(kMaxDescription + 1, 'd');
  expect_error(office_.create_menu_item(manager_, f), kValidation, "description");
  const auto theirs = extras(stranger_);
  f = dish("Soup", 500);
  f.modifier_groups = std::vector<modifier_group_id>{theirs.id};
  expect_error(office_.create_menu_item(manager_, f), kValidation, "modifierGroupIds");
  const auto ours = extras(manager_);
  f.modifier_groups = std::vector<modifier_group_id>{ours.id, ours.id};
  expect_error(office_.create_menu_item(manager_, f), kValidation, "modifierGroupIds");
  EXPECT_TRUE(store_.snapshot().menu_items.empty());
}

TEST_F(BackOfficeMenu, DishNamesAreUniqueAmongDishesOnTheMenu) {
  const auto soup = must(office_.create_menu_item(manager_, dish("Soup", 500)));
  expect_error(office_.create_menu_item(manager_, dish("Soup", 600)), kNameTaken, "name");
  const auto stew = must(office_.create_menu_item(manager_, dish("Stew", 900)));
  expect_error(office_.update_menu_item(manager_, stew.id, dish("Soup", 900)), kNameTaken);
  // Another restaurant's dish of that name is no clash.
  must(office_.create_menu_item(stranger_, dish("Soup", 400)));
  // An archived dish frees its name.
  must(office_.archive_menu_item(manager_, soup.id));
  EXPECT_EQ(must(office_.create_menu_item(manager_, dish("Soup", 650))).price, 650);
}

TEST_F(BackOfficeMenu, UpdatingADishChangesOnlyTheFieldsGivenAndAuditsThem) {
  const auto mains = category("Mains");
  auto f = dish("Burger", 1450);
  f.category = mains.id;
  f.station = grill_.id;
  f.allergens = strings{"gluten"};
  const auto burger = must(office_.create_menu_item(manager_, f));
  menu_item_fields change;
  change.price = 1550;
  const auto dearer = must(office_.update_menu_item(manager_, burger.id, change));
  EXPECT_EQ(dearer.price, 1550);
  EXPECT_EQ(dearer.name, "Burger");
  EXPECT_EQ(dearer.category_id, mains.id);
  EXPECT_EQ(dearer.allergens, strings{"gluten"});
  EXPECT_EQ(audit()[0].action, "menu_item.updated");
  EXPECT_NE(audit()[0].details.find("\"price\":{\"from\":\"14.50\",\"to\":\"15.50\"}"), std::string::npos)
      << audit()[0].details;
  // 0 clears the category and the station (a PATCH's null).
  menu_item_fields clear;
  clear.category = 0;
  clear.station = 0;
  const auto loose = must(office_.update_menu_item(manager_, burger.id, clear));
  EXPECT_EQ(loose.category_id, 0);
  EXPECT_EQ(loose.category, "");
  EXPECT_EQ(loose.default_station, 0);
  EXPECT_NE(audit()[0].details.find("\"station\":{\"from\":\"grill\",\"to\":\"\"}"), std::string::npos)
      << audit()[0].details;
  menu_item_fields slower;
  slower.prep_minutes = 14;
  EXPECT_EQ(must(office_.update_menu_item(manager_, burger.id, slower)).prep_minutes, 14);
  EXPECT_NE(audit()[0].details.find("\"prepMinutes\":{\"from\":\"0\",\"to\":\"14\"}"), std::string::npos)
      << audit()[0].details;
  // The same values again change nothing and write no entry.
  const size_t entries = audit().size();
  must(office_.update_menu_item(manager_, burger.id, change));
  EXPECT_EQ(audit().size(), entries);
}

TEST_F(BackOfficeMenu, ArchivingADishHidesItButKeepsIt) {
  const auto soup = must(office_.create_menu_item(manager_, dish("Soup", 500)));
  const auto gone = must(office_.archive_menu_item(manager_, soup.id));
  EXPECT_TRUE(gone.archived);
  EXPECT_EQ(audit()[0].action, "menu_item.deleted");
  const auto catalog = must(office_.export_menu(manager_));
  EXPECT_TRUE(catalog.items.empty());
  ASSERT_EQ(store_.snapshot().menu_items.count(soup.id), 1U);  // orders still name it
  expect_error(office_.archive_menu_item(manager_, soup.id), kNotFound);
  expect_error(office_.update_menu_item(manager_, soup.id, dish("Soup", 600)), kNotFound);
}

TEST_F(BackOfficeMenu, AnotherRestaurantsDishIsNotFound) {
  const auto theirs = must(office_.create_menu_item(stranger_, dish("Beer", 500)));
  expect_error(office_.update_menu_item(manager_, theirs.id, dish("Beer", 1)), kNotFound);
  expect_error(office_.archive_menu_item(manager_, theirs.id), kNotFound);
  EXPECT_FALSE(store_.snapshot().menu_items.at(theirs.id).archived);
}

// ---- modifier groups -----------------------------------------------------------

TEST_F(BackOfficeMenu, AGroupIsCreatedWithNewOptionIdsAndAudited) {
  const auto group = extras(manager_);
  EXPECT_GT(group.id, 0);
  ASSERT_EQ(group.options.size(), 2U);
  EXPECT_GT(group.options[0].id, 0);
  EXPECT_NE(group.options[0].id, group.options[1].id);
  EXPECT_EQ(audit()[0].action, "modifier_group.created");
  EXPECT_NE(audit()[0].details.find("cheese 1.50"), std::string::npos) << audit()[0].details;
  expect_error(office_.create_modifier_group(manager_, {"Extras", 0, 1, std::vector<modifier_option>{{0, "x", 0}}}),
               kNameTaken);
  expect_error(office_.create_modifier_group(manager_, {"Sauces", 0, 1, std::nullopt}), kValidation, "options");
  expect_error(office_.create_modifier_group(manager_, {"Sau:ces", 0, 1, std::vector<modifier_option>{{0, "x", 0}}}),
               kValidation, "name");
  expect_error(office_.create_modifier_group(manager_, {"Sauces", 2, 1, std::vector<modifier_option>{{0, "x", 0}}}),
               kValidation, "minChoices");
}

TEST_F(BackOfficeMenu, ChangingOptionsKeepsTheIdsGivenAndDropsTheRest) {
  const auto group = extras(manager_);
  const auto cheese = group.options[0].id;
  modifier_group_fields change;
  change.options = std::vector<modifier_option>{{cheese, "cheddar", 175}, {0, "egg", 150}};
  const auto changed = must(office_.update_modifier_group(manager_, group.id, change));
  ASSERT_EQ(changed.options.size(), 2U);
  EXPECT_EQ(changed.options[0].id, cheese);
  EXPECT_EQ(changed.options[0].name, "cheddar");
  EXPECT_GT(changed.options[1].id, 0);
  EXPECT_NE(changed.options[1].id, group.options[1].id);  // bacon went; egg is new
  EXPECT_EQ(audit()[0].action, "modifier_group.updated");
  EXPECT_NE(audit()[0].details.find("\"options\""), std::string::npos) << audit()[0].details;
  // An option id of another group is refused.
  modifier_group_fields stolen;
  const auto other = must(office_.create_modifier_group(
      manager_, {"Sauces", 0, 1, std::vector<modifier_option>{{0, "ketchup", 0}}}));
  stolen.options = std::vector<modifier_option>{{cheese, "cheese", 0}};
  expect_error(office_.update_modifier_group(manager_, other.id, stolen), kValidation, "options");
  // One option id twice would be one row in the store: refused.
  modifier_group_fields twice;
  twice.options = std::vector<modifier_option>{{cheese, "cheddar", 175}, {cheese, "gouda", 175}};
  expect_error(office_.update_modifier_group(manager_, group.id, twice), kValidation, "options");
  // Renaming onto another group's name is refused.
  expect_error(office_.update_modifier_group(manager_, other.id, {"Extras", {}, {}, {}}), kNameTaken);
}

TEST_F(BackOfficeMenu, AGroupADishOffersIsInUse) {
  const auto group = extras(manager_);
  auto f = dish("Burger", 1450);
  f.modifier_groups = std::vector<modifier_group_id>{group.id};
  const auto burger = must(office_.create_menu_item(manager_, f));
  expect_error(office_.delete_modifier_group(manager_, group.id), kInUse);
  menu_item_fields detach;
  detach.modifier_groups = std::vector<modifier_group_id>{};
  EXPECT_TRUE(must(office_.update_menu_item(manager_, burger.id, detach)).modifier_groups.empty());
  EXPECT_EQ(must(office_.delete_modifier_group(manager_, group.id)).name, "Extras");
  EXPECT_EQ(audit()[0].action, "modifier_group.deleted");
  expect_error(office_.delete_modifier_group(manager_, group.id), kNotFound);
}

TEST_F(BackOfficeMenu, AnotherRestaurantsGroupIsNotFound) {
  const auto theirs = extras(stranger_);
  expect_error(office_.update_modifier_group(manager_, theirs.id, {"Mine", {}, {}, {}}), kNotFound);
  expect_error(office_.delete_modifier_group(manager_, theirs.id), kNotFound);
}

TEST_F(BackOfficeMenu, AWaiterMayNotChangeTheMenu) {
  const auto mains = category("Mains");
  const auto group = extras(manager_);
  const auto soup = must(office_.create_menu_item(manager_, dish("Soup", 500)));
  const size_t entries = audit().size();
  expect_error(office_.create_category(waiter_, {"Desserts", {}}), kForbidden);
  expect_error(office_.update_category(waiter_, mains.id, {"M", {}}), kForbidden);
  expect_error(office_.delete_category(waiter_, mains.id), kForbidden);
  expect_error(office_.create_menu_item(waiter_, dish("Stew", 1)), kForbidden);
  expect_error(office_.update_menu_item(waiter_, soup.id, dish("Stew", 1)), kForbidden);
  expect_error(office_.archive_menu_item(waiter_, soup.id), kForbidden);
  expect_error(office_.create_modifier_group(waiter_, {"S", 0, 1, std::vector<modifier_option>{{0, "x", 0}}}),
               kForbidden);
  expect_error(office_.update_modifier_group(waiter_, group.id, {"S", {}, {}, {}}), kForbidden);
  expect_error(office_.delete_modifier_group(waiter_, group.id), kForbidden);
  expect_error(office_.export_menu(waiter_), kForbidden);
  expect_error(office_.import_menu(waiter_, menu_document{}, import_mode::merge), kForbidden);
  EXPECT_EQ(audit().size(), entries);
}

}  // namespace
}  // namespace brigade::kitchen

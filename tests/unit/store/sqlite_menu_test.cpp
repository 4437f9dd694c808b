// The SQLite store's menu (sqlite_menu.cpp) and migration 7, which turned
// the old `category` text of dishes into categories.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/open_store.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;
using strings = std::vector<std::string>;

class sqlite_menu_test : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    home_ = seed_restaurant(*store_, "home");
    other_ = seed_restaurant(*store_, "other");
  }
  void open() {
    store_.reset();
    store_ = std::make_unique<sqlite_store>(dir_.file("brigade.db"));
  }
  void write(const std::function<void(unit_of_work&)>& work) {
    const auto outcome = store_->transact([&](unit_of_work& uow) -> status {
      work(uow);
      return ok_v;
    });
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  }
  // A write the schema refuses: the store throws and keeps nothing.
  void expect_refused(const std::function<void(unit_of_work&)>& work) {
    EXPECT_THROW((void)store_->transact([&](unit_of_work& uow) -> status {
      work(uow);
      return ok_v;
    }),
                 store_failure);
  }
  modifier_group saved_group(modifier_group g) {
    write([&](unit_of_work& uow) { uow.save_modifier_group(g); });
    return g;
  }
  std::optional<menu_item> find(menu_item_id id) {
    std::optional<menu_item> found;
    store_->read([&](kitchen_reader& r) { found = r.find_menu_item(home_.place.id, id); });
    return found;
  }
  std::vector<menu_item> menu(restaurant_id r) {
    std::vector<menu_item> out;
    store_->read([&](kitchen_reader& reader) { out = reader.menu(r); });
    return out;
  }
  std::vector<modifier_group> groups(restaurant_id r) {
    std::vector<modifier_group> out;
    store_->read([&](kitchen_reader& reader) { out = reader.modifier_groups(r); });
    return out;
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> store_;
  seeded_restaurant home_, other_;
};

TEST_F(sqlite_menu_test, a_dish_round_trips_with_every_field_and_its_groups_in_order) {
  const auto cooking = saved_group({0, home_.place.id, "Cooking", 1, 1, {{0, "rare", 0}, {0, "medium", 0}}});
  const auto extras = saved_group({0, home_.place.id, "Extras", 0, 3, {{0, "cheese", 150}, {0, "no bun", -200}}});
  menu_item burger = home_.burger;
  burger.description = "Beef, cheddar, \"pickles\"";
  burger.default_course = 2;
  burger.allergens = {"gluten", "milk", "mustard"};
  burger.tags = {"signature", "spicy"};
  burger.position = 3;
  burger.available = false;
  burger.modifier_groups = {extras, cooking};  // Extras first: the dish's order, not the names'
  write([&](unit_of_work& uow) { uow.save_menu_item(burger); });

  open();  // from the file, not from a cache
  const auto read = find(burger.id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->name, "Burger");
  EXPECT_EQ(read->price, 1595);
  EXPECT_EQ(read->category_id, home_.mains.id);
  EXPECT_EQ(read->category, "mains");
  EXPECT_EQ(read->default_station, home_.grill.id);
  EXPECT_EQ(read->description, "Beef, cheddar, \"pickles\"");
  EXPECT_EQ(read->default_course, 2);
  EXPECT_EQ(read->allergens, (strings{"gluten", "milk", "mustard"}));
  EXPECT_EQ(read->tags, (strings{"signature", "spicy"}));
  EXPECT_EQ(read->position, 3);
  EXPECT_FALSE(read->available);
  EXPECT_FALSE(read->archived);
  ASSERT_EQ(read->modifier_groups.size(), 2U);
  EXPECT_EQ(read->modifier_groups[0].name, "Extras");
  EXPECT_EQ(read->modifier_groups[1].name, "Cooking");
  ASSERT_EQ(read->modifier_groups[0].options.size(), 2U);
  EXPECT_EQ(read->modifier_groups[0].options[1].name, "no bun");
  EXPECT_EQ(read->modifier_groups[0].options[1].price_delta, -200);
  EXPECT_EQ(read->modifier_groups[0].options[1].id, extras.options[1].id);
  EXPECT_EQ(read->modifier_groups[1].min_choices, 1);

  // Reordering and dropping a group is saved as such.
  burger.modifier_groups = {cooking};
  write([&](unit_of_work& uow) { uow.save_menu_item(burger); });
  ASSERT_EQ(find(burger.id)->modifier_groups.size(), 1U);
  EXPECT_EQ(find(burger.id)->modifier_groups[0].id, cooking.id);
}

TEST_F(sqlite_menu_test, saving_a_group_keeps_option_ids_adds_new_ones_and_drops_the_rest) {
  auto extras = saved_group({0, home_.place.id, "Extras", 0, 3, {{0, "cheese", 150}, {0, "bacon", 200}, {0, "egg", 100}}});
  const auto cheese = extras.options[0].id;
  const auto egg = extras.options[2].id;
  ASSERT_GT(cheese, 0);
  ASSERT_NE(cheese, egg);
  // egg first and renamed, cheese and bacon swap names' places, bacon gone, a new one.
  extras.options = {{egg, "fried egg", 120}, {cheese, "cheddar", 175}, {0, "onion", 50}};
  extras.max_choices = 2;
  write([&](unit_of_work& uow) { uow.save_modifier_group(extras); });
  EXPECT_GT(extras.options[2].id, 0);
  const auto read = groups(home_.place.id);
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].max_choices, 2);
  ASSERT_EQ(read[0].options.size(), 3U);
  EXPECT_EQ(read[0].options[0].id, egg);
  EXPECT_EQ(read[0].options[0].name, "fried egg");
  EXPECT_EQ(read[0].options[1].id, cheese);
  EXPECT_EQ(read[0].options[1].price_delta, 175);
  EXPECT_EQ(read[0].options[2].id, extras.options[2].id);
  EXPECT_EQ(read[0].options[2].name, "onion");
  // Two options may swap names in one save.
  std::swap(extras.options[0].name, extras.options[1].name);
  write([&](unit_of_work& uow) { uow.save_modifier_group(extras); });
  EXPECT_EQ(groups(home_.place.id)[0].options[0].name, "cheddar");
  EXPECT_TRUE(groups(other_.place.id).empty());
}

TEST_F(sqlite_menu_test, group_names_are_unique_per_restaurant_and_an_option_of_another_group_is_refused) {
  auto extras = saved_group({0, home_.place.id, "Extras", 0, 3, {{0, "cheese", 150}}});
  saved_group({0, other_.place.id, "Extras", 0, 1, {{0, "ice", 0}}});
  expect_refused([&](unit_of_work& uow) {
    modifier_group twin{0, home_.place.id, "Extras", 0, 1, {{0, "x", 0}}};
    uow.save_modifier_group(twin);
  });
  auto sauces = saved_group({0, home_.place.id, "Sauces", 0, 1, {{0, "ketchup", 0}}});
  sauces.options = {{extras.options[0].id, "stolen", 0}};
  expect_refused([&](unit_of_work& uow) {
    uow.save_modifier_group(sauces);
  });
  EXPECT_EQ(groups(home_.place.id)[0].options[0].name, "cheese");
}

TEST_F(sqlite_menu_test, archived_dishes_leave_the_menu_but_stay_findable_and_free_their_name) {
  menu_item beer = home_.beer;
  beer.archived = true;
  write([&](unit_of_work& uow) { uow.save_menu_item(beer); });
  const auto listed = menu(home_.place.id);
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].name, "Burger");
  ASSERT_TRUE(find(beer.id).has_value());
  EXPECT_TRUE(find(beer.id)->archived);
  menu_item again{0, home_.place.id, "Beer", 800, "", 0, true};
  write([&](unit_of_work& uow) { uow.save_menu_item(again); });
  EXPECT_EQ(menu(home_.place.id).size(), 2U);
  // Two dishes on the menu may not share a name.
  menu_item twin{0, home_.place.id, "Beer", 900, "", 0, true};
  expect_refused([&](unit_of_work& uow) {
    uow.save_menu_item(twin);
  });
}

TEST_F(sqlite_menu_test, the_menu_is_ordered_by_category_position_then_dish_position_uncategorised_last) {
  write([&](unit_of_work& uow) {
    menu_category drinks = home_.drinks;
    drinks.position = -1;  // drinks first now
    uow.save_menu_category(drinks);
    menu_item loose{0, home_.place.id, "Bread", 200, "", 0, true};
    uow.save_menu_item(loose);
    menu_item wine{0, home_.place.id, "Wine", 900, "", 0, true};
    wine.category_id = home_.drinks.id;
    wine.position = -5;
    uow.save_menu_item(wine);
  });
  std::vector<std::string> names;
  for (const auto& m : menu(home_.place.id)) names.push_back(m.name);
  EXPECT_EQ(names, (strings{"Wine", "Beer", "Burger", "Bread"}));
}

TEST_F(sqlite_menu_test, deleting_a_category_releases_its_archived_dishes) {
  menu_item burger = home_.burger;
  burger.archived = true;
  bool in_use_before = true;
  write([&](unit_of_work& uow) {
    uow.save_menu_item(burger);
    in_use_before = uow.category_in_use(home_.place.id, home_.mains.id);
    uow.delete_menu_category(home_.place.id, home_.mains.id);
  });
  EXPECT_FALSE(in_use_before);
  const auto kept = find(burger.id);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->category_id, 0);
  EXPECT_EQ(kept->category, "");
  store_->read([&](kitchen_reader& r) {
    EXPECT_EQ(r.menu_categories(home_.place.id).size(), 1U);
    EXPECT_TRUE(r.category_in_use(home_.place.id, home_.drinks.id));
    EXPECT_FALSE(r.category_in_use(other_.place.id, home_.drinks.id));
  });
}

TEST_F(sqlite_menu_test, a_group_is_in_use_while_a_dish_on_the_menu_offers_it) {
  const auto extras = saved_group({0, home_.place.id, "Extras", 0, 3, {{0, "cheese", 150}}});
  menu_item burger = home_.burger;
  burger.modifier_groups = {extras};
  write([&](unit_of_work& uow) { uow.save_menu_item(burger); });
  store_->read([&](kitchen_reader& r) { EXPECT_TRUE(r.modifier_group_in_use(home_.place.id, extras.id)); });
  burger.archived = true;
  write([&](unit_of_work& uow) { uow.save_menu_item(burger); });
  store_->read([&](kitchen_reader& r) { EXPECT_FALSE(r.modifier_group_in_use(home_.place.id, extras.id)); });
  write([&](unit_of_work& uow) { uow.delete_modifier_group(home_.place.id, extras.id); });
  EXPECT_TRUE(groups(home_.place.id).empty());
  EXPECT_TRUE(find(burger.id)->modifier_groups.empty());
}

TEST_F(sqlite_menu_test, another_restaurants_category_or_group_cannot_be_attached) {
  menu_item burger = home_.burger;
  burger.category_id = other_.mains.id;
  expect_refused([&](unit_of_work& uow) {
    uow.save_menu_item(burger);
  });
  const auto theirs = saved_group({0, other_.place.id, "Theirs", 0, 1, {{0, "x", 0}}});
  burger = home_.burger;
  burger.modifier_groups = {theirs};
  expect_refused([&](unit_of_work& uow) {
    uow.save_menu_item(burger);
  });
  EXPECT_TRUE(find(home_.burger.id)->modifier_groups.empty());
}

TEST_F(sqlite_menu_test, order_lines_keep_modifiers_seat_course_and_allergens) {
  order o = make_order(home_, "A-0001", kDay0 + kMinute);
  o.items[0].modifiers = {{4, "Extras", "cheese, \"aged\"", 150}, {2, "Cooking", "medium", 0}};
  o.items[0].seat = 3;
  o.items[0].course = 2;
  o.items[0].allergens = {"gluten", "milk"};
  o.items[1].course = 4;
  const order saved = save_new_order(*store_, o);
  open();
  std::optional<order> read;
  store_->read([&](kitchen_reader& r) { read = r.find_order(home_.place.id, saved.id); });
  ASSERT_TRUE(read.has_value());
  expect_same_order(saved, *read);
  const auto& line = read->items[0];
  EXPECT_EQ(line.modifiers, saved.items[0].modifiers);  // in the order chosen
  EXPECT_EQ(line.seat, 3);
  EXPECT_EQ(line.course, 2);
  EXPECT_EQ(line.allergens, (strings{"gluten", "milk"}));
  EXPECT_TRUE(read->items[1].modifiers.empty());
  EXPECT_EQ(read->items[1].seat, 0);
  EXPECT_EQ(read->items[1].course, 4);
  EXPECT_TRUE(read->items[1].allergens.empty());
}

// ---- migration 7 -------------------------------------------------------------------

// A database of schema 6, as the server before the menu wrote it: dishes
// with a category as text.
TEST(migration_7, turns_the_old_category_text_into_categories) {
  temp_dir dir;
  const auto path = dir.file("old.db");
  {
    sqlite_connection db{path, connection_role::writer};
    const auto all = migrations();
    ASSERT_GE(all.size(), 7U);
    ASSERT_EQ(all[6].version, 7);
    migrate(db, all.first(6));
    ASSERT_EQ(schema_version(db), 6);
    db.exec("INSERT INTO restaurants (id, name) VALUES (1, 'bistro'), (2, 'diner');"
            "INSERT INTO stations (id, restaurant_id, name) VALUES (5, 1, 'grill');"
            "INSERT INTO menu_items (id, restaurant_id, name, price, category, default_station_id, available) VALUES"
            " (10, 1, 'Wine', 900, 'drinks', NULL, 1),"
            " (11, 1, 'Burger', 1450, 'mains', 5, 1),"
            " (12, 1, 'Steak', 2400, 'mains', 5, 0),"
            " (13, 1, 'Bread', 200, '', NULL, 1),"
            " (14, 2, 'Burger', 1000, 'mains', NULL, 1)",
            "test");
  }
  auto store = open_sqlite_store(path);
  store->read([](kitchen_reader& r) {
    const auto categories = r.menu_categories(1);
    ASSERT_EQ(categories.size(), 2U);
    EXPECT_EQ(categories[0].name, "drinks");  // in the order the dishes were added
    EXPECT_EQ(categories[0].position, 0);
    EXPECT_EQ(categories[1].name, "mains");
    EXPECT_EQ(categories[1].position, 1);
    const auto theirs = r.menu_categories(2);
    ASSERT_EQ(theirs.size(), 1U);
    EXPECT_EQ(theirs[0].name, "mains");
    EXPECT_EQ(theirs[0].position, 0);
    EXPECT_NE(theirs[0].id, categories[1].id);

    const auto steak = r.find_menu_item(1, 12);
    ASSERT_TRUE(steak.has_value());
    EXPECT_EQ(steak->category_id, categories[1].id);
    EXPECT_EQ(steak->category, "mains");
    EXPECT_EQ(steak->default_station, 5);
    EXPECT_FALSE(steak->available);
    EXPECT_EQ(steak->default_course, 1);
    EXPECT_TRUE(steak->allergens.empty());
    EXPECT_FALSE(steak->archived);
    const auto bread = r.find_menu_item(1, 13);
    EXPECT_EQ(bread->category_id, 0);
    EXPECT_EQ(bread->category, "");
    EXPECT_EQ(r.find_menu_item(2, 14)->category_id, theirs[0].id);
    const auto menu = r.menu(1);
    ASSERT_EQ(menu.size(), 4U);
    EXPECT_EQ(menu[0].name, "Wine");
    EXPECT_EQ(menu[3].name, "Bread");
  });
}

// Names were not unique before: the migration must not fail on a menu that
// lists a dish twice, nor drop either.
TEST(migration_7, keeps_every_dish_of_a_menu_with_twice_the_same_name) {
  temp_dir dir;
  const auto path = dir.file("old.db");
  {
    sqlite_connection db{path, connection_role::writer};
    migrate(db, migrations().first(6));
    db.exec("INSERT INTO restaurants (id, name) VALUES (1, 'bistro');"
            "INSERT INTO menu_items (id, restaurant_id, name, price, category) VALUES"
            " (10, 1, 'Coke', 300, 'drinks'), (11, 1, 'Coke', 350, 'bar'), (12, 1, 'Tea', 250, 'drinks')",
            "test");
  }
  auto store = open_sqlite_store(path);
  store->read([](kitchen_reader& r) {
    const auto menu = r.menu(1);
    ASSERT_EQ(menu.size(), 3U);
    std::set<std::string> names;
    for (const auto& m : menu) names.insert(m.name);
    EXPECT_EQ(names.size(), 3U);  // told apart
    EXPECT_EQ(r.find_menu_item(1, 10)->name, "Coke");  // the first keeps its name
    EXPECT_EQ(r.find_menu_item(1, 11)->name, "Coke (11)");
    EXPECT_EQ(r.find_menu_item(1, 11)->price, 350);
  });
}

}  // namespace
}  // namespace brigade::store::sqlite

// The writer's copies of dishes, stations and tables (reference_cache):
// served without a query, and never stale, whoever changes the rows.
#include <memory>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

class reference_cache_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<sqlite_store>(dir_.file("brigade.db"));
    place_ = seed_restaurant(*store_, "north");
  }

  /// The burger as the writer reads it in a transaction of its own.
  menu_item burger_in_writer() {
    std::optional<menu_item> found;
    const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
      found = unit.find_menu_item(place_.place.id, place_.burger.id);
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    EXPECT_TRUE(found);
    return found.value_or(menu_item{});
  }

  void set_burger_price(money price) {
    const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
      menu_item burger = *unit.find_menu_item(place_.place.id, place_.burger.id);
      burger.price = price;
      unit.save_menu_item(burger);
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> store_;
  seeded_restaurant place_;
};

TEST_F(reference_cache_test, a_dish_read_again_in_a_later_transaction_is_served_without_a_query) {
  EXPECT_EQ(burger_in_writer().price, 1595);
  const uint64_t served = store_->writer_copies_served();
  EXPECT_EQ(burger_in_writer().price, 1595);
  EXPECT_EQ(store_->writer_copies_served(), served + 1);
}

TEST_F(reference_cache_test, a_dish_the_writer_changed_is_read_as_changed) {
  EXPECT_EQ(burger_in_writer().price, 1595);
  set_burger_price(1795);
  EXPECT_EQ(burger_in_writer().price, 1795);
}

TEST_F(reference_cache_test, a_change_rolled_back_is_forgotten) {
  EXPECT_EQ(burger_in_writer().price, 1595);
  const auto refused = store_->transact([&](unit_of_work& unit) -> status {
    menu_item burger = *unit.find_menu_item(place_.place.id, place_.burger.id);
    burger.price = 9999;
    unit.save_menu_item(burger);
    // Read back inside the transaction: the copy made now holds 9999.
    EXPECT_EQ(unit.find_menu_item(place_.place.id, place_.burger.id)->price, 9999);
    return conflict("refused after the change");
  });
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(burger_in_writer().price, 1595);
}

TEST_F(reference_cache_test, a_category_renamed_is_seen_on_its_dishes) {
  EXPECT_EQ(burger_in_writer().category, "mains");
  const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
    menu_category mains = place_.mains;
    mains.name = "burgers";
    unit.save_menu_category(mains);
    return ok_v;
  });
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(burger_in_writer().category, "burgers");
}

TEST_F(reference_cache_test, another_connections_commit_is_seen) {
  EXPECT_EQ(burger_in_writer().price, 1595);
  // Another process (the sqlite3 shell, a migration tool) edits the file.
  sqlite_connection other{dir_.file("brigade.db"), connection_role::writer};
  other.exec("UPDATE menu_items SET price = 1234 WHERE name = 'Burger'", "test");
  EXPECT_EQ(burger_in_writer().price, 1234);
}

TEST_F(reference_cache_test, a_station_and_a_table_changed_are_read_as_changed) {
  const auto read_both = [&] {
    std::pair<std::string, int32_t> out;
    const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
      out = {unit.find_station(place_.place.id, place_.grill.id)->name,
             unit.find_table(place_.place.id, place_.table1.id)->seats};
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    return out;
  };
  EXPECT_EQ(read_both(), std::make_pair(std::string("grill"), 2));
  const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
    station grill = place_.grill;
    grill.name = "charcoal";
    unit.save_station(grill);
    table one = place_.table1;
    one.seats = 6;
    unit.save_table(one);
    return ok_v;
  });
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(read_both(), std::make_pair(std::string("charcoal"), 6));
}

TEST_F(reference_cache_test, a_dish_not_found_is_found_once_added) {
  const menu_item_id next = place_.beer.id + 1;
  const auto find_next = [&] {
    bool found = true;
    const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
      found = unit.find_menu_item(place_.place.id, next).has_value();
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    return found;
  };
  EXPECT_FALSE(find_next());
  const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
    menu_item soup{0, place_.place.id, "Soup", 650, "mains", place_.grill.id, true};
    soup.category_id = place_.mains.id;
    unit.save_menu_item(soup);
    EXPECT_EQ(soup.id, next);
    return ok_v;
  });
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(find_next());
}

// The hook underneath: told before a write to a watched table, and only then.
TEST(sqlite_connection_watched_writes, only_writes_to_the_watched_tables_and_rollbacks_call_the_hook) {
  temp_dir dir;
  sqlite_connection db{dir.file("watch.db"), connection_role::writer};
  db.exec("CREATE TABLE watched (id INTEGER PRIMARY KEY, v INTEGER); CREATE TABLE other (id INTEGER PRIMARY KEY)",
          "test");
  int calls = 0;
  db.on_writes_to({"watched"}, [&] { ++calls; });

  db.exec("BEGIN IMMEDIATE", "test");
  db.prepare("INSERT INTO other (id) VALUES (1)", "test").run();
  db.prepare("SELECT v FROM watched WHERE id = 1", "test").step();
  EXPECT_EQ(calls, 0) << "a read, or a write elsewhere";
  db.prepare("INSERT INTO watched (id, v) VALUES (1, 1)", "test").run();
  EXPECT_EQ(calls, 1) << "compiled now";
  db.prepare("INSERT INTO watched (id, v) VALUES (2, 1)", "test").run();
  db.prepare("INSERT INTO watched (id, v) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET v = v + 1", "test").run();
  EXPECT_EQ(calls, 3);
  db.prepare("INSERT INTO watched (id, v) VALUES (2, 1)", "test");  // from the cache this time
  EXPECT_EQ(calls, 4);
  db.exec("SAVEPOINT work", "test");
  db.exec("RELEASE work", "test");
  db.exec("COMMIT", "test");
  EXPECT_EQ(calls, 4) << "transaction control changes no row";
  db.exec("BEGIN", "test");
  db.exec("ROLLBACK", "test");
  EXPECT_EQ(calls, 5) << "a rollback may undo writes";
}

}  // namespace
}  // namespace brigade::store::sqlite

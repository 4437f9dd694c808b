#include "store/demo_data.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "common/password.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

TEST(demo_data, loads_once_into_an_empty_store) {
  temp_dir dir;
  sqlite::sqlite_store store{dir.file("brigade.db")};
  EXPECT_TRUE(load_demo_data(store));
  EXPECT_FALSE(load_demo_data(store));

  store.read([](kitchen_reader& r) {
    const auto places = r.restaurants();
    ASSERT_EQ(places.size(), 1u);
    const auto& bistro = places[0];
    EXPECT_EQ(bistro.name, "Brigade Bistro");
    EXPECT_EQ(bistro.order_number_prefix, "A");
    EXPECT_EQ(bistro.timezone, "UTC");
    EXPECT_EQ(bistro.currency, "EUR");
    EXPECT_FALSE(bistro.send_to_kitchen_on_create);
    EXPECT_EQ(bistro.pricing.discount_bps, 0);
    EXPECT_EQ(bistro.pricing.service_charge_bps, 1000);
    EXPECT_EQ(bistro.pricing.tax_bps, 800);

    const auto tables = r.tables(bistro.id);
    ASSERT_EQ(tables.size(), 12u);
    std::set<int32_t> seat_sizes;
    for (size_t i = 0; i < tables.size(); ++i) {
      EXPECT_EQ(tables[i].name, std::to_string(i + 1));
      seat_sizes.insert(tables[i].seats);
    }
    EXPECT_EQ(seat_sizes, (std::set<int32_t>{2, 4, 6}));

    const auto stations = r.stations(bistro.id);
    std::vector<std::string> station_names;
    for (const auto& s : stations) station_names.push_back(s.name);
    EXPECT_EQ(station_names, (std::vector<std::string>{"grill", "fry", "cold", "bar"}));

    const auto menu = r.menu(bistro.id);
    ASSERT_EQ(menu.size(), 20u);
    std::set<std::string> categories;
    int sold_out = 0;
    for (const auto& m : menu) {
      categories.insert(m.category);
      EXPECT_GT(m.price, 0) << m.name;
      EXPECT_TRUE(r.find_station(bistro.id, m.default_station).has_value()) << m.name;
      if (!m.available) ++sold_out;
    }
    EXPECT_EQ(categories,
              (std::set<std::string>{"Starters", "Mains", "Sides", "Desserts", "Drinks"}));
    EXPECT_EQ(sold_out, 1);

    const std::map<std::string, staff_role> roles{{"waiter1", staff_role::waiter},
                                                  {"chef1", staff_role::chef},
                                                  {"manager1", staff_role::manager}};
    for (const auto& [username, role] : roles) {
      const auto member = r.find_staff_by_username(username);
      ASSERT_TRUE(member.has_value()) << username;
      EXPECT_EQ(member->role, role);
      EXPECT_EQ(member->restaurant, bistro.id);
      EXPECT_TRUE(verify_password(member->password_hash, username + "pass")) << username;
    }
    const auto waiter = r.find_staff_by_username("waiter1");
    EXPECT_EQ(waiter->name, "Wendy Waiter");
    EXPECT_FALSE(verify_password(waiter->password_hash, "chef1pass"));
    EXPECT_EQ(r.find_staff_by_username("chef1")->name, "Charlie Chef");
    EXPECT_EQ(r.find_staff_by_username("manager1")->name, "Morgan Manager");
  });
}

TEST(demo_data, leaves_a_store_with_a_restaurant_alone) {
  temp_dir dir;
  sqlite::sqlite_store store{dir.file("brigade.db")};
  seed_restaurant(store, "ours");
  EXPECT_FALSE(load_demo_data(store));
  store.read([](kitchen_reader& r) {
    ASSERT_EQ(r.restaurants().size(), 1u);
    EXPECT_EQ(r.restaurants()[0].name, "ours");
    EXPECT_FALSE(r.find_staff_by_username("waiter1").has_value());
  });
}

TEST(demo_data, survives_a_reopen) {
  temp_dir dir;
  {
    sqlite::sqlite_store store{dir.file("brigade.db")};
    EXPECT_TRUE(load_demo_data(store));
  }
  sqlite::sqlite_store store{dir.file("brigade.db")};
  EXPECT_FALSE(load_demo_data(store));
  EXPECT_EQ(read_value(store, [](kitchen_reader& r) { return r.restaurants().size(); }), 1u);
}

}  // namespace
}  // namespace brigade::store

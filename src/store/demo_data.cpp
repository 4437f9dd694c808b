#include "store/demo_data.hpp"

#include <array>
#include <string>
#include <string_view>

#include "common/password.hpp"

namespace brigade::store {
namespace {

using namespace kitchen;

struct demo_dish {
  std::string_view name;
  std::string_view category;
  money price;  // cents
  std::string_view station;
  bool available = true;
};

constexpr std::array<std::string_view, 4> kStations{"grill", "fry", "cold", "bar"};

constexpr std::array<demo_dish, 20> kMenu{{
    {"Garden Salad", "starters", 850, "cold"},
    {"Tomato Bruschetta", "starters", 750, "cold"},
    {"Crispy Calamari", "starters", 1150, "fry"},
    {"Buffalo Wings", "starters", 1050, "fry"},
    {"Ribeye Steak", "mains", 2950, "grill"},
    {"Classic Burger", "mains", 1595, "grill"},
    // Sold out, so every client shows (and the API refuses) that case.
    {"Grilled Salmon", "mains", 2450, "grill", false},
    {"Fish and Chips", "mains", 1795, "fry"},
    {"Chicken Caesar Salad", "mains", 1495, "cold"},
    {"French Fries", "sides", 450, "fry"},
    {"Onion Rings", "sides", 550, "fry"},
    {"Grilled Corn", "sides", 495, "grill"},
    {"Chocolate Mousse", "desserts", 795, "cold"},
    {"New York Cheesecake", "desserts", 850, "cold"},
    {"Ice Cream (3 scoops)", "desserts", 650, "cold"},
    {"Fresh Lemonade", "drinks", 395, "bar"},
    {"Espresso", "drinks", 300, "bar"},
    {"House Red Wine (glass)", "drinks", 900, "bar"},
    {"Craft Beer", "drinks", 750, "bar"},
    {"Sparkling Water", "drinks", 295, "bar"},
}};

struct demo_person {
  std::string_view name;
  std::string_view username;
  std::string_view password;
  staff_role role;
};

constexpr std::array<demo_person, 3> kStaff{{
    {"Wendy Waiter", "waiter1", "waiter1pass", staff_role::waiter},
    {"Charlie Chef", "chef1", "chef1pass", staff_role::chef},
    {"Morgan Manager", "manager1", "manager1pass", staff_role::manager},
}};

// Seats by table number: small tables by the window, big ones at the back.
int32_t seats_of(int number) {
  return number <= 4 ? 2 : number <= 10 ? 4 : 6;
}

bool store_is_empty(kitchen_reader& reader) {
  return reader.restaurants().empty();
}

}  // namespace

bool load_demo_data(kitchen_store& store) {
  bool empty = false;
  store.read([&](kitchen_reader& reader) { empty = store_is_empty(reader); });
  if (!empty) return false;

  // Hashing costs about a tenth of a second each: done before taking the
  // writer lock, so no other transaction waits for it.
  std::array<std::string, kStaff.size()> hashes;
  for (size_t i = 0; i < kStaff.size(); ++i) hashes[i] = hash_password(kStaff[i].password);

  bool loaded = false;
  const auto outcome = store.transact([&](unit_of_work& unit) -> status {
    // Checked again under the writer lock: another caller may have won.
    if (!store_is_empty(unit)) return ok_v;

    restaurant bistro;
    bistro.name = "Brigade Bistro";
    bistro.order_number_prefix = "A";
    bistro.timezone = "UTC";
    bistro.currency = "EUR";
    bistro.send_to_kitchen_on_create = false;
    bistro.pricing = {.discount_bps = 0, .service_charge_bps = 1000, .tax_bps = 800};
    unit.save_restaurant(bistro);

    for (int number = 1; number <= 12; ++number) {
      table t{.id = 0,
              .restaurant = bistro.id,
              .name = std::to_string(number),
              .seats = seats_of(number)};
      unit.save_table(t);
    }

    std::array<station_id, kStations.size()> station_ids{};
    for (size_t i = 0; i < kStations.size(); ++i) {
      station s{.id = 0, .restaurant = bistro.id, .name = std::string{kStations[i]}};
      unit.save_station(s);
      station_ids[i] = s.id;
    }
    const auto station_named = [&](std::string_view name) {
      for (size_t i = 0; i < kStations.size(); ++i) {
        if (kStations[i] == name) return station_ids[i];
      }
      return station_id{0};
    };

    for (const auto& dish : kMenu) {
      menu_item m;
      m.restaurant = bistro.id;
      m.name = dish.name;
      m.category = dish.category;
      m.price = dish.price;
      m.default_station = station_named(dish.station);
      m.available = dish.available;
      unit.save_menu_item(m);
    }

    for (size_t i = 0; i < kStaff.size(); ++i) {
      staff member;
      member.restaurant = bistro.id;
      member.name = kStaff[i].name;
      member.username = kStaff[i].username;
      member.role = kStaff[i].role;
      member.password_hash = hashes[i];
      unit.save_staff(member);
    }
    loaded = true;
    return ok_v;
  });
  return outcome.ok() && loaded;
}

}  // namespace brigade::store

#include "store/demo_data.hpp"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/password.hpp"

namespace brigade::store {
namespace {

using namespace kitchen;

struct demo_dish {
  std::string_view name;
  std::string_view category;
  money price;  // cents
  std::string_view station;
  int32_t prep_minutes;  // how long it takes to cook (fire by prep time)
  std::array<std::string_view, 4> allergens;  // "" for none
  bool available = true;
};

constexpr std::array<std::string_view, 4> kStations{"grill", "fry", "cold", "bar"};

// In menu order; each category's default course (drinks come with the
// starters). Drinks have no prep time: with fire by prep time they go to the
// bar at once instead of waiting to finish with the food.
constexpr std::array<std::pair<std::string_view, int32_t>, 5> kCategories{
    {{"Starters", 1}, {"Mains", 2}, {"Sides", 2}, {"Desserts", 3}, {"Drinks", 1}}};

constexpr std::array<demo_dish, 20> kMenu{{
    {"Garden Salad", "Starters", 850, "cold", 4, {"mustard"}},
    {"Tomato Bruschetta", "Starters", 750, "cold", 6, {"gluten"}},
    {"Crispy Calamari", "Starters", 1150, "fry", 7, {"gluten", "eggs", "molluscs"}},
    {"Buffalo Wings", "Starters", 1050, "fry", 12, {"milk", "celery"}},
    {"Ribeye Steak", "Mains", 2950, "grill", 16, {}},
    {"Classic Burger", "Mains", 1595, "grill", 12, {"gluten", "milk", "mustard", "sesame"}},
    // Sold out, so every client shows (and the API refuses) that case.
    {"Grilled Salmon", "Mains", 2450, "grill", 14, {"fish"}, false},
    {"Fish and Chips", "Mains", 1795, "fry", 12, {"gluten", "fish"}},
    {"Chicken Caesar Salad", "Mains", 1495, "cold", 6, {"gluten", "eggs", "fish", "milk"}},
    {"French Fries", "Sides", 450, "fry", 5, {}},
    {"Onion Rings", "Sides", 550, "fry", 6, {"gluten"}},
    {"Grilled Corn", "Sides", 495, "grill", 10, {"milk"}},
    {"Chocolate Mousse", "Desserts", 795, "cold", 2, {"eggs", "milk", "soybeans"}},
    {"New York Cheesecake", "Desserts", 850, "cold", 2, {"gluten", "eggs", "milk"}},
    {"Ice Cream (3 scoops)", "Desserts", 650, "cold", 2, {"milk"}},
    {"Fresh Lemonade", "Drinks", 395, "bar", 0, {}},
    {"Espresso", "Drinks", 300, "bar", 0, {}},
    {"House Red Wine (glass)", "Drinks", 900, "bar", 0, {"sulphites"}},
    {"Craft Beer", "Drinks", 750, "bar", 0, {"gluten"}},
    {"Sparkling Water", "Drinks", 295, "bar", 0, {}},
}};

// The burger's choices: how it is cooked (optional: the kitchen cooks it
// medium unless told) and what goes on it; the steak's cooking must be
// chosen. Saved in this order, so their option ids are 1-3, 4-6 and 7-11
// in a fresh database (the tests name them).
modifier_group cooking_group(restaurant_id r) {
  return {0, r, "Cooking", 0, 1, {{0, "rare", 0}, {0, "medium", 0}, {0, "well done", 0}}};
}
modifier_group extras_group(restaurant_id r) {
  return {0, r, "Extras", 0, 3, {{0, "cheese", 150}, {0, "bacon", 200}, {0, "fried egg", 150}}};
}
modifier_group steak_cooking_group(restaurant_id r) {
  return {0, r, "Steak cooking", 1, 1,
          {{0, "blue", 0}, {0, "rare", 0}, {0, "medium rare", 0}, {0, "medium", 0}, {0, "well done", 0}}};
}

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

    std::vector<menu_category> categories;
    for (const auto& [name, course] : kCategories) {
      menu_category c{0, bistro.id, std::string(name), static_cast<int32_t>(categories.size())};
      unit.save_menu_category(c);
      categories.push_back(c);
    }
    const auto category_of = [&](std::string_view name) -> const menu_category& {
      for (const auto& c : categories) {
        if (c.name == name) return c;
      }
      return categories.front();
    };
    const auto course_of = [](std::string_view category) {
      for (const auto& [name, course] : kCategories) {
        if (name == category) return course;
      }
      return 1;
    };
    std::map<std::string_view, int32_t> position_in;  // next position by category
    modifier_group cooking = cooking_group(bistro.id);
    modifier_group extras = extras_group(bistro.id);
    modifier_group steak_cooking = steak_cooking_group(bistro.id);
    unit.save_modifier_group(cooking);
    unit.save_modifier_group(extras);
    unit.save_modifier_group(steak_cooking);

    for (const auto& dish : kMenu) {
      menu_item m;
      m.restaurant = bistro.id;
      m.name = dish.name;
      m.category_id = category_of(dish.category).id;
      m.category = std::string(dish.category);
      m.price = dish.price;
      m.default_station = station_named(dish.station);
      m.available = dish.available;
      m.default_course = course_of(dish.category);
      m.prep_minutes = dish.prep_minutes;
      m.position = position_in[dish.category]++;
      for (const auto allergen : dish.allergens) {
        if (!allergen.empty()) m.allergens.emplace_back(allergen);
      }
      if (dish.name == "Classic Burger") {
        m.description = "Beef patty, cheddar, pickles, mustard mayo, sesame bun";
        m.modifier_groups = {cooking, extras};
      }
      if (dish.name == "Ribeye Steak") m.modifier_groups = {steak_cooking};
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

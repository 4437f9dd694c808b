#include "app/token_command.hpp"

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kitchen/kitchen_service.hpp"
#include "kitchen/status.hpp"
#include "store/open_store.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::app {
namespace {

int refuse(std::string_view message) {
  std::cerr << "brigade token: " << message << "\n";
  return 2;
}

int print(const auth::issued_token& issued, const kitchen::actor& who, bool as_json) {
  if (!as_json) {
    std::cout << issued.token << "\n";
    return 0;
  }
  nlohmann::ordered_json out{{"token", issued.token},
                             {"expiresAt", wire::time_json(issued.expires_at)},
                             {"id", who.id},
                             {"name", who.name},
                             {"role", kitchen::to_string(who.role)},
                             {"restaurantId", who.restaurant}};
  if (who.table != 0) out["tableId"] = who.table;
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

int run_token_command(const token_options& options) {
  security_options security = options.security;
  security.mode = run_mode::production;  // a token signed with a throwaway secret is useless
  const auth::token_service tokens = make_token_service(security);
  auto store = store::open_kitchen_store(options.store_url.empty() ? options.db_path : options.store_url);
  kitchen::kitchen_service kitchen(*store);

  if (!options.staff.empty()) {
    auto who = kitchen.find_actor(options.staff);
    if (!who) return refuse(who.error().message);
    // In the member's current generation, or the server would refuse it.
    const auto member = kitchen.find_login(options.staff);
    return print(tokens.issue(*who, member ? member->token_generation : 0), *who, options.json);
  }

  const auto role = kitchen::parse_staff_role(options.role);
  if (!role || !kitchen::is_device_role(*role)) return refuse("--role must be kitchen_display or table_display");
  kitchen::restaurant_id restaurant = options.restaurant.value_or(0);
  if (restaurant == 0) {
    std::vector<kitchen::restaurant> all;
    store->read([&](kitchen::kitchen_reader& r) { all = r.restaurants(); });
    if (all.size() != 1)
      return refuse(fmt::format("the database has {} restaurants: say which with --restaurant", all.size()));
    restaurant = all.front().id;
  }
  // The command line acts as the restaurant's manager, recorded as nobody.
  const kitchen::actor set_up{0, restaurant, "brigade token", kitchen::staff_role::manager};
  kitchen::new_device request{*role, options.table, options.name};
  if (request.name.empty()) {
    request.name = *role == kitchen::staff_role::table_display ? fmt::format("Table {} display", options.table.value_or(0))
                                                               : "Kitchen display";
  }
  auto registered = kitchen.register_device(set_up, request);
  if (!registered) {
    const auto& e = registered.error();
    return refuse(e.details.empty() ? e.message : fmt::format("{} ({})", e.message, e.details.front().second));
  }
  const kitchen::actor screen{registered->id, registered->restaurant, registered->name, registered->role,
                              registered->table};
  return print(tokens.issue(screen), screen, options.json);
}

}  // namespace brigade::app

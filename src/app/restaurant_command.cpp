#include "app/restaurant_command.hpp"

#include <iostream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "common/password.hpp"
#include "kitchen/account_service.hpp"
#include "store/open_store.hpp"

namespace brigade::app {
namespace {

int refuse(std::string_view message) {
  std::cerr << "brigade restaurant create: " << message << "\n";
  return 2;
}

std::string missing_option(const restaurant_options& o) {
  if (o.name.empty()) return "--name";
  if (o.timezone.empty()) return "--timezone";
  if (o.currency.empty()) return "--currency";
  if (o.manager.empty()) return "--manager";
  return "";
}

// The first line of the input, without its line ending.
std::string read_password_line(std::istream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

int run_restaurant_create(const restaurant_options& options, std::istream& password_input) {
  if (const std::string missing = missing_option(options); !missing.empty()) {
    return refuse(fmt::format("{} is required (see brigade restaurant create --help)", missing));
  }
  kitchen::new_manager manager{options.manager_name, options.manager, "", false};
  if (options.password_stdin) {
    manager.password = read_password_line(password_input);
  } else {
    manager.password = random_password();
    manager.must_change_password = true;
  }
  auto store = store::open_kitchen_store(options.store_url.empty() ? options.db_path : options.store_url);
  kitchen::account_service accounts(*store);
  auto created = accounts.create_restaurant({options.name, options.timezone, options.currency}, manager,
                                            kitchen::creation_rule::any);
  if (!created) return refuse(created.error().message);
  log_event(spdlog::level::info, "restaurant_created",
            {{"restaurant", created->place.id}, {"manager", std::string_view(created->manager.username)},
             {"via", std::string_view("command line")}});

  const auto& place = created->place;
  if (options.json) {
    nlohmann::ordered_json out{
        {"restaurant",
         {{"id", place.id}, {"name", place.name}, {"timezone", place.timezone}, {"currency", place.currency}}},
        {"manager", {{"id", created->manager.id}, {"name", created->manager.name}, {"username", manager.username}}},
        {"oneTimePassword", manager.must_change_password ? nlohmann::ordered_json(manager.password) : nullptr}};
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::cout << fmt::format("Created restaurant {} \"{}\" ({}, {}) with its manager {}.\n", place.id, place.name,
                           place.timezone, place.currency, manager.username);
  if (manager.must_change_password) {
    std::cout << fmt::format("One-time password for {}: {}\n", manager.username, manager.password)
              << "It is shown only this once; they choose their own at first login.\n";
  }
  return 0;
}

int run_restaurant_list(const restaurant_options& options) {
  auto store = store::open_kitchen_store(options.store_url.empty() ? options.db_path : options.store_url);
  kitchen::account_service accounts(*store);
  const auto all = accounts.restaurants();
  if (options.json) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& r : all) {
      out.push_back({{"id", r.place.id},
                     {"name", r.place.name},
                     {"timezone", r.place.timezone},
                     {"currency", r.place.currency},
                     {"staffCount", r.staff_count}});
    }
    std::cout << out.dump() << "\n";
    return 0;
  }
  if (all.empty()) {
    std::cout << "No restaurant yet: create one with brigade restaurant create (or open /setup).\n";
    return 0;
  }
  std::cout << fmt::format("{:<4} {:<30} {:<24} {:<8} {}\n", "ID", "NAME", "TIMEZONE", "CURRENCY", "STAFF");
  for (const auto& r : all) {
    std::cout << fmt::format("{:<4} {:<30} {:<24} {:<8} {}\n", r.place.id, r.place.name, r.place.timezone,
                             r.place.currency, r.staff_count);
  }
  return 0;
}

}  // namespace brigade::app

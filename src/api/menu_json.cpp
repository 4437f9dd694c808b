#include "api/menu_json.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "api/csv.hpp"
#include "api/menu_file.hpp"
#include "kitchen/pricing.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::api {
namespace {

using json = nlohmann::ordered_json;
using wire::id_or_null;
using wire::money_json;

json option_json(const kitchen::modifier_option& o) {
  return {{"optionId", o.id}, {"name", o.name}, {"priceDelta", money_json(o.price_delta)}};
}

std::string station_name(const kitchen::menu_catalog& catalog, kitchen::station_id id) {
  const auto found = std::find_if(catalog.stations.begin(), catalog.stations.end(), [&](const auto& s) { return s.id == id; });
  return found == catalog.stations.end() ? std::string{} : found->name;
}

}  // namespace

json menu_item_json(const kitchen::menu_item& m) {
  json groups = json::array();
  for (const auto& g : m.modifier_groups) groups.push_back(modifier_group_json(g));
  return {{"menuItemId", m.id},
          {"name", m.name},
          {"price", money_json(m.price)},
          {"category", m.category},
          {"stationId", id_or_null(m.default_station)},
          {"available", m.available},
          {"categoryId", id_or_null(m.category_id)},
          {"description", m.description},
          {"course", m.default_course},
          {"prepMinutes", m.prep_minutes},
          {"allergens", m.allergens},
          {"tags", m.tags},
          {"position", m.position},
          {"modifierGroups", std::move(groups)}};
}

json category_json(const kitchen::menu_category& c) {
  return {{"categoryId", c.id}, {"name", c.name}, {"position", c.position}};
}

json modifier_group_json(const kitchen::modifier_group& g) {
  json options = json::array();
  for (const auto& o : g.options) options.push_back(option_json(o));
  return {{"modifierGroupId", g.id},
          {"name", g.name},
          {"minChoices", g.min_choices},
          {"maxChoices", g.max_choices},
          {"required", g.min_choices > 0},
          {"options", std::move(options)}};
}

json menu_catalog_json(const kitchen::menu_catalog& catalog) {
  json items = json::array();
  for (const auto& m : catalog.items) items.push_back(menu_item_json(m));
  json categories = json::array();
  for (const auto& c : catalog.categories) categories.push_back(category_json(c));
  json groups = json::array();
  for (const auto& g : catalog.modifier_groups) groups.push_back(modifier_group_json(g));
  return {{"menu", std::move(items)},
          {"categories", std::move(categories)},
          {"modifierGroups", std::move(groups)},
          {"currency", catalog.currency}};
}

json menu_file_json(const kitchen::menu_catalog& catalog) {
  json categories = json::array();
  for (const auto& c : catalog.categories) categories.push_back({{"name", c.name}});
  json groups = json::array();
  for (const auto& g : catalog.modifier_groups) {
    json options = json::array();
    for (const auto& o : g.options) options.push_back({{"name", o.name}, {"priceDelta", money_json(o.price_delta)}});
    groups.push_back({{"name", g.name}, {"minChoices", g.min_choices}, {"maxChoices", g.max_choices}, {"options", std::move(options)}});
  }
  json items = json::array();
  for (const auto& m : catalog.items) {
    json group_names = json::array();
    for (const auto& g : m.modifier_groups) group_names.push_back(g.name);
    items.push_back({{"name", m.name},
                     {"category", m.category},
                     {"description", m.description},
                     {"price", money_json(m.price)},
                     {"station", station_name(catalog, m.default_station)},
                     {"course", m.default_course},
                     {"prepMinutes", m.prep_minutes},
                     {"allergens", m.allergens},
                     {"tags", m.tags},
                     {"modifierGroups", std::move(group_names)},
                     {"available", m.available}});
  }
  return {{"format", "brigade-menu"},
          {"version", 1},
          {"currency", catalog.currency},
          {"categories", std::move(categories)},
          {"modifierGroups", std::move(groups)},
          {"items", std::move(items)}};
}

std::string menu_file_csv(const kitchen::menu_catalog& catalog) {
  std::string out = "category,name,description,price,station,course,prep_minutes,allergens,tags,modifiers,available\r\n";
  for (const auto& m : catalog.items) {
    const std::string cells[] = {m.category,
                                 m.name,
                                 m.description,
                                 kitchen::money_text(m.price),
                                 station_name(catalog, m.default_station),
                                 std::to_string(m.default_course),
                                 std::to_string(m.prep_minutes),
                                 fmt::format("{}", fmt::join(m.allergens, ";")),
                                 fmt::format("{}", fmt::join(m.tags, ";")),
                                 modifiers_cell(m.modifier_groups),
                                 m.available ? "yes" : "no"};
    out += csv_row(cells);
  }
  return out;
}

}  // namespace brigade::api

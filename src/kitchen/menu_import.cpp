// back_office::import_menu: a whole menu file checked against the rules and
// the restaurant, then applied in one transaction, or refused with every
// error (menu_changes.hpp).
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/audit_details.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/menu_rules.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

// What one file may hold: a large menu is a few hundred dishes.
constexpr size_t kMaxImportedItems = 2000;
constexpr size_t kMaxImportedCategories = 100;
constexpr size_t kMaxImportedGroups = 200;
// A file with more errors than this is not worth listing further.
constexpr size_t kMaxListedErrors = 200;

std::string field_of(const error& e, std::string fallback) {
  for (const auto& [name, value] : e.details) {
    if (name == "field") return value;
  }
  return fallback;
}

// A CSV row names its groups in the `modifiers` column; a JSON item in
// `modifierGroups`.
std::string groups_field(const menu_source& at) { return at.line != 0 ? "modifiers" : "modifierGroups"; }

/// Collects errors, up to kMaxListedErrors, one per place and field (the
/// reader's error about a cell is the one worth reading).
class error_list {
 public:
  explicit error_list(std::vector<import_error> first) : errors_(std::move(first)) {}

  void add(const menu_source& at, std::string field, std::string message) {
    const bool known = std::any_of(errors_.begin(), errors_.end(), [&](const import_error& e) {
      return e.at.line == at.line && e.at.path == at.path && e.field == field;
    });
    if (!known && errors_.size() < kMaxListedErrors) errors_.push_back({at, std::move(field), std::move(message)});
  }
  void add(const menu_source& at, const error& e, std::string fallback_field) {
    add(at, field_of(e, std::move(fallback_field)), e.message);
  }
  bool empty() const { return errors_.empty(); }
  /// In file order: by line, then by JSON pointer.
  std::vector<import_error> take() {
    std::stable_sort(errors_.begin(), errors_.end(), [](const import_error& a, const import_error& b) {
      return std::tie(a.at.line, a.at.path) < std::tie(b.at.line, b.at.path);
    });
    return std::move(errors_);
  }

 private:
  std::vector<import_error> errors_;
};

// The file's dishes as the menu would hold them, checked one by one; the
// references (category, station, groups) are resolved at apply time.
void check_items(const menu_document& file, kitchen_reader& reader, restaurant_id r,
                 const std::set<std::string>& group_names, error_list& errors) {
  std::set<std::string> stations;
  for (const auto& s : reader.stations(r)) stations.insert(s.name);
  std::set<std::string> seen;
  for (const auto& item : file.items) {
    if (auto bad = check_length("name", item.name, 1, kMaxMenuName)) errors.add(item.at, *bad, "name");
    if (!item.name.empty() && !seen.insert(item.name).second) {
      errors.add(item.at, "name", fmt::format("'{}' is listed twice", item.name));
    }
    if (auto bad = check_price("price", item.price)) errors.add(item.at, *bad, "price");
    if (auto bad = check_length("category", item.category, 0, kMaxMenuName)) errors.add(item.at, *bad, "category");
    if (auto bad = check_length("description", item.description, 0, kMaxDescription)) {
      errors.add(item.at, *bad, "description");
    }
    if (item.course != 0) {
      if (auto bad = check_course("course", item.course)) errors.add(item.at, *bad, "course");
    }
    if (item.prep_minutes) {
      if (auto bad = check_prep_minutes("prepMinutes", *item.prep_minutes)) errors.add(item.at, *bad, "prepMinutes");
    }
    if (auto allergens = normalise_allergens("allergens", item.allergens); !allergens) {
      errors.add(item.at, allergens.error(), "allergens");
    }
    if (auto bad = check_tags("tags", item.tags)) errors.add(item.at, *bad, "tags");
    if (!item.station.empty() && !stations.contains(item.station)) {
      errors.add(item.at, "station",
                 fmt::format("station '{}' does not exist; add it under Stations first", item.station));
    }
    if (item.modifier_groups.size() > kMaxGroupsPerItem) {
      errors.add(item.at, groups_field(item.at), fmt::format("a dish offers at most {} modifier groups", kMaxGroupsPerItem));
    }
    for (const auto& name : item.modifier_groups) {
      if (!group_names.contains(name)) {
        errors.add(item.at, groups_field(item.at), fmt::format("modifier group '{}' is not defined", name));
      }
    }
  }
}

// The groups the file defines, checked; returns every group name a dish
// may name (the file's and the restaurant's).
std::set<std::string> check_groups(const menu_document& file, kitchen_reader& reader, restaurant_id r,
                                   error_list& errors) {
  std::set<std::string> names;
  for (const auto& g : reader.modifier_groups(r)) names.insert(g.name);
  std::set<std::string> defined;
  for (const auto& imported : file.groups) {
    modifier_group group{0, r, imported.name, imported.min_choices, imported.max_choices, imported.options};
    if (auto bad = check_modifier_group(group)) {
      errors.add(imported.at, *bad, "modifiers");
    }
    if (!defined.insert(imported.name).second) {
      errors.add(imported.at, "name", fmt::format("modifier group '{}' is defined twice", imported.name));
    }
    names.insert(imported.name);
  }
  return names;
}

void check_sizes(const menu_document& file, error_list& errors) {
  const menu_source whole{};
  if (file.items.empty()) errors.add(whole, "items", "the file has no dishes");
  if (file.items.size() > kMaxImportedItems) {
    errors.add(whole, "items", fmt::format("a file holds at most {} dishes", kMaxImportedItems));
  }
  if (file.categories.size() > kMaxImportedCategories) {
    errors.add(whole, "categories", fmt::format("a file holds at most {} categories", kMaxImportedCategories));
  }
  if (file.groups.size() > kMaxImportedGroups) {
    errors.add(whole, "modifierGroups", fmt::format("a file holds at most {} modifier groups", kMaxImportedGroups));
  }
  for (const auto& name : file.categories) {
    if (auto bad = check_length("category", name, 1, kMaxMenuName)) errors.add(whole, *bad, "category");
  }
}

// The categories in file order: the listed ones, then any a dish names.
std::vector<std::string> categories_in_order(const menu_document& file) {
  std::vector<std::string> order;
  const auto add = [&](const std::string& name) {
    if (!name.empty() && std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  };
  for (const auto& name : file.categories) add(name);
  for (const auto& item : file.items) add(item.category);
  return order;
}

bool same_options(const std::vector<modifier_option>& a, const std::vector<modifier_option>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const auto& x, const auto& y) { return x.name == y.name && x.price_delta == y.price_delta; });
}

// Applies the checked file. Returns the counts.
import_summary apply(unit_of_work& uow, restaurant_id r, const menu_document& file, import_mode mode) {
  import_summary summary;
  // Positions: a replace takes the file's order for categories and dishes;
  // a merge keeps what exists where it is and puts what is new after it.
  const bool file_order = mode == import_mode::replace;
  std::map<std::string, menu_category> categories;
  int32_t next_category = 0;
  for (const auto& c : uow.menu_categories(r)) {
    categories[c.name] = c;
    next_category = std::max(next_category, c.position + 1);
  }
  const auto order = categories_in_order(file);
  for (size_t i = 0; i < order.size(); ++i) {
    const int32_t position = file_order ? static_cast<int32_t>(i) : next_category;
    auto [at, created] = categories.try_emplace(order[i], menu_category{0, r, order[i], position});
    if (created) {
      uow.save_menu_category(at->second);
      ++summary.categories.created;
      ++next_category;
    } else if (file_order && at->second.position != position) {
      at->second.position = position;
      uow.save_menu_category(at->second);
      ++summary.categories.updated;
    }
  }

  std::map<std::string, modifier_group> groups;
  for (const auto& g : uow.modifier_groups(r)) groups[g.name] = g;
  for (const auto& imported : file.groups) {
    auto [at, created] = groups.try_emplace(imported.name, modifier_group{0, r, imported.name, 0, 1, {}});
    modifier_group& group = at->second;
    if (!created && group.min_choices == imported.min_choices && group.max_choices == imported.max_choices &&
        same_options(group.options, imported.options)) {
      continue;
    }
    std::vector<modifier_option> options = imported.options;
    for (auto& option : options) {  // an option keeps its id where its name stays
      const auto same = std::find_if(group.options.begin(), group.options.end(), [&](const auto& o) { return o.name == option.name; });
      option.id = same == group.options.end() ? 0 : same->id;
    }
    group.min_choices = imported.min_choices;
    group.max_choices = imported.max_choices;
    group.options = std::move(options);
    uow.save_modifier_group(group);
    ++(created ? summary.groups.created : summary.groups.updated);
  }

  std::map<std::string, station_id> stations;
  for (const auto& s : uow.stations(r)) stations[s.name] = s.id;
  std::map<std::string, menu_item> existing;
  for (auto& m : uow.menu(r)) existing[m.name] = std::move(m);
  std::set<std::string> named;
  // The next free position in each category (a merge appends new dishes).
  std::map<std::string, int32_t> position_in_category;
  if (!file_order) {
    for (const auto& [name, m] : existing) {
      auto& next = position_in_category[m.category];
      next = std::max(next, m.position + 1);
    }
  }
  for (const auto& imported : file.items) {
    named.insert(imported.name);
    menu_item next;
    const auto found = existing.find(imported.name);
    if (found != existing.end()) next = found->second;
    next.restaurant = r;
    next.name = imported.name;
    next.price = imported.price;
    next.category_id = imported.category.empty() ? 0 : categories.at(imported.category).id;
    next.category = imported.category;
    next.description = imported.description;
    next.default_station = imported.station.empty() ? 0 : stations.at(imported.station);
    // A file without a course keeps the dish's (a new dish gets 1).
    if (imported.course != 0) next.default_course = imported.course;
    if (imported.prep_minutes) next.prep_minutes = *imported.prep_minutes;
    next.allergens = normalise_allergens("allergens", imported.allergens).value();
    next.tags = imported.tags;
    next.available = imported.available;
    if (file_order || found == existing.end()) next.position = position_in_category[imported.category]++;
    next.modifier_groups.clear();
    for (const auto& name : imported.modifier_groups) next.modifier_groups.push_back(groups.at(name));
    if (found == existing.end()) {
      uow.save_menu_item(next);
      ++summary.items.created;
      continue;
    }
    const menu_item& before = found->second;
    const auto group_ids = [](const menu_item& m) {
      std::vector<modifier_group_id> ids;
      for (const auto& g : m.modifier_groups) ids.push_back(g.id);
      return ids;
    };
    const bool same = before.price == next.price && before.category_id == next.category_id &&
                      before.description == next.description && before.default_station == next.default_station &&
                      before.default_course == next.default_course &&
                      before.prep_minutes == next.prep_minutes && before.allergens == next.allergens &&
                      before.tags == next.tags && before.available == next.available &&
                      before.position == next.position && group_ids(before) == group_ids(next);
    if (same) continue;
    uow.save_menu_item(next);
    ++summary.items.updated;
  }
  if (mode == import_mode::replace) {
    for (auto& [name, item] : existing) {
      if (named.contains(name)) continue;
      item.archived = true;
      uow.save_menu_item(item);
      ++summary.archived;
    }
  }
  return summary;
}

std::string counts_text(const import_counts& c) { return fmt::format("{} created, {} updated", c.created, c.updated); }

}  // namespace

result<import_outcome> back_office::import_menu(const actor& by, const menu_document& file, import_mode mode,
                                               const std::vector<import_error>& reading_errors) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  import_outcome outcome;
  const status applied = store_.transact([&](unit_of_work& uow) -> status {
    outcome = import_outcome{};
    error_list errors(reading_errors);
    check_sizes(file, errors);
    const auto group_names = check_groups(file, uow, by.restaurant, errors);
    check_items(file, uow, by.restaurant, group_names, errors);
    if (!errors.empty()) {
      outcome.errors = errors.take();
      return conflict("the menu file has errors");  // rolls back; the caller reads outcome.errors
    }
    outcome.summary = apply(uow, by.restaurant, file, mode);
    auto entry = audit(by, "menu.imported", "menu",
                       details_json({{"mode", mode == import_mode::replace ? "replace" : "merge"},
                                     {"categories", counts_text(outcome.summary.categories)},
                                     {"modifierGroups", counts_text(outcome.summary.groups)},
                                     {"items", counts_text(outcome.summary.items)},
                                     {"archived", std::to_string(outcome.summary.archived)}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!applied && outcome.errors.empty()) return applied.error();
  return outcome;
}

}  // namespace brigade::kitchen

// back_office's menu: categories, dishes and modifier groups, each change
// checked (menu_rules.hpp) and written to the audit log in its transaction.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/audit_details.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/back_office_rows.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/menu_rules.hpp"
#include "kitchen/pricing.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

std::string list_text(const std::vector<std::string>& values) { return fmt::format("{}", fmt::join(values, ", ")); }

std::string groups_text(const std::vector<modifier_group>& groups) {
  std::vector<std::string> names;
  for (const auto& g : groups) names.push_back(g.name);
  return list_text(names);
}

std::string options_text(const std::vector<modifier_option>& options) {
  std::vector<std::string> parts;
  for (const auto& o : options) parts.push_back(o.price_delta == 0 ? o.name : o.name + " " + money_text(o.price_delta));
  return list_text(parts);
}

// Applies the fields that are present to `item`, checking each, resolving
// the category, station and groups it names in the restaurant, and noting
// what changed.
std::optional<error> apply_item_fields(kitchen_reader& reader, menu_item& item, const menu_item_fields& f,
                                       change_log& changes) {
  if (f.name && *f.name != item.name) {
    if (auto bad = check_length("name", *f.name, 1, kMaxMenuName)) return bad;
    if (auto clash = name_clash(reader.menu(item.restaurant), *f.name, item.id)) return clash;
    changes.note("name", item.name, *f.name);
    item.name = *f.name;
  }
  if (f.price && *f.price != item.price) {
    if (auto bad = check_price("price", *f.price)) return bad;
    changes.note("price", money_text(item.price), money_text(*f.price));
    item.price = *f.price;
  }
  if (f.category && *f.category != item.category_id) {
    std::string name;
    if (*f.category != 0) {
      const auto categories = reader.menu_categories(item.restaurant);
      const auto* found = row_with_id(categories, *f.category);
      if (found == nullptr) return validation_error("categoryId", fmt::format("category {} does not exist", *f.category));
      name = found->name;
    }
    changes.note("category", item.category, name);
    item.category_id = *f.category;
    item.category = name;
  }
  if (f.description && *f.description != item.description) {
    if (auto bad = check_length("description", *f.description, 0, kMaxDescription)) return bad;
    changes.note("description", item.description, *f.description);
    item.description = *f.description;
  }
  if (f.station && *f.station != item.default_station) {
    std::string from, to;
    if (*f.station != 0) {
      const auto station = reader.find_station(item.restaurant, *f.station);
      if (!station) return validation_error("stationId", fmt::format("station {} does not exist", *f.station));
      to = station->name;
    }
    if (item.default_station != 0) {
      if (const auto old = reader.find_station(item.restaurant, item.default_station)) from = old->name;
    }
    changes.note("station", from, to);
    item.default_station = *f.station;
  }
  if (f.course && *f.course != item.default_course) {
    if (auto bad = check_course("course", *f.course)) return bad;
    changes.note("course", std::to_string(item.default_course), std::to_string(*f.course));
    item.default_course = *f.course;
  }
  if (f.prep_minutes && *f.prep_minutes != item.prep_minutes) {
    if (auto bad = check_prep_minutes("prepMinutes", *f.prep_minutes)) return bad;
    changes.note("prepMinutes", std::to_string(item.prep_minutes), std::to_string(*f.prep_minutes));
    item.prep_minutes = *f.prep_minutes;
  }
  if (f.allergens) {
    auto allergens = normalise_allergens("allergens", *f.allergens);
    if (!allergens) return allergens.error();
    if (*allergens != item.allergens) {
      changes.note("allergens", list_text(item.allergens), list_text(*allergens));
      item.allergens = std::move(*allergens);
    }
  }
  if (f.tags && *f.tags != item.tags) {
    if (auto bad = check_tags("tags", *f.tags)) return bad;
    changes.note("tags", list_text(item.tags), list_text(*f.tags));
    item.tags = *f.tags;
  }
  if (f.modifier_groups) {
    const auto& ids = *f.modifier_groups;
    if (ids.size() > kMaxGroupsPerItem) {
      return validation_error("modifierGroupIds", fmt::format("a dish offers at most {} modifier groups", kMaxGroupsPerItem));
    }
    const auto groups = reader.modifier_groups(item.restaurant);
    std::vector<modifier_group> chosen;
    for (const auto id : ids) {
      const auto* found = row_with_id(groups, id);
      if (found == nullptr) return validation_error("modifierGroupIds", fmt::format("modifier group {} does not exist", id));
      if (row_with_id(chosen, id) != nullptr) {
        return validation_error("modifierGroupIds", fmt::format("modifier group {} is listed twice", id));
      }
      chosen.push_back(*found);
    }
    if (groups_text(chosen) != groups_text(item.modifier_groups)) {
      changes.note("modifierGroups", groups_text(item.modifier_groups), groups_text(chosen));
    }
    item.modifier_groups = std::move(chosen);
  }
  if (f.available && *f.available != item.available) {
    changes.note("available", item.available ? "yes" : "no", *f.available ? "yes" : "no");
    item.available = *f.available;
  }
  if (f.position && *f.position != item.position) {
    changes.note("position", std::to_string(item.position), std::to_string(*f.position));
    item.position = *f.position;
  }
  return std::nullopt;
}

// The group with the fields present applied, checked whole.
std::optional<error> apply_group_fields(modifier_group& group, const modifier_group_fields& f, change_log& changes) {
  modifier_group next = group;
  if (f.name) next.name = *f.name;
  if (f.min_choices) next.min_choices = *f.min_choices;
  if (f.max_choices) next.max_choices = *f.max_choices;
  if (f.options) {
    next.options = *f.options;
    for (size_t i = 0; i < next.options.size(); ++i) {
      const auto& option = next.options[i];
      if (option.id == 0) continue;
      // One id listed twice would be two options in the answer but one row
      // in the store.
      const auto earlier = next.options.begin() + static_cast<std::ptrdiff_t>(i);
      if (std::any_of(next.options.begin(), earlier, [&](const auto& o) { return o.id == option.id; })) {
        return validation_error("options", fmt::format("option {} is listed twice", option.id));
      }
      if (row_with_id(group.options, option.id) == nullptr) {
        return validation_error("options", fmt::format("option {} is not one of this group's", option.id));
      }
    }
  }
  if (auto bad = check_modifier_group(next)) return bad;
  if (next.name != group.name) changes.note("name", group.name, next.name);
  if (next.min_choices != group.min_choices || next.max_choices != group.max_choices) {
    changes.note("choices", choices_text(group), choices_text(next));
  }
  if (options_text(next.options) != options_text(group.options)) {
    changes.note("options", options_text(group.options), options_text(next.options));
  }
  group = std::move(next);
  return std::nullopt;
}

}  // namespace

menu_catalog read_menu_catalog(kitchen_reader& reader, restaurant_id r) {
  menu_catalog catalog;
  catalog.items = reader.menu(r);
  catalog.categories = reader.menu_categories(r);
  catalog.modifier_groups = reader.modifier_groups(r);
  catalog.stations = reader.stations(r);
  if (const auto home = reader.find_restaurant(r)) catalog.currency = home->currency;
  return catalog;
}

result<menu_catalog> back_office::export_menu(const actor& by) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  menu_catalog catalog;
  store_.read([&](kitchen_reader& r) { catalog = read_menu_catalog(r, by.restaurant); });
  return catalog;
}

result<menu_category> back_office::create_category(const actor& by, const category_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  if (!fields.name) return validation_error("name", "name is required");
  if (auto bad = check_length("name", *fields.name, 1, kMaxMenuName)) return *bad;
  menu_category added{0, by.restaurant, *fields.name, fields.position.value_or(0)};
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    added.id = 0;
    const auto existing = uow.menu_categories(by.restaurant);
    if (auto clash = name_clash(existing, added.name, 0)) return *clash;
    // Without a position, a new category goes last.
    if (!fields.position) {
      for (const auto& c : existing) added.position = std::max(added.position, c.position + 1);
    }
    uow.save_menu_category(added);
    auto entry = audit(by, "category.created", fmt::format("category:{}", added.id), details_json({{"name", added.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return added;
}

result<menu_category> back_office::update_category(const actor& by, menu_category_id id, const category_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  if (fields.name) {
    if (auto bad = check_length("name", *fields.name, 1, kMaxMenuName)) return *bad;
  }
  menu_category current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    const auto all = uow.menu_categories(by.restaurant);
    const auto* found = row_with_id(all, id);
    if (found == nullptr) return not_found("category", id);
    current = *found;
    change_log changes;
    if (fields.name && *fields.name != current.name) {
      if (auto clash = name_clash(all, *fields.name, id)) return *clash;
      changes.note("name", current.name, *fields.name);
      current.name = *fields.name;
    }
    if (fields.position && *fields.position != current.position) {
      changes.note("position", std::to_string(current.position), std::to_string(*fields.position));
      current.position = *fields.position;
    }
    if (changes.empty()) return ok_v;
    uow.save_menu_category(current);
    auto entry = audit(by, "category.updated", fmt::format("category:{}", id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

result<menu_category> back_office::delete_category(const actor& by, menu_category_id id) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  menu_category gone;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    const auto all = uow.menu_categories(by.restaurant);
    const auto* found = row_with_id(all, id);
    if (found == nullptr) return not_found("category", id);
    if (uow.category_in_use(by.restaurant, id)) {
      return error{std::string(kInUse), fmt::format("'{}' still has dishes; move or delete them first", found->name)};
    }
    gone = *found;
    uow.delete_menu_category(by.restaurant, id);
    auto entry = audit(by, "category.deleted", fmt::format("category:{}", id), details_json({{"name", gone.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return gone;
}

result<menu_item> back_office::create_menu_item(const actor& by, const menu_item_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  if (!fields.name) return validation_error("name", "name is required");
  // apply_item_fields checks only what differs from the blank dish, so an
  // empty name would slip through it.
  if (auto bad = check_length("name", *fields.name, 1, kMaxMenuName)) return *bad;
  if (!fields.price) return validation_error("price", "price is required");
  menu_item added;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    added = menu_item{};
    added.restaurant = by.restaurant;
    change_log changes;
    if (auto bad = apply_item_fields(uow, added, fields, changes)) return *bad;
    uow.save_menu_item(added);
    auto entry = audit(by, "menu_item.created", fmt::format("menu_item:{}", added.id),
                       details_json({{"name", added.name}, {"price", money_text(added.price)}, {"category", added.category}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return added;
}

result<menu_item> back_office::update_menu_item(const actor& by, menu_item_id id, const menu_item_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  menu_item current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_menu_item(by.restaurant, id);
    if (!found || found->archived) return not_found("menu item", id);
    current = std::move(*found);
    change_log changes;
    if (auto bad = apply_item_fields(uow, current, fields, changes)) return *bad;
    if (changes.empty()) return ok_v;
    uow.save_menu_item(current);
    auto entry = audit(by, "menu_item.updated", fmt::format("menu_item:{}", id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

result<menu_item> back_office::archive_menu_item(const actor& by, menu_item_id id) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  menu_item gone;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    auto found = uow.find_menu_item(by.restaurant, id);
    if (!found || found->archived) return not_found("menu item", id);
    gone = std::move(*found);
    gone.archived = true;
    uow.save_menu_item(gone);
    auto entry = audit(by, "menu_item.deleted", fmt::format("menu_item:{}", id), details_json({{"name", gone.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return gone;
}

result<modifier_group> back_office::create_modifier_group(const actor& by, const modifier_group_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  if (!fields.name) return validation_error("name", "name is required");
  if (!fields.options) return validation_error("options", "options are required");
  modifier_group added;
  added.restaurant = by.restaurant;
  added.min_choices = fields.min_choices.value_or(0);
  added.max_choices = fields.max_choices.value_or(1);
  change_log ignored;
  if (auto bad = apply_group_fields(added, fields, ignored)) return *bad;
  for (auto& option : added.options) option.id = 0;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    added.id = 0;
    for (auto& option : added.options) option.id = 0;
    if (auto clash = name_clash(uow.modifier_groups(by.restaurant), added.name, 0)) return *clash;
    uow.save_modifier_group(added);
    auto entry = audit(by, "modifier_group.created", fmt::format("modifier_group:{}", added.id),
                       details_json({{"name", added.name}, {"choices", choices_text(added)}, {"options", options_text(added.options)}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return added;
}

result<modifier_group> back_office::update_modifier_group(const actor& by, modifier_group_id id,
                                                          const modifier_group_fields& fields) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  modifier_group current;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    const auto all = uow.modifier_groups(by.restaurant);
    const auto* found = row_with_id(all, id);
    if (found == nullptr) return not_found("modifier group", id);
    current = *found;
    change_log changes;
    if (auto bad = apply_group_fields(current, fields, changes)) return *bad;
    if (auto clash = name_clash(all, current.name, id)) return *clash;
    if (changes.empty()) return ok_v;
    uow.save_modifier_group(current);
    auto entry = audit(by, "modifier_group.updated", fmt::format("modifier_group:{}", id), changes.json());
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return current;
}

result<modifier_group> back_office::delete_modifier_group(const actor& by, modifier_group_id id) {
  if (auto denied = check_permission(by, permission::manage_menu)) return *denied;
  modifier_group gone;
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    const auto all = uow.modifier_groups(by.restaurant);
    const auto* found = row_with_id(all, id);
    if (found == nullptr) return not_found("modifier group", id);
    if (uow.modifier_group_in_use(by.restaurant, id)) {
      return error{std::string(kInUse), fmt::format("'{}' is offered with dishes; take it off them first", found->name)};
    }
    gone = *found;
    uow.delete_modifier_group(by.restaurant, id);
    auto entry = audit(by, "modifier_group.deleted", fmt::format("modifier_group:{}", id), details_json({{"name", gone.name}}));
    uow.append_audit(entry);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return gone;
}

}  // namespace brigade::kitchen

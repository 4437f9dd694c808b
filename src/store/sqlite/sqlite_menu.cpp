// sqlite_unit_of_work's menu: categories, dishes with their modifier
// groups, and the groups with their options (migration 7).
#include <algorithm>
#include <map>

#include "store/line_details_json.hpp"
#include "store/sqlite/sqlite_unit_of_work.hpp"
#include "store/row_readers.hpp"
#include "store/sqlite/sqlite_values.hpp"

namespace brigade::store::sqlite {

using namespace kitchen;
using namespace store::rows;

std::vector<modifier_group> sqlite_unit_of_work::modifier_groups(restaurant_id r) {
  auto s = db_.prepare(std::string(kGroupColumns) +
                           " FROM modifier_groups g LEFT JOIN modifier_options o ON o.group_id = g.id"
                           " WHERE g.restaurant_id = ? ORDER BY g.name, g.id, o.position",
                       "listing modifier groups");
  s.bind_int(1, r);
  return read_groups(s);
}

// Each dish's groups, in link order, from the restaurant's groups (read
// once for the whole menu).
void sqlite_unit_of_work::attach_modifier_groups(restaurant_id r, std::vector<menu_item>& items) {
  if (items.empty()) return;
  const auto groups = modifier_groups(r);
  auto links = db_.prepare(
      "SELECT menu_item_id, group_id FROM menu_item_modifier_groups WHERE restaurant_id = ?"
      " ORDER BY menu_item_id, position",
      "listing the modifier groups of dishes");
  links.bind_int(1, r);
  std::map<menu_item_id, std::vector<modifier_group_id>> by_item;
  while (links.step()) by_item[links.column_int(0)].push_back(links.column_int(1));
  for (menu_item& item : items) {
    const auto linked = by_item.find(item.id);
    if (linked == by_item.end()) continue;
    for (const auto id : linked->second) {
      const auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.id == id; });
      if (g != groups.end()) item.modifier_groups.push_back(*g);
    }
  }
}

std::vector<menu_item> sqlite_unit_of_work::menu(restaurant_id r) {
  auto s = db_.prepare(kMenuColumns + " WHERE m.restaurant_id = ? AND m.archived = 0" + std::string(kMenuOrder),
                       "listing the menu");
  s.bind_int(1, r);
  auto items = all_rows<menu_item>(s, read_menu_item);
  attach_modifier_groups(r, items);
  return items;
}

std::optional<menu_item> sqlite_unit_of_work::find_menu_item(restaurant_id r, menu_item_id id) {
  if (copies_ != nullptr) return copies_->menu_item({r, id}, [&] { return query_menu_item(r, id); });
  return query_menu_item(r, id);
}

std::optional<menu_item> sqlite_unit_of_work::query_menu_item(restaurant_id r, menu_item_id id) {
  auto s = db_.prepare(kMenuColumns + " WHERE m.restaurant_id = ? AND m.id = ?", "finding a menu item");
  s.bind_int(1, r).bind_int(2, id);
  auto found = one_row<menu_item>(s, read_menu_item);
  if (!found) return std::nullopt;
  // Every line of every order reads its dish here: one query for this
  // dish's groups, not the restaurant's.
  auto groups = db_.prepare(std::string(kGroupColumns) +
                                " FROM menu_item_modifier_groups l JOIN modifier_groups g ON g.id = l.group_id"
                                " LEFT JOIN modifier_options o ON o.group_id = g.id"
                                " WHERE l.menu_item_id = ? ORDER BY l.position, o.position",
                            "reading a dish's modifier groups");
  groups.bind_int(1, id);
  found->modifier_groups = read_groups(groups);
  return found;
}

std::vector<menu_category> sqlite_unit_of_work::menu_categories(restaurant_id r) {
  auto s = db_.prepare(
      "SELECT id, restaurant_id, name, position FROM menu_categories WHERE restaurant_id = ? ORDER BY position, id",
      "listing menu categories");
  s.bind_int(1, r);
  return all_rows<menu_category>(s, read_category);
}

bool sqlite_unit_of_work::category_in_use(restaurant_id r, menu_category_id id) {
  return row_exists(db_,
                    "SELECT EXISTS (SELECT 1 FROM menu_items WHERE restaurant_id = ?1 AND category_id = ?2"
                    " AND archived = 0)",
                    "checking whether a category is in use", r, id);
}

bool sqlite_unit_of_work::modifier_group_in_use(restaurant_id r, modifier_group_id id) {
  return row_exists(db_,
                    "SELECT EXISTS (SELECT 1 FROM menu_item_modifier_groups l JOIN menu_items m ON m.id = l.menu_item_id"
                    " WHERE l.restaurant_id = ?1 AND l.group_id = ?2 AND m.archived = 0)",
                    "checking whether a modifier group is in use", r, id);
}

void sqlite_unit_of_work::save_menu_item(menu_item& m) {
  const bool insert = m.id == 0;
  auto s = db_.prepare(insert ? "INSERT INTO menu_items (name, price, category_id, default_station_id, available,"
                                " description, default_course, allergens, tags, position, archived, prep_minutes,"
                                " restaurant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                              : "UPDATE menu_items SET name = ?, price = ?, category_id = ?, default_station_id = ?,"
                                " available = ?, description = ?, default_course = ?, allergens = ?, tags = ?,"
                                " position = ?, archived = ?, prep_minutes = ? WHERE restaurant_id = ? AND id = ?",
                       "saving a menu item");
  s.bind_text(1, m.name).bind_int(2, m.price);
  bind_ref(s, 3, m.category_id);
  bind_ref(s, 4, m.default_station);
  s.bind_int(5, m.available ? 1 : 0).bind_text(6, m.description).bind_int(7, m.default_course);
  s.bind_text(8, strings_text(m.allergens)).bind_text(9, strings_text(m.tags));
  s.bind_int(10, m.position).bind_int(11, m.archived ? 1 : 0).bind_int(12, m.prep_minutes);
  s.bind_int(13, m.restaurant);
  if (!insert) s.bind_int(14, m.id);
  s.run();
  if (insert) {
    m.id = db_.last_insert_rowid();
  } else {
    expect_one_row(db_, "menu item", m.id);
  }
  db_.prepare("DELETE FROM menu_item_modifier_groups WHERE menu_item_id = ?", "detaching modifier groups")
      .bind_int(1, m.id)
      .run();
  for (size_t i = 0; i < m.modifier_groups.size(); ++i) {
    db_.prepare(
           "INSERT INTO menu_item_modifier_groups (menu_item_id, restaurant_id, group_id, position)"
           " VALUES (?, ?, ?, ?)",
           "attaching a modifier group")
        .bind_int(1, m.id)
        .bind_int(2, m.restaurant)
        .bind_int(3, m.modifier_groups[i].id)
        .bind_int(4, static_cast<int64_t>(i))
        .run();
  }
}

void sqlite_unit_of_work::save_menu_category(menu_category& c) {
  const bool insert = c.id == 0;
  auto s = db_.prepare(insert ? "INSERT INTO menu_categories (name, position, restaurant_id) VALUES (?, ?, ?)"
                              : "UPDATE menu_categories SET name = ?, position = ? WHERE restaurant_id = ? AND id = ?",
                       "saving a menu category");
  s.bind_text(1, c.name).bind_int(2, c.position).bind_int(3, c.restaurant);
  if (!insert) s.bind_int(4, c.id);
  s.run();
  if (insert) {
    c.id = db_.last_insert_rowid();
  } else {
    expect_one_row(db_, "menu category", c.id);
  }
}

void sqlite_unit_of_work::save_modifier_group(modifier_group& g) {
  const bool insert = g.id == 0;
  auto s = db_.prepare(insert ? "INSERT INTO modifier_groups (name, min_choices, max_choices, restaurant_id)"
                                " VALUES (?, ?, ?, ?)"
                              : "UPDATE modifier_groups SET name = ?, min_choices = ?, max_choices = ?"
                                " WHERE restaurant_id = ? AND id = ?",
                       "saving a modifier group");
  s.bind_text(1, g.name).bind_int(2, g.min_choices).bind_int(3, g.max_choices).bind_int(4, g.restaurant);
  if (!insert) s.bind_int(5, g.id);
  s.run();
  if (insert) {
    g.id = db_.last_insert_rowid();
  } else {
    expect_one_row(db_, "modifier group", g.id);
  }
  // Options no longer listed go; listed ones are updated in place (their
  // ids stay, so a screen holding one still finds it) or inserted.
  std::string kept = "[";
  for (const auto& option : g.options) {
    if (option.id == 0) continue;
    if (kept.size() > 1) kept += ',';
    kept += std::to_string(option.id);
  }
  kept += ']';
  db_.prepare("DELETE FROM modifier_options WHERE group_id = ? AND id NOT IN (SELECT value FROM json_each(?))",
              "removing modifier options")
      .bind_int(1, g.id)
      .bind_text(2, kept)
      .run();
  for (size_t i = 0; i < g.options.size(); ++i) {
    auto& option = g.options[i];
    const bool new_option = option.id == 0;
    auto o = db_.prepare(new_option ? "INSERT INTO modifier_options (name, price_delta, position, group_id)"
                                      " VALUES (?, ?, ?, ?)"
                                    : "UPDATE modifier_options SET name = ?, price_delta = ?, position = ?"
                                      " WHERE group_id = ? AND id = ?",
                         "saving a modifier option");
    o.bind_text(1, option.name).bind_int(2, option.price_delta).bind_int(3, static_cast<int64_t>(i)).bind_int(4, g.id);
    if (!new_option) o.bind_int(5, option.id);
    o.run();
    if (new_option) {
      option.id = db_.last_insert_rowid();
    } else {
      expect_one_row(db_, "modifier option", option.id);
    }
  }
}

void sqlite_unit_of_work::delete_menu_category(restaurant_id r, menu_category_id id) {
  // Archived dishes may still name it: they lose the category, not the row.
  db_.prepare("UPDATE menu_items SET category_id = NULL WHERE restaurant_id = ? AND category_id = ?",
              "releasing a category")
      .bind_int(1, r)
      .bind_int(2, id)
      .run();
  db_.prepare("DELETE FROM menu_categories WHERE restaurant_id = ? AND id = ?", "deleting a menu category")
      .bind_int(1, r)
      .bind_int(2, id)
      .run();
  expect_one_row(db_, "menu category", id);
}

void sqlite_unit_of_work::delete_modifier_group(restaurant_id r, modifier_group_id id) {
  db_.prepare("DELETE FROM menu_item_modifier_groups WHERE restaurant_id = ? AND group_id = ?",
              "detaching a modifier group")
      .bind_int(1, r)
      .bind_int(2, id)
      .run();
  db_.prepare("DELETE FROM modifier_groups WHERE restaurant_id = ? AND id = ?", "deleting a modifier group")
      .bind_int(1, r)
      .bind_int(2, id)
      .run();
  expect_one_row(db_, "modifier group", id);
}

}  // namespace brigade::store::sqlite

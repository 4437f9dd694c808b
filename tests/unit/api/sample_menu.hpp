#pragma once

#include "kitchen/menu_changes.hpp"

namespace brigade::api::testing {

/// A small menu for the menu's wire and file tests: a burger with a comma,
/// quotes and a line break in its text and two groups (one required, one
/// with a negative delta), and free water without category, station or
/// groups, sold out.
inline kitchen::menu_catalog sample_menu() {
  kitchen::menu_catalog c;
  c.currency = "EUR";
  c.stations = {{5, 1, "grill"}};
  c.categories = {{2, 1, "Mains", 1}};
  kitchen::modifier_group cooking{7, 1, "Cooking", 1, 1, {{1, "rare", 0}, {2, "medium", 0}}};
  kitchen::modifier_group extras{8, 1, "Extras", 0, 3, {{3, "cheese", 150}, {4, "no bun", -200}}};
  c.modifier_groups = {cooking, extras};
  kitchen::menu_item burger{3, 1, "Burger, classic", 1450, "Mains", 5, true};
  burger.category_id = 2;
  burger.description = "Beef \"Angus\"\nand cheddar";
  burger.default_course = 2;
  burger.prep_minutes = 12;
  burger.allergens = {"gluten", "milk"};
  burger.tags = {"signature", "new"};
  burger.modifier_groups = {cooking, extras};
  kitchen::menu_item water{4, 1, "Water", 0, "", 0, false};
  c.items = {burger, water};
  return c;
}

}  // namespace brigade::api::testing

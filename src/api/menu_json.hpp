#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kitchen/menu_changes.hpp"

namespace brigade::api {

// The menu on the wire (docs/api.md "The menu"): GET /api/menu, the back
// office's answers, and the export's two file forms. Pure; thread-safe.

/// A dish, with its modifier groups complete.
nlohmann::ordered_json menu_item_json(const kitchen::menu_item& m);
nlohmann::ordered_json category_json(const kitchen::menu_category& c);
nlohmann::ordered_json modifier_group_json(const kitchen::modifier_group& g);
/// {menu, categories, modifierGroups, currency}: GET /api/menu.
nlohmann::ordered_json menu_catalog_json(const kitchen::menu_catalog& catalog);

/// The brigade-menu JSON document (what import reads back).
nlohmann::ordered_json menu_file_json(const kitchen::menu_catalog& catalog);
/// The CSV form: a header and one row per dish.
std::string menu_file_csv(const kitchen::menu_catalog& catalog);

}  // namespace brigade::api

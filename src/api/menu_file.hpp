#pragma once

#include <string_view>
#include <vector>

#include "kitchen/menu_changes.hpp"

namespace brigade::api {

// Menu files (docs/api.md "Menu import and export"): a brigade-menu JSON
// document or a CSV of one dish per row. Reading them checks the form (a
// number where a number goes, known columns, the modifiers syntax); the
// rules (allergen codes, stations, choices) are the back office's. Every
// problem is listed, with its CSV line or JSON pointer and field.
// Pure functions; thread-safe.

struct parsed_menu_file {
  kitchen::menu_document document;
  std::vector<kitchen::import_error> errors;
};

parsed_menu_file parse_menu_json(std::string_view text);
parsed_menu_file parse_menu_csv(std::string_view text);

/// The CSV `modifiers` cell of a dish's groups:
/// "Cooking [1-1]: rare | medium; Extras [0-3]: cheese +1.50".
std::string modifiers_cell(const std::vector<kitchen::modifier_group>& groups);

}  // namespace brigade::api

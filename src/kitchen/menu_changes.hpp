#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kitchen/entities.hpp"
#include "kitchen/ports.hpp"

namespace brigade::kitchen {

// Inputs of the back office's menu (back_office_menu.cpp, menu_import.cpp),
// decoded from the wire but not yet checked. Plain value types.

/// A category to add (name required) or change (absent fields stay).
struct category_fields {
  std::optional<std::string> name;
  std::optional<int32_t> position;
};

/// A dish to add (name and price required) or change (absent fields
/// stay). A category or station of 0 clears it.
struct menu_item_fields {
  std::optional<std::string> name;
  std::optional<money> price;
  std::optional<menu_category_id> category;
  std::optional<std::string> description;
  std::optional<station_id> station;
  std::optional<int32_t> course;
  std::optional<int32_t> prep_minutes;
  std::optional<std::vector<std::string>> allergens;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<modifier_group_id>> modifier_groups;
  std::optional<bool> available;
  std::optional<int32_t> position;
};

/// A modifier group to add (all required) or change; `options` replaces
/// the list, an option with an id keeping it.
struct modifier_group_fields {
  std::optional<std::string> name;
  std::optional<int32_t> min_choices;
  std::optional<int32_t> max_choices;
  std::optional<std::vector<modifier_option>> options;
};

/// Everything the menu holds, as GET /api/menu and the export show it.
struct menu_catalog {
  std::vector<menu_item> items;
  std::vector<menu_category> categories;
  std::vector<modifier_group> modifier_groups;
  std::string currency;
  std::vector<station> stations{};  // for the export, which names them
};

/// The restaurant's menu catalog, read in one go.
menu_catalog read_menu_catalog(kitchen_reader& reader, restaurant_id r);

// ---- Import ----

/// Where a thing is in an imported file: a CSV line (1 = the header) or a
/// JSON pointer ("/items/2").
struct menu_source {
  int64_t line = 0;
  std::string path;
};

/// One reason an import is refused. `field` names the column or member.
struct import_error {
  menu_source at;
  std::string field;
  std::string message;
};

struct imported_group {
  menu_source at;
  std::string name;
  int32_t min_choices = 0;
  int32_t max_choices = 1;
  std::vector<modifier_option> options;  // ids 0
};

struct imported_item {
  menu_source at;
  std::string name;
  std::string category;  // "" for none
  std::string description;
  money price = 0;
  std::string station;  // a station's name, "" for none
  int32_t course = 0;   // 0: none given (a dish keeps its course; a new one gets 1)
  /// nullopt: none given (a dish keeps its prep time; a new one has none).
  std::optional<int32_t> prep_minutes;
  std::vector<std::string> allergens;
  std::vector<std::string> tags;
  std::vector<std::string> modifier_groups;  // names
  bool available = true;
};

/// A menu file, parsed (api/menu_import_*.cpp) but not yet checked against
/// the rules and the restaurant's stations.
struct menu_document {
  std::vector<std::string> categories;  // in order
  std::vector<imported_group> groups;
  std::vector<imported_item> items;
};

enum class import_mode {
  merge,    // create or update by name, leave the rest
  replace,  // … and archive the dishes the file does not name
};

struct import_counts {
  int64_t created = 0;
  int64_t updated = 0;
};

/// What an applied import changed.
struct import_summary {
  import_counts categories;
  import_counts groups;
  import_counts items;
  int64_t archived = 0;
};

/// Either the summary of an applied import, or every error (then nothing
/// was applied).
struct import_outcome {
  import_summary summary;
  std::vector<import_error> errors;
};

}  // namespace brigade::kitchen

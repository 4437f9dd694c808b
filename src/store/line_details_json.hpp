#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kitchen/entities.hpp"

namespace brigade::store {

// The store's JSON form of the list-valued fields of menu items and order
// lines (allergens, tags, chosen modifiers), shared by the SQLite columns
// and the outbox payloads so the two cannot drift. C++ field names.
// Pure functions; thread-safe. Decoding throws kitchen::store_failure on a
// malformed document.

nlohmann::json strings_json(const std::vector<std::string>& values);
std::vector<std::string> strings_from(const nlohmann::json& array);
std::vector<std::string> strings_from_text(std::string_view text);

nlohmann::json modifiers_json(const std::vector<kitchen::chosen_modifier>& modifiers);
std::vector<kitchen::chosen_modifier> modifiers_from(const nlohmann::json& array);
std::vector<kitchen::chosen_modifier> modifiers_from_text(std::string_view text);

}  // namespace brigade::store

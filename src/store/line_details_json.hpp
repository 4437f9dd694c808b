#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "kitchen/entities.hpp"

namespace brigade::store {

// The store's JSON form of the list-valued fields of menu items and order
// lines (allergens, tags, chosen modifiers), shared by the SQLite columns
// and the outbox payloads so the two cannot drift. C++ field names.
// Pure functions; thread-safe. Decoding throws kitchen::store_failure on a
// malformed document.

/// A JSON array of strings, written without a tree; write_strings writes it
/// as the next value of `out`.
void write_strings(json_text& out, const std::vector<std::string>& values);
std::string strings_text(const std::vector<std::string>& values);
std::vector<std::string> strings_from(const nlohmann::json& array);
std::vector<std::string> strings_from_text(std::string_view text);

/// A JSON array of {option, group, name, price_delta}, written without a
/// tree; write_modifiers writes it as the next value of `out`.
void write_modifiers(json_text& out, const std::vector<kitchen::chosen_modifier>& modifiers);
std::string modifiers_text(const std::vector<kitchen::chosen_modifier>& modifiers);
std::vector<kitchen::chosen_modifier> modifiers_from(const nlohmann::json& array);
std::vector<kitchen::chosen_modifier> modifiers_from_text(std::string_view text);

}  // namespace brigade::store

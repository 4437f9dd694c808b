#pragma once

// Shared by the back office's files (back_office_floor.cpp,
// back_office_menu.cpp): lookups over a restaurant's rows of one kind.
// Internal to the kitchen layer; pure, thread-safe.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/result.hpp"
#include "kitchen/errors.hpp"

namespace brigade::kitchen {

/// The row with the id, or nullptr.
template <typename Row>
const Row* row_with_id(const std::vector<Row>& rows, int64_t id) {
  const auto found = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == id; });
  return found == rows.end() ? nullptr : &*found;
}

/// Conflict `name_taken` when another row than `self` has the name (names
/// of tables, stations, categories, groups and dishes are unique in a
/// restaurant).
template <typename Row>
std::optional<error> name_clash(const std::vector<Row>& rows, const std::string& name, int64_t self) {
  const bool taken = std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.name == name && r.id != self; });
  if (!taken) return std::nullopt;
  return error{std::string(kNameTaken), fmt::format("'{}' is already the name of another one", name), {{"field", "name"}}};
}

}  // namespace brigade::kitchen

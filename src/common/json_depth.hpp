#pragma once

#include <cstddef>
#include <string_view>

namespace brigade {

/// Whether JSON text nests arrays and objects deeper than `limit`, counted
/// before parsing so a hostile body never becomes a deep tree (nlohmann's
/// parser is iterative, but dump() and comparison recurse). Brackets inside
/// strings do not count; the text need not be valid JSON. Pure function;
/// thread-safe.
bool json_nested_deeper_than(std::string_view text, size_t limit);

}  // namespace brigade

#pragma once

#include <string_view>
#include <vector>

#include "kitchen/entities.hpp"

namespace brigade::kitchen {

std::string_view to_string(part_status s);

/// The parts of `o`'s ticket, by station id (0 first); none without lines.
/// Pure.
std::vector<station_part> station_parts(const order& o);

}  // namespace brigade::kitchen

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"

namespace brigade::kitchen {

/// Where one station's share of a ticket stands: `held` every line waits
/// for its course, `pending` fired lines and none started, `preparing`,
/// `ready` every fired line ready or served (held ones may remain).
enum class part_status { held, pending, preparing, ready };
std::string_view to_string(part_status s);

/// One station's share of a ticket (its lines not cancelled), so every
/// screen can show "grill done, fry 2 min". Plain value type.
struct station_part {
  station_id station = 0;  // 0: the lines without a station
  std::string name;
  part_status status = part_status::pending;
  int32_t items = 0;
  int32_t ready_items = 0;  // ready or served
  int32_t held_items = 0;
  std::optional<timestamp> started_at;  // the first line started
  std::optional<timestamp> ready_at;    // the last line ready, once the part is ready
};

/// The parts of `o`'s ticket, by station id (0 first); none without lines.
/// Pure.
std::vector<station_part> station_parts(const order& o);

}  // namespace brigade::kitchen

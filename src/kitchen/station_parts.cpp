#include "kitchen/station_parts.hpp"

#include <map>

#include "kitchen/line_progress.hpp"

namespace brigade::kitchen {
namespace {

void earliest(std::optional<timestamp>& slot, const std::optional<timestamp>& t) {
  if (t && (!slot || *t < *slot)) slot = t;
}
void latest(std::optional<timestamp>& slot, const std::optional<timestamp>& t) {
  if (t && (!slot || *t > *slot)) slot = t;
}

part_status status_of(const station_part& part, bool any_started) {
  const int32_t fired = part.items - part.held_items;
  if (fired == 0) return part_status::held;
  if (part.ready_items == fired) return part_status::ready;
  return any_started ? part_status::preparing : part_status::pending;
}

}  // namespace

std::string_view to_string(part_status s) {
  switch (s) {
    case part_status::held: return "held";
    case part_status::pending: return "pending";
    case part_status::preparing: return "preparing";
    case part_status::ready: return "ready";
  }
  return "pending";
}

std::vector<station_part> station_parts(const order& o) {
  std::map<station_id, station_part> parts;
  std::map<station_id, bool> started;
  for (const order_item& line : o.items) {
    if (line.status == item_status::cancelled) continue;
    const station_id where = workflow::line_station(o, line);
    station_part& part = parts[where];
    part.station = where;
    if (part.name.empty()) {
      part.name = line.station != 0 ? line.station_name : (o.ticket ? o.ticket->station_name : "");
    }
    ++part.items;
    if (line.held) ++part.held_items;
    if (line.held) earliest(part.next_release_at, line.release_at);
    const bool done = line.status == item_status::ready || line.status == item_status::served;
    if (done) ++part.ready_items;
    if (line.status != item_status::pending) started[where] = true;
    earliest(part.started_at, line.started_at ? line.started_at : (done ? line.ready_at : std::nullopt));
    if (!line.held) latest(part.ready_at, line.ready_at);
  }
  std::vector<station_part> out;
  out.reserve(parts.size());
  for (auto& [id, part] : parts) {
    part.status = status_of(part, started[id]);
    if (part.status != part_status::ready) part.ready_at.reset();
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace brigade::kitchen

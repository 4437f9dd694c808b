#include "realtime/events_doc.hpp"

#include <vector>

#include "kitchen/entities.hpp"
#include "kitchen/events.hpp"
#include "realtime/event_routes.hpp"

namespace brigade::realtime {
namespace {

// An event with every subject present, so each builder yields its full key
// set. The values never reach the document, only the keys.
kitchen::domain_event sample_event(kitchen::event_type type) {
  kitchen::order o;
  o.id = 1;
  o.table = 1;
  kitchen::order_item item;
  item.id = 1;
  o.items.push_back(item);
  kitchen::kitchen_order ticket;
  ticket.id = 1;
  o.ticket = ticket;
  o.cancellation = kitchen::cancel_request{};
  kitchen::domain_event e;
  e.type = type;
  e.restaurant = 1;
  e.order = std::move(o);
  e.item = 1;
  e.added_items = {1};
  e.stats = kitchen::kitchen_stats{};
  e.menu = kitchen::menu_item{};
  return e;
}

std::string code_list(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += "`" + w + "`";
  }
  return out;
}

}  // namespace

std::string render_events_markdown() {
  std::string out =
      "| Event | Trigger (domain event) | Rooms | Payload keys | Delivery |\n"
      "|---|---|---|---|---|\n";
  for (const auto& entry : event_routes()) {
    std::vector<std::string> rooms;
    for (const auto target : entry.rooms) rooms.emplace_back(to_string(target));
    std::vector<std::string> keys;
    // Named, not iterated as a temporary: a range-for over a temporary's
    // items() would outlive it in C++20.
    const auto payload = entry.build(sample_event(entry.trigger));
    for (auto it = payload.begin(); it != payload.end(); ++it) keys.push_back(it.key());
    out += "| `" + std::string(entry.name) + "` | `" +
           std::string(kitchen::to_string(entry.trigger)) + "` | " + code_list(rooms) + " | " +
           code_list(keys) + " | " +
           (entry.mode == delivery::throttled ? "throttled" : "immediate") + " |\n";
  }
  return out;
}

std::string_view generated_section(std::string_view document) {
  const auto begin = document.find(kEventsDocBegin);
  if (begin == std::string_view::npos) return {};
  const auto body = begin + kEventsDocBegin.size();
  const auto end = document.find(kEventsDocEnd, body);
  if (end == std::string_view::npos) return {};
  auto section = document.substr(body, end - body);
  // The markers sit on their own lines; the newline after the begin marker
  // belongs to the marker, not to the generated text.
  if (!section.empty() && section.front() == '\n') section.remove_prefix(1);
  return section;
}

std::string replace_generated_section(std::string_view document, std::string_view generated) {
  const auto begin = document.find(kEventsDocBegin);
  if (begin == std::string_view::npos) return std::string(document);
  const auto body = begin + kEventsDocBegin.size();
  const auto end = document.find(kEventsDocEnd, body);
  if (end == std::string_view::npos) return std::string(document);
  std::string out(document.substr(0, body));
  out += "\n";
  out += generated;
  out += document.substr(end);
  return out;
}

}  // namespace brigade::realtime

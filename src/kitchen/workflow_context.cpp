#include "kitchen/workflow_context.hpp"

#include <algorithm>

namespace brigade::kitchen::workflow {

domain_event make_event(event_type type, const context& ctx, const order& o) {
  domain_event e;
  e.type = type;
  e.restaurant = ctx.restaurant.id;
  e.occurred_at = ctx.now;
  e.actor = ctx.actor.staff_or_none();
  e.order = o;
  return e;
}

domain_event make_stats_event(const context& ctx, const kitchen_stats& stats) {
  domain_event e;
  e.type = event_type::kitchen_stats_changed;
  e.restaurant = ctx.restaurant.id;
  e.occurred_at = ctx.now;
  e.actor = ctx.actor.staff_or_none();
  e.stats = stats;
  return e;
}

void attach_saved_order(event_list& events, const order& saved) {
  for (domain_event& e : events) {
    if (!e.order) continue;
    e.order = saved;
    if (e.type != event_type::order_items_added) continue;
    const size_t added = std::min(e.added_items.size(), saved.items.size());
    const size_t first = saved.items.size() - added;
    e.added_items.clear();
    for (size_t i = first; i < saved.items.size(); ++i) e.added_items.push_back(saved.items[i].id);
  }
}

}  // namespace brigade::kitchen::workflow

#include "kitchen/stats.hpp"

namespace brigade::kitchen {
namespace {

// docs/kitchen.md "Stats": acknowledged tickets count as pending; total is
// every open ticket.
void count(kitchen_stats& stats, ticket_status status, int64_t delta) {
  switch (status) {
    case ticket_status::pending:
    case ticket_status::acknowledged:
      stats.pending += delta;
      break;
    case ticket_status::preparing:
      stats.preparing += delta;
      break;
    case ticket_status::ready:
      stats.ready += delta;
      break;
    case ticket_status::completed:
    case ticket_status::cancelled:
      return;  // closed: in no count, not in the total
  }
  stats.total += delta;
}

}  // namespace

kitchen_stats with_ticket_moved(kitchen_stats stats, std::optional<ticket_status> from,
                                std::optional<ticket_status> to) {
  if (from) count(stats, *from, -1);
  if (to) count(stats, *to, +1);
  return stats;
}

}  // namespace brigade::kitchen

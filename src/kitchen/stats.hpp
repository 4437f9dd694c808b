#pragma once

#include <optional>

#include "kitchen/entities.hpp"
#include "kitchen/status.hpp"

namespace brigade::kitchen {

/// The stats after one ticket moved from `from` to `to` (nullopt: the ticket
/// did not exist before), given the stats before: a command changes at most
/// one ticket, so the store need not count the open tickets twice. Pure.
kitchen_stats with_ticket_moved(kitchen_stats stats, std::optional<ticket_status> from,
                                std::optional<ticket_status> to);

}  // namespace brigade::kitchen

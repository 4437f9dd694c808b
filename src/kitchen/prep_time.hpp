#pragma once

#include <cstdint>
#include <optional>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"

namespace brigade::kitchen {

/// Whole minutes from `from` to `to`, rounded to the nearest minute with
/// halves going up (1:29.999 → 1, 1:30 → 2). A negative span (the clock
/// stepped back) counts as 0: a prep time is never negative. Pure.
int64_t whole_minutes_between(timestamp from, timestamp to);

/// A ticket's prepTime: whole minutes from its creation to its completion;
/// nullopt until it is completed. Pure.
std::optional<int64_t> prep_time_minutes(const kitchen_order& ticket);

}  // namespace brigade::kitchen

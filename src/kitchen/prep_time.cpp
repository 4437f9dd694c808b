#include "kitchen/prep_time.hpp"

#include <chrono>

namespace brigade::kitchen {

int64_t whole_minutes_between(timestamp from, timestamp to) {
  constexpr int64_t kMinuteMs = 60'000;
  const int64_t span_ms = (to - from).count();
  if (span_ms <= 0) return 0;
  return (span_ms + kMinuteMs / 2) / kMinuteMs;
}

std::optional<int64_t> prep_time_minutes(const kitchen_order& ticket) {
  if (!ticket.completed_at) return std::nullopt;
  return whole_minutes_between(ticket.created_at, *ticket.completed_at);
}

}  // namespace brigade::kitchen

#include "socketio/event_limiter.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace brigade::socketio {

event_limiter::event_limiter(const config& cfg, clock::time_point now)
    : bucket_(cfg.event_rate, cfg.event_burst, now),
      max_refused_(cfg.max_refused_events),
      window_(cfg.refused_events_window) {}

event_limiter::outcome event_limiter::on_event(clock::time_point now) {
  if (bucket_.try_take(now)) return {};
  // The abuse window opens at the first refusal and lasts `window_`: a
  // client that slows down when told starts afresh in the next one.
  if (refused_ == 0 || now - window_start_ >= window_) {
    window_start_ = now;
    refused_ = 0;
  }
  ++refused_;
  if (max_refused_ > 0 && refused_ > max_refused_) return {verdict::disconnect, {}};
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(bucket_.wait_for_token(now));
  return {verdict::refuse, std::max(wait, std::chrono::milliseconds(1))};
}

json rate_limited_ack(double rate, std::chrono::milliseconds retry_after) {
  return json{{"ok", false},
              {"error",
               {{"code", "rate_limited"},
                {"message", fmt::format("Too many events: at most {:g} per second", rate)},
                {"retryAfterMs", retry_after.count()}}}};
}

}  // namespace brigade::socketio

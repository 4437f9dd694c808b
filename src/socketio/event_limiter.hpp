#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "http/token_bucket.hpp"
#include "socketio/config.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

/// Decides, for one connection, whether an incoming event is handled: a
/// token bucket of `config::event_rate` / `event_burst`, and the abuse rule
/// (more than `max_refused_events` refusals within `refused_events_window`:
/// disconnect). Pure: the caller passes the time (its loop's steady clock).
/// Plain value type; not thread-safe (a connection lives on one loop).
class event_limiter {
 public:
  using clock = std::chrono::steady_clock;

  enum class verdict : uint8_t {
    accept,      // run the handler
    refuse,      // over the rate: answer with a rate_limited ack, or drop
    disconnect,  // refused too often: close the connection
  };
  struct outcome {
    verdict action = verdict::accept;
    /// When refused: how long until the next event would be accepted,
    /// rounded up to whole milliseconds, at least 1.
    std::chrono::milliseconds retry_after{0};
  };

  event_limiter(const config& cfg, clock::time_point now);

  /// Counts one incoming event at `now`.
  outcome on_event(clock::time_point now);

  double rate() const noexcept { return bucket_.rate(); }
  /// Refusals counted in the current abuse window.
  size_t refused_in_window() const noexcept { return refused_; }

 private:
  http::token_bucket bucket_;
  size_t max_refused_;
  clock::duration window_;
  clock::time_point window_start_{};
  size_t refused_ = 0;
};

/// The single argument of the ack that answers a refused event:
/// `{"ok":false,"error":{"code":"rate_limited","message":"Too many events:
/// at most R per second","retryAfterMs":N}}` (the conventions' ack error).
json rate_limited_ack(double rate, std::chrono::milliseconds retry_after);

}  // namespace brigade::socketio

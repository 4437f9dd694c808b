#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace brigade::http {

class loop_timers;
class loop_timer;

namespace detail {
/// Armed timers in deadline order: one lane of `loop_timers`.
struct timer_list {
  std::chrono::steady_clock::duration after{};  // the lane's duration
  loop_timer* head = nullptr;
  loop_timer* tail = nullptr;
};
}  // namespace detail

/// One deadline on its loop's `loop_timers`: once armed, its function runs
/// once on the loop's thread when the deadline has passed (at most about a
/// millisecond late). Meant to be a member of the object it serves (an
/// Engine.IO session's heartbeat, a client's connect timeout): arming costs
/// no allocation and no Asio operation, and the destructor cancels.
/// Neither copyable nor movable (the loop's lists point at it). Used only on
/// its loop's thread, like everything of a connection.
class loop_timer {
 public:
  using clock = std::chrono::steady_clock;
  /// Called as `fire(context)` when the deadline passes; it may re-arm this
  /// timer, arm or cancel others, or destroy the timer's owner.
  using fire_fn = void (*)(void* context);

  loop_timer(loop_timers& timers, fire_fn fire, void* context) noexcept
      : timers_(&timers), fire_(fire), context_(context) {}
  ~loop_timer();
  loop_timer(const loop_timer&) = delete;
  loop_timer& operator=(const loop_timer&) = delete;

  /// Arms (or re-arms) the timer for `after` from now.
  void arm_after(clock::duration after);
  /// Arms (or re-arms) the timer for `after` past `from`: a deadline kept on
  /// a fixed schedule even when the code arming it runs late.
  void arm_at(clock::time_point from, clock::duration after);
  /// Disarms the timer; its function will not run. Does nothing if not armed.
  void cancel() noexcept;

  bool armed() const noexcept { return list_ != nullptr; }
  /// The deadline of the last arming.
  clock::time_point deadline() const noexcept { return deadline_; }

 private:
  friend class loop_timers;

  loop_timers* timers_;
  fire_fn fire_;
  void* context_;
  clock::time_point deadline_{};
  detail::timer_list* list_ = nullptr;  // the lane (or the due list) it is in; null: not armed
  loop_timer* prev_ = nullptr;
  loop_timer* next_ = nullptr;
};

/// Every `loop_timer` of one loop, behind a single Asio timer: one timer per
/// loop instead of one per connection. A connection's deadlines come in a
/// few fixed durations (the ping interval, the ping timeout, the connect
/// timeout), so the timers are kept in one list per duration, a "lane": a
/// timer armed for `after` from now goes to the end of its lane, which
/// therefore stays in deadline order. Arming, cancelling and firing cost a
/// few pointer writes, whatever the number of timers, and the deadlines are
/// exact: the Asio timer wakes the loop only when the earliest lane head is
/// due (rounded up to the millisecond, so timers due together fire in one
/// wake-up), never to tick. A deadline out of its lane's order (`arm_at`
/// with a time in the past) is placed by walking back from the lane's end.
/// Not for many distinct durations: each is a lane, scanned on each wake-up.
/// Owned by its loop; used only on the loop's thread.
class loop_timers {
 public:
  using clock = loop_timer::clock;

  explicit loop_timers(boost::asio::io_context& context) : wake_(context) {}
  /// Disarms every timer still armed, so that their owners, destroyed later
  /// with the io_context's pending handlers, no longer reach this object.
  ~loop_timers();
  loop_timers(const loop_timers&) = delete;
  loop_timers& operator=(const loop_timers&) = delete;

  /// Timers armed now, for tests and metrics.
  size_t armed() const noexcept { return armed_; }

  /// The due timers, now: what the Asio timer does when it wakes. Public
  /// so that tests can drive it without running the loop.
  void fire_due(clock::time_point now);

 private:
  friend class loop_timer;

  void arm(loop_timer& t, clock::duration after, clock::time_point deadline);
  void remove(loop_timer& t) noexcept;
  detail::timer_list& lane_for(clock::duration after);
  /// Makes the Asio timer wake the loop by `deadline` (rounded up to the
  /// millisecond) unless it already will.
  void wake_by(clock::time_point deadline);
  void wake_for_earliest();

  boost::asio::steady_timer wake_;
  clock::time_point wake_at_ = clock::time_point::max();  // the Asio timer's pending expiry
  std::vector<std::unique_ptr<detail::timer_list>> lanes_;
  detail::timer_list due_;  // taken off their lanes, about to fire
  size_t armed_ = 0;
  bool firing_ = false;
};

}  // namespace brigade::http

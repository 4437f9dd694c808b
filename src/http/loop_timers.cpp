#include "http/loop_timers.hpp"

#include <algorithm>

namespace brigade::http {

loop_timer::~loop_timer() { cancel(); }

void loop_timer::arm_after(clock::duration after) { timers_->arm(*this, after, clock::now() + after); }

void loop_timer::arm_at(clock::time_point from, clock::duration after) { timers_->arm(*this, after, from + after); }

void loop_timer::cancel() noexcept {
  if (list_ != nullptr) timers_->remove(*this);
}

loop_timers::~loop_timers() {
  auto detach = [](detail::timer_list& list) {
    for (loop_timer* t = list.head; t != nullptr;) {
      loop_timer* next = t->next_;
      t->list_ = nullptr;
      t->prev_ = t->next_ = nullptr;
      t = next;
    }
    list.head = list.tail = nullptr;
  };
  for (auto& lane : lanes_) detach(*lane);
  detach(due_);
}

detail::timer_list& loop_timers::lane_for(clock::duration after) {
  for (auto& lane : lanes_) {
    if (lane->after == after) return *lane;
  }
  lanes_.push_back(std::make_unique<detail::timer_list>());
  lanes_.back()->after = after;
  return *lanes_.back();
}

void loop_timers::arm(loop_timer& t, clock::duration after, clock::time_point deadline) {
  if (t.list_ != nullptr) remove(t);
  detail::timer_list& lane = lane_for(after);
  // Almost always at the end: a lane's deadlines grow with the time of arming.
  loop_timer* before = lane.tail;
  while (before != nullptr && before->deadline_ > deadline) before = before->prev_;
  t.deadline_ = deadline;
  t.list_ = &lane;
  t.prev_ = before;
  t.next_ = before != nullptr ? before->next_ : lane.head;
  (t.next_ != nullptr ? t.next_->prev_ : lane.tail) = &t;
  (before != nullptr ? before->next_ : lane.head) = &t;
  ++armed_;
  if (lane.head == &t) wake_by(deadline);
}

void loop_timers::remove(loop_timer& t) noexcept {
  detail::timer_list& list = *t.list_;
  (t.prev_ != nullptr ? t.prev_->next_ : list.head) = t.next_;
  (t.next_ != nullptr ? t.next_->prev_ : list.tail) = t.prev_;
  t.list_ = nullptr;
  t.prev_ = t.next_ = nullptr;
  --armed_;
  // The Asio timer may now wake for nothing; it then sleeps until the next
  // head. Cheaper than re-arming it on every cancellation.
}

void loop_timers::wake_by(clock::time_point deadline) {
  if (firing_) return;  // fire_due arms the wake-up once it is done
  // Rounded up to the millisecond: timers due within the same millisecond
  // fire in one wake-up.
  const auto rounded = clock::time_point(std::chrono::ceil<std::chrono::milliseconds>(deadline.time_since_epoch()));
  if (rounded >= wake_at_) return;
  wake_at_ = rounded;
  wake_.expires_at(rounded);  // a wait already pending completes as aborted
  wake_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    wake_at_ = clock::time_point::max();
    fire_due(clock::now());
  });
}

void loop_timers::wake_for_earliest() {
  clock::time_point earliest = clock::time_point::max();
  for (const auto& lane : lanes_) {
    if (lane->head != nullptr) earliest = std::min(earliest, lane->head->deadline_);
  }
  if (earliest != clock::time_point::max()) wake_by(earliest);
}

void loop_timers::fire_due(clock::time_point now) {
  // First every due timer onto the due list, then fire them one by one: a
  // timer re-armed by its function goes back to a lane and waits for the
  // next wake-up, so this always ends.
  firing_ = true;
  for (auto& lane : lanes_) {
    while (lane->head != nullptr && lane->head->deadline_ <= now) {
      loop_timer& t = *lane->head;
      remove(t);
      t.list_ = &due_;
      t.prev_ = due_.tail;
      (due_.tail != nullptr ? due_.tail->next_ : due_.head) = &t;
      due_.tail = &t;
      ++armed_;
    }
  }
  while (due_.head != nullptr) {
    loop_timer& t = *due_.head;
    remove(t);
    // Last use of `t`: its function may destroy it.
    t.fire_(t.context_);
  }
  firing_ = false;
  wake_for_earliest();
}

}  // namespace brigade::http

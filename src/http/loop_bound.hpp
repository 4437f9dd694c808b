#pragma once

#include <memory>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "http/loop.hpp"

namespace brigade::http {

/// A shared reference to an object that lives on one loop (a connection, a
/// Socket.IO socket), made for work that crosses threads: a database worker
/// may hold, copy and drop it, and use it to get back to the object on its
/// loop. Two guarantees:
/// - the object is only reached on its loop: `post` and `dispatch` run the
///   callback there, and `owner()` (the loop, which outlives every
///   connection) is the only thing readable elsewhere;
/// - the reference it holds is always released on the loop, whichever
///   thread drops the last copy, so the object's destructor (sockets,
///   timers, buffers the loop may be using) never runs on another thread.
/// Thread-safety: a value type; copies may be used on any thread, one copy
/// by one thread at a time.
template <class T>
class loop_bound {
 public:
  loop_bound() = default;
  loop_bound(std::shared_ptr<T> object, loop& owner)
      : holder_(new holder{std::move(object), &owner}, &release) {}

  /// The object's loop. Any thread.
  loop& owner() const noexcept { return *holder_->owner; }

  /// Runs `fn(T&)` on the object's loop, later (never inline).
  template <class Fn>
  void post(Fn&& fn) const {
    boost::asio::post(owner().context(), [self = *this, fn = std::forward<Fn>(fn)]() mutable {
      fn(*self.holder_->object);
    });
  }

  /// Runs `fn(T&)` on the object's loop: inline when called there, else
  /// posted.
  template <class Fn>
  void dispatch(Fn&& fn) const {
    if (loop::current() == holder_->owner) {
      fn(*holder_->object);
      return;
    }
    post(std::forward<Fn>(fn));
  }

 private:
  struct holder {
    std::shared_ptr<T> object;
    loop* owner;
  };

  // The last copy went away: drop the object's reference on its loop. If
  // that loop has stopped, the posted handler is destroyed with the loop's
  // io_context, after its thread ended, which also runs no destructor
  // concurrently with the loop.
  static void release(holder* h) {
    if (loop::current() == h->owner) {
      delete h;
      return;
    }
    boost::asio::post(h->owner->context(), [doomed = std::unique_ptr<holder>(h)] {});
  }

  std::shared_ptr<holder> holder_;
};

}  // namespace brigade::http

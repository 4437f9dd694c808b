#include "http/loop_bound.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <gtest/gtest.h>

namespace brigade::http {
namespace {

// A loop running on its own thread, as io_pool runs them.
class running_loop {
 public:
  running_loop() : work_(boost::asio::make_work_guard(loop_.context())) {
    thread_ = std::thread([this] {
      loop_.bind_current_thread();
      loop_.context().run();
    });
  }
  ~running_loop() {
    work_.reset();
    thread_.join();
  }
  loop& get() { return loop_; }
  std::thread::id thread_id() const { return thread_.get_id(); }

 private:
  loop loop_{0};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

// Records the thread its destructor runs on.
struct tracked {
  explicit tracked(std::promise<std::thread::id>& died_on) : died_on(died_on) {}
  ~tracked() { died_on.set_value(std::this_thread::get_id()); }
  std::promise<std::thread::id>& died_on;
};

TEST(LoopBound, TheLastCopyDroppedElsewhereReleasesTheObjectOnItsLoop) {
  running_loop l;
  std::promise<std::thread::id> died_on;
  auto died = died_on.get_future();
  {
    loop_bound<tracked> handle(std::make_shared<tracked>(died_on), l.get());
    // Copied to, and dropped on, a third thread (a database worker).
    std::thread([copy = handle] {}).join();
  }
  EXPECT_EQ(died.get(), l.thread_id());
}

TEST(LoopBound, PostRunsOnTheLoopWithTheObject) {
  running_loop l;
  auto value = std::make_shared<int>(41);
  loop_bound<int> handle(value, l.get());
  EXPECT_EQ(&handle.owner(), &l.get());
  std::promise<std::thread::id> ran_on;
  std::thread([handle, &ran_on] {
    handle.post([&ran_on](int& v) {
      ++v;
      ran_on.set_value(std::this_thread::get_id());
    });
  }).join();
  EXPECT_EQ(ran_on.get_future().get(), l.thread_id());
  EXPECT_EQ(*value, 42);
}

TEST(LoopBound, DispatchRunsInlineOnTheLoopAndPostsFromElsewhere) {
  running_loop l;
  loop_bound<int> handle(std::make_shared<int>(0), l.get());
  std::promise<bool> inline_result;
  handle.post([&](int&) {
    bool ran = false;
    handle.dispatch([&ran](int&) { ran = true; });
    inline_result.set_value(ran);  // dispatch on the loop ran before returning
  });
  EXPECT_TRUE(inline_result.get_future().get());

  std::atomic<bool> ran{false};
  std::promise<void> done;
  handle.dispatch([&](int&) {
    ran = true;
    done.set_value();
  });
  done.get_future().wait();
  EXPECT_TRUE(ran.load());
}

TEST(LoopBound, AnObjectWhoseLoopStoppedIsReleasedWithTheLoop) {
  std::promise<std::thread::id> died_on;
  auto died = died_on.get_future();
  {
    auto stopped = std::make_unique<loop>(0);
    {
      loop_bound<tracked> handle(std::make_shared<tracked>(died_on), *stopped);
    }  // dropped off the loop: queued on a loop that never runs again
    EXPECT_EQ(died.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  }  // the loop's io_context goes, and with it the queued release
  EXPECT_EQ(died.get(), std::this_thread::get_id());
}

}  // namespace
}  // namespace brigade::http

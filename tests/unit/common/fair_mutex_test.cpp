// fair_mutex: the lock goes to waiters in the order they asked, even when
// the releasing thread asks again at once.
#include "common/fair_mutex.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace brigade {
namespace {

// Waits (bounded) until `n` threads are queued for `m`.
void await_waiting(const fair_mutex& m, size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (m.waiting() < n) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never saw " << n << " waiters";
    std::this_thread::yield();
  }
}

TEST(FairMutex, WaitersGetTheLockInTheOrderTheyAsked) {
  fair_mutex m;
  std::vector<int> order;
  m.lock();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      std::lock_guard guard(m);
      order.push_back(i);
    });
    await_waiting(m, static_cast<size_t>(i) + 1);  // queued before the next one starts
  }
  m.unlock();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(m.waiting(), 0u);
}

TEST(FairMutex, AThreadThatRelocksAtOnceGoesBehindTheOneWaiting) {
  fair_mutex m;
  std::atomic<bool> waiter_ran{false};
  std::atomic<int> relocks_before_waiter{0};
  m.lock();
  std::thread waiter([&] {
    std::lock_guard guard(m);
    waiter_ran = true;
  });
  await_waiting(m, 1);
  // The holder unlocks and asks again straight away, many times: with
  // std::mutex it could win every time.
  for (int i = 0; i < 100; ++i) {
    m.unlock();
    m.lock();
    if (!waiter_ran) ++relocks_before_waiter;
  }
  m.unlock();
  waiter.join();
  EXPECT_EQ(relocks_before_waiter.load(), 0);
}

TEST(FairMutex, ExcludesUnderContention) {
  fair_mutex m;
  int inside = 0;
  int max_inside = 0;
  long total = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        std::lock_guard guard(m);
        max_inside = std::max(max_inside, ++inside);
        ++total;
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(max_inside, 1);
  EXPECT_EQ(total, 8000);
}

}  // namespace
}  // namespace brigade

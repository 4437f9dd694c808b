#include "http/io_pool.hpp"

#include <boost/asio/post.hpp>

namespace brigade::http {

io_pool::io_pool(size_t thread_count, write_coalescing coalescing) {
  if (thread_count == 0) thread_count = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 0; i < thread_count; ++i) {
    loops_.push_back(std::make_unique<loop>(i));
    loops_.back()->set_write_coalescing(coalescing);
    guards_.emplace_back(boost::asio::make_work_guard(loops_.back()->context()));
  }
}

io_pool::~io_pool() {
  stop();
  join();
}

loop& io_pool::next() noexcept { return *loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()]; }

void io_pool::start() {
  for (auto& l : loops_) {
    threads_.emplace_back([&l = *l] {
      l.bind_current_thread();
      l.context().run();
    });
  }
}

void io_pool::release() {
  for (auto& g : guards_) g.reset();
}

void io_pool::drain_connections() {
  for (auto& l : loops_) boost::asio::post(l->context(), [&l = *l] { l.drain_connections(); });
}

void io_pool::stop() {
  for (auto& l : loops_) l->context().stop();
}

void io_pool::join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace brigade::http

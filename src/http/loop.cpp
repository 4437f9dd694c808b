#include "http/loop.hpp"

#include <boost/asio/post.hpp>

namespace brigade::http {

thread_local loop* loop::current_ = nullptr;

void loop::schedule_flush(std::shared_ptr<flushable> target) {
  pending_flushes_.push_back(std::move(target));
  if (pending_flushes_.size() == 1) {
    boost::asio::post(context_, [this] { run_flushes(); });
  }
}

void loop::run_flushes() {
  running_flushes_.swap(pending_flushes_);
  for (auto& target : running_flushes_) target->flush();
  running_flushes_.clear();
}

}  // namespace brigade::http

#include "app/thread_priority.hpp"

#include <algorithm>
#include <cerrno>

#include <sys/resource.h>
#include <unistd.h>

namespace brigade::app {

void lower_thread_priority_once(int steps) {
  thread_local bool done = false;
  if (done) return;
  done = true;
  // With PRIO_PROCESS, Linux reads a thread id as that thread alone.
  const auto self = static_cast<id_t>(gettid());
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, self);
  if (errno != 0) return;
  (void)setpriority(PRIO_PROCESS, self, std::min(19, current + steps));
}

}  // namespace brigade::app

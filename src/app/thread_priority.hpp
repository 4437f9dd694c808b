#pragma once

namespace brigade::app {

/// Lowers the calling thread's scheduling priority by `steps` nice levels
/// (at most to 19), once per thread: later calls on the same thread do
/// nothing. For background work that must yield a busy core to the I/O loops
/// and the database workers (Linux keeps a nice value per thread). Failure
/// is ignored: the work then runs at the process's priority.
/// Thread-safety: affects only the calling thread.
void lower_thread_priority_once(int steps);

}  // namespace brigade::app

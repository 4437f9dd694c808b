#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "kitchen/ids.hpp"

namespace brigade::kitchen {

/// What other processes commit to a store several nodes share, as it
/// happens: the store's side of announcement_sequencer (docs/cluster.md).
/// A store of one process (SQLite) has none.
/// Thread-safety: `start` and `stop` from one thread; the callbacks run on
/// the feed's own thread and may block (they read the store).
class outbox_feed {
 public:
  /// Another node committed events of `r` up to sequence `last`.
  using committed_fn = std::function<void(restaurant_id r, uint64_t last)>;
  /// Notifications may have been missed (the feed connected or came back):
  /// compare every outbox with what was announced.
  using resync_fn = std::function<void()>;
  /// Something went wrong that the feed recovers from by itself (the
  /// connection dropped, a notice it could not read), for the log.
  using trouble_fn = std::function<void(std::string_view what)>;

  virtual ~outbox_feed() = default;
  virtual void start(committed_fn committed, resync_fn resync, trouble_fn trouble) = 0;
  /// Stops and waits for the feed's thread; no callback runs afterwards.
  virtual void stop() = 0;
};

}  // namespace brigade::kitchen

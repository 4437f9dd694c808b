#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

#include "kitchen/outbox_feed.hpp"

namespace brigade::store::postgresql {

/// The channel every node's commits are announced on, with the payload
/// "<node>:<restaurant>:<last sequence>" (postgres_unit_of_work's NOTIFY,
/// sent by PostgreSQL when the transaction commits).
inline constexpr std::string_view kOutboxChannel = "brigade_outbox";

/// The outbox feed of a PostgreSQL store: one connection of its own that
/// LISTENs on kOutboxChannel and reports the other nodes' commits (its own
/// node's, named `own_node`, are announced by their commit). When the
/// connection drops it reconnects (100 ms, doubling up to 5 s) and asks
/// for a resync: notifications sent meanwhile are lost.
/// Thread-safety: see kitchen::outbox_feed; the callbacks run on the
/// listener's own thread.
class outbox_listener final : public kitchen::outbox_feed {
 public:
  outbox_listener(std::string url, std::string own_node);
  ~outbox_listener() override;

  void start(committed_fn committed, resync_fn resync, trouble_fn trouble) override;
  void stop() override;

  /// "<node>:<restaurant>:<last>" read back; false when it is not one.
  struct notice {
    std::string node;
    kitchen::restaurant_id restaurant = 0;
    uint64_t last = 0;
  };
  static bool parse(std::string_view payload, notice& out);

 private:
  void run();

  const std::string url_;
  const std::string own_node_;
  committed_fn committed_;
  resync_fn resync_;
  trouble_fn trouble_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace brigade::store::postgresql

#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kitchen/events.hpp"
#include "kitchen/ids.hpp"
#include "kitchen/ports.hpp"

namespace brigade::kitchen {

/// Hands every event of the outbox to this node's subscribers once, in
/// sequence order per restaurant, whichever node committed it, when several
/// nodes share one store (docs/cluster.md). On a node with a store of its
/// own, every commit is this node's and it only passes them through.
///
/// - This node's commits arrive through `publish_all` (it is the kitchen
///   service's subscriber) and go out with reach::everywhere. When events
///   before them were committed elsewhere and not yet announced here, those
///   are read from the store and announced to this node first.
/// - Another node's commits are made known by `committed_elsewhere` (the
///   store's notifications); what this node has not announced yet is read
///   from the store and goes out with reach::this_node.
/// - An event of this node that a notification of a later commit brought
///   here first (read from the store) is announced to the other servers
///   only when its own turn comes: reach::other_nodes.
///
/// Thread-safety: every member may be called from any thread. Announcements
/// are made under one mutex, in order; reading a gap from the store happens
/// under it too (rare: only when commits of two nodes interleave).
class announcement_sequencer final : public event_subscriber {
 public:
  announcement_sequencer(kitchen_store& store, std::vector<event_subscriber*> downstream);

  /// Where each restaurant's outbox stood at start-up: nothing before is
  /// announced again.
  void start_from(const std::vector<std::pair<restaurant_id, uint64_t>>& heads);

  void publish(const domain_event& event) override { publish_all(std::vector<domain_event>{event}); }
  /// A commit of this node, in its store's announcement turn.
  void publish_all(const std::vector<domain_event>& events) override;
  using event_subscriber::publish_all;

  /// Another node committed `r`'s events up to `last`.
  void committed_elsewhere(restaurant_id r, uint64_t last);
  /// Compares every restaurant's outbox with what was announced and
  /// announces the difference (after notifications may have been lost).
  void catch_up();

  /// The last sequence announced here for `r`. Stale as soon as it returns.
  uint64_t announced(restaurant_id r) const;

 private:
  /// Reads `r`'s events after `announced_[r]` up to `last` and hands them
  /// down for this node. Under mutex_.
  void announce_from_store(restaurant_id r, uint64_t last);
  void hand_down(const std::vector<domain_event>& events, reach where);

  kitchen_store& store_;
  std::vector<event_subscriber*> downstream_;
  mutable std::mutex mutex_;
  std::unordered_map<restaurant_id, uint64_t> announced_;
};

}  // namespace brigade::kitchen

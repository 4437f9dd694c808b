#pragma once

// The other nodes of a cluster, as a namespace sees them (docs/cluster.md).

#include <optional>
#include <string>
#include <vector>

#include "socketio/event_offset.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

class io_namespace;

/// Where a namespace's broadcasts go besides its own sockets: every
/// broadcast made on this node, unless marked local, is published to the
/// other nodes, which deliver it to their sockets in `rooms` (all when empty)
/// minus those in `except`. The cluster layer implements it.
/// Thread-safety: `publish` is called from any thread.
class cluster_port {
 public:
  virtual ~cluster_port() = default;
  /// `data` is the EVENT packet's data (the event's name, then its
  /// arguments) without the recovery offset, which comes apart.
  virtual void publish(const io_namespace& nsp, const std::vector<std::string>& rooms,
                       const std::vector<std::string>& except, const json& data,
                       const std::optional<event_offset>& offset) = 0;
};

}  // namespace brigade::socketio

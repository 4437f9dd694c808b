#pragma once

#include <chrono>
#include <optional>

#include <string>
#include <string_view>
#include <vector>

#include "socketio/types.hpp"

namespace brigade::socketio {

/// Selects the recipients of a broadcast in one namespace: the union of the
/// target rooms (everyone when none) minus the members of the `except`
/// rooms. Emitting encodes the packet once and hands the same bytes to every
/// loop, which delivers to its local members; a socket in several target
/// rooms receives it once.
/// A value type; `emit` is safe from any thread.
class broadcast_operator {
 public:
  explicit broadcast_operator(io_namespace& nsp) : nsp_(&nsp) {}

  broadcast_operator to(std::string room) && {
    rooms_.push_back(std::move(room));
    return std::move(*this);
  }
  broadcast_operator except(std::string room) && {
    except_.push_back(std::move(room));
    return std::move(*this);
  }
  /// Stamps the broadcast with the commit it announces, so its delivery
  /// latency is measured (brigade_broadcast_latency_seconds).
  broadcast_operator since(std::chrono::steady_clock::time_point committed_at) && {
    committed_at_ = committed_at;
    return std::move(*this);
  }
  /// Marks the broadcast recoverable at `offset` (connection state
  /// recovery, recovery.hpp): the offset becomes its last argument. Only
  /// for a namespace that recovers, and only for events its recovery
  /// backend can replay.
  broadcast_operator at(event_offset offset) && {
    offset_ = offset;
    return std::move(*this);
  }
  /// To this node's sockets only: not published to the rest of the cluster
  /// (socket.io's `local` flag), nor counted in brigade_events_emitted_total.
  /// A broadcast another node published is delivered here this way.
  broadcast_operator local() && {
    published_ = false;
    counted_ = false;
    return std::move(*this);
  }
  /// To this node's sockets only, counted as this node's emit: an event
  /// whose committing node published it to the cluster itself.
  broadcast_operator unpublished() && {
    published_ = false;
    return std::move(*this);
  }
  /// To the other servers of the cluster only: this node's sockets already
  /// had it.
  broadcast_operator published_only() && {
    delivered_here_ = false;
    return std::move(*this);
  }
  broadcast_operator to(std::string room) const& { return broadcast_operator(*this).to(std::move(room)); }
  broadcast_operator except(std::string room) const& { return broadcast_operator(*this).except(std::move(room)); }

  void emit(std::string_view event, json args = json::array()) const;
  /// The same with an EVENT packet's data as it comes: the event's name,
  /// then its arguments.
  void emit_data(json data) const;

  const std::vector<std::string>& rooms() const noexcept { return rooms_; }
  const std::vector<std::string>& excepted() const noexcept { return except_; }

 private:
  io_namespace* nsp_;
  std::vector<std::string> rooms_;
  std::vector<std::string> except_;
  std::chrono::steady_clock::time_point committed_at_{};
  std::optional<event_offset> offset_;
  bool published_ = true;       // to the cluster's other servers
  bool counted_ = true;         // in brigade_events_emitted_total
  bool delivered_here_ = true;  // to this node's sockets
};

}  // namespace brigade::socketio

#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace brigade::http {

class connection_limit;

/// Proof that a connection was admitted by a `connection_limit`: while it
/// lives, the connection counts against its address. Moves with the socket
/// (an HTTP connection hands it to the WebSocket that takes the socket over),
/// and gives the place back when destroyed. Move-only; not thread-safe, but
/// it may be destroyed on any thread.
class connection_slot {
 public:
  connection_slot() = default;
  connection_slot(connection_slot&& other) noexcept = default;
  connection_slot& operator=(connection_slot&& other) noexcept;
  connection_slot(const connection_slot&) = delete;
  connection_slot& operator=(const connection_slot&) = delete;
  ~connection_slot();

 private:
  friend class connection_limit;
  connection_slot(std::shared_ptr<connection_limit> owner, std::string address)
      : owner_(std::move(owner)), address_(std::move(address)) {}
  void release() noexcept;

  std::shared_ptr<connection_limit> owner_;  // empty: not counted
  std::string address_;
};

/// Open connections per client IP address, refusing new ones over a limit
/// so that one address cannot take all of the server's file descriptors.
/// Counts live TCP connections (a polling client holds two, a WebSocket one),
/// not sessions. Thread-safety: all members may be called from any thread;
/// one mutex guards a map operation per accept and per close.
class connection_limit : public std::enable_shared_from_this<connection_limit> {
 public:
  /// `max_per_address` 0: no limit, nothing is counted.
  static std::shared_ptr<connection_limit> create(size_t max_per_address);

  /// A slot for a new connection from `address`, or nullopt when that
  /// address already holds `max_per_address` connections.
  std::optional<connection_slot> try_admit(const std::string& address);

  /// Connections `address` holds now.
  size_t open_from(const std::string& address) const;
  size_t max_per_address() const noexcept { return max_; }

 private:
  friend class connection_slot;
  explicit connection_limit(size_t max_per_address) : max_(max_per_address) {}
  void release(const std::string& address) noexcept;

  const size_t max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, size_t> open_;  // only addresses with a connection
};

}  // namespace brigade::http

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/ip/address.hpp>

namespace brigade::http {

class connection_limit;

namespace detail {
struct connection_place;  // one counted connection (connection_limit.cpp)
}  // namespace detail

/// How a new connection was let in, or why not.
enum class admission : uint8_t {
  admitted,      // within the cap: any request
  probe_only,    // over the cap, in its headroom: one request to a probe route (health, readiness, metrics)
  over_address,  // its address (IPv6: its /64) holds max_per_address connections: 429, then closed
  server_busy,   // over the cap and its headroom: 503 server_busy, then closed
  dropped,       // refusals are already being answered at their bound: closed unanswered
};

/// A copyable handle on an admitted connection's place, for whoever checks
/// a request's token (an `exchange` keeps one): marking the connection
/// authenticated takes it out of the shedding order. Empty: does nothing.
/// Thread-safety: a value type; `mark_authenticated` is safe from any
/// thread, even after the connection closed.
class connection_ticket {
 public:
  connection_ticket() = default;
  /// The connection proved who it is (a valid bearer token, an accepted
  /// Socket.IO handshake): it is never shed to make room for another.
  void mark_authenticated() const noexcept;

 private:
  friend class connection_slot;
  connection_ticket(std::shared_ptr<connection_limit> owner, std::shared_ptr<detail::connection_place> place)
      : owner_(std::move(owner)), place_(std::move(place)) {}

  std::shared_ptr<connection_limit> owner_;
  std::shared_ptr<detail::connection_place> place_;
};

/// Proof that a connection was counted by a `connection_limit`: while it
/// lives, the connection counts against its address and the global cap (a
/// refusal being answered counts against the refusals' bound). Moves with
/// the socket (an HTTP connection hands it to the WebSocket that takes the
/// socket over), and gives the place back when destroyed. Move-only; one
/// owner at a time, on its loop; it may be destroyed on any thread.
class connection_slot {
 public:
  connection_slot() = default;
  connection_slot(connection_slot&& other) noexcept = default;
  connection_slot& operator=(connection_slot&& other) noexcept;
  connection_slot(const connection_slot&) = delete;
  connection_slot& operator=(const connection_slot&) = delete;
  ~connection_slot();

  /// What may shed this connection to make room for a new one while it is
  /// unauthenticated: called at most once, on the accepting thread with no
  /// lock held, so it must only post to the connection's loop (and hold the
  /// connection weakly). Empty: not sheddable now (a socket between its HTTP
  /// connection and its WebSocket). Replaces the previous one.
  void on_shed(std::function<void()> shed);
  void mark_authenticated() const noexcept { ticket().mark_authenticated(); }
  connection_ticket ticket() const { return {owner_, place_}; }

 private:
  friend class connection_limit;
  connection_slot(std::shared_ptr<connection_limit> owner, std::shared_ptr<detail::connection_place> place)
      : owner_(std::move(owner)), place_(std::move(place)) {}
  void release() noexcept;

  std::shared_ptr<connection_limit> owner_;  // empty: not counted
  std::shared_ptr<detail::connection_place> place_;
};

/// The open connections of one listener, held to three bounds so that no
/// client, and no crowd of clients, can take all of the process's file
/// descriptors:
/// - per client address (`max_per_address`; IPv6 counted by /64, IPv4-mapped
///   as IPv4: see address_key.hpp);
/// - in total (`max_total`): at the cap, the oldest connection that has not
///   proved who it is is shed to make room (idle keep-alive HTTP, WebSockets
///   that never completed a Socket.IO handshake); with none to shed, up to
///   `headroom` more are let in for a probe only, so a load balancer still
///   sees the node;
/// - refusals being answered at once (`headroom`): beyond, closed unanswered.
/// Counts live TCP connections (a polling client holds two, a WebSocket one),
/// not sessions. Thread-safety: every member is safe from any thread; one
/// mutex guards a few map and list operations per accept, close and
/// authentication, and is never held while a shed callback runs.
class connection_limit : public std::enable_shared_from_this<connection_limit> {
 public:
  struct settings {
    size_t max_per_address = 0;  // 0: none
    size_t max_total = 0;        // 0: none
    size_t headroom = 0;         // probe-only places over max_total; refusals answered at once (at least 1)
  };
  struct decision {
    admission verdict;
    connection_slot slot;  // empty for `dropped`, or when nothing is limited
  };
  struct totals {
    size_t authenticated = 0;
    size_t unauthenticated = 0;  // probe-only ones included
    size_t refusing = 0;         // refusals being answered
    size_t open() const noexcept { return authenticated + unauthenticated; }
  };

  /// Every bound 0: no limit, nothing is counted.
  static std::shared_ptr<connection_limit> create(settings limits);

  /// Decides about a new connection from `address`; may shed an older one
  /// (its `on_shed` callback runs before this returns).
  decision try_admit(const boost::asio::ip::address& address);

  /// Connections counted against `address` (its /64 for IPv6) now.
  size_t open_from(const boost::asio::ip::address& address) const;
  totals open() const;
  const settings& limits() const noexcept { return settings_; }

 private:
  friend class connection_slot;
  friend class connection_ticket;
  explicit connection_limit(settings limits) : settings_(limits) {}
  detail::connection_place* oldest_sheddable();
  void mark_authenticated(detail::connection_place& place) noexcept;
  void set_shed(detail::connection_place& place, std::function<void()> shed);
  void release(detail::connection_place& place) noexcept;

  const settings settings_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, size_t> per_address_;  // only addresses with a connection
  // Admitted, unauthenticated and not being shed, oldest first: the order of shedding.
  std::list<detail::connection_place*> sheddable_;
  totals totals_;
};

}  // namespace brigade::http

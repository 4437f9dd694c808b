#pragma once

// The upgrade of a polling session to WebSocket, from the probe's arrival to
// the switch (engine.io-protocol v4, "Upgrade"): the client pings "2probe"
// over the new WebSocket, the probe answers "3probe" and has the session end
// its pending poll with a noop, the client sends upgrade "5", and the probe
// hands its WebSocket over to become the session's transport. Anything else,
// the WebSocket closing, or the upgradeTimeout passing drops the probe; the
// session goes on polling.
// Thread-safety: owned by a session, on the session's loop; every member
// must be called on that loop's thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/steady_timer.hpp>

#include "http/loop.hpp"
#include "http/websocket_connection.hpp"

namespace brigade::engineio {

class upgrade_probe final : public http::ws::connection_handler,
                            public std::enable_shared_from_this<upgrade_probe> {
 public:
  /// What the probe tells its session, on the session's loop.
  class listener {
   public:
    virtual ~listener() = default;
    /// "3probe" is sent: the client pauses polling, so its pending poll, if
    /// nothing else answers it, should get a noop.
    virtual void on_probe_answered() = 0;
    /// Upgrade "5" arrived: `ws` is the session's transport from now on; the
    /// listener must take it over (`set_handler`) before returning, and may
    /// drop this probe.
    virtual void on_upgraded(std::shared_ptr<http::ws::connection> ws) = 0;
  };

  /// One probe per WebSocket offered; `owner` must outlive it.
  upgrade_probe(http::loop& loop, listener& owner);
  ~upgrade_probe() override;
  upgrade_probe(const upgrade_probe&) = delete;
  upgrade_probe& operator=(const upgrade_probe&) = delete;

  /// Answers the WebSocket handshake and waits at most `timeout` (engine.io's
  /// upgradeTimeout) for the upgrade.
  void start(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover,
             std::chrono::milliseconds timeout);
  /// Refuses a WebSocket offered when no upgrade is possible: as the
  /// reference server, completes the handshake, then closes it, so the
  /// client sees a clean close rather than a failed upgrade.
  static void refuse(http::ws::connection& ws, std::string_view client_key);

  /// Holds a WebSocket that has neither upgraded nor been dropped.
  bool active() const noexcept { return ws_ != nullptr; }
  /// Has answered the probe ping and waits for the upgrade packet: the
  /// session is upgrading.
  bool answered() const noexcept { return answered_; }

  /// Drops the probe's WebSocket, closing it with `code`.
  void cancel(uint16_t code);

  // http::ws::connection_handler (the probe WebSocket's traffic).
  void on_message(bool binary, std::string_view data) override;
  void on_closed(http::ws::close_cause cause) override;

 private:
  listener& owner_;
  boost::asio::steady_timer timeout_;
  std::shared_ptr<http::ws::connection> ws_;
  bool answered_ = false;
};

}  // namespace brigade::engineio

#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "auth/token_service.hpp"
#include "kitchen/kitchen_service.hpp"
#include "realtime/admin_sampler.hpp"
#include "realtime/restaurant_activity.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::realtime {

/// The live feed on the Socket.IO namespace "/admin" (docs/operations.md,
/// "Live admin feed").
/// - A manager's token (handshake auth {token}) watches their own
///   restaurant: its sockets, the events sent to its rooms, its comebacks
///   and its kitchen throughput over the last hour (`scope: "restaurant"`),
///   never another restaurant's or the server's figures.
/// - The operator's secret (auth {operatorToken}, `--operator-token`)
///   watches the whole server: connections, events, messages, latency,
///   errors, HTTP requests, memory (`scope: "server"`).
/// - Anything else is refused with CONNECT_ERROR {message:"Authentication
///   error"|"Forbidden", data:{code, message}}.
/// - Every `kInterval` it emits `admin:metrics` to each watcher; a socket
///   that connects first gets `admin:history`: the last five minutes of its
///   scope's samples, so its charts draw at once.
/// The throughput is read on the blocking executor (the database workers),
/// at most once per `kThroughputEvery` per restaurant, never per socket.
/// Thread-safety: `attach` and `start` during set-up; `stop` from any thread;
/// the handlers run on the sockets' loops, the timer on `timers`, the store
/// reads on `blocking`; shared state is under one mutex.
class admin_feed {
 public:
  using executor = std::function<void(std::function<void()>)>;
  static constexpr std::chrono::seconds kInterval{1};
  static constexpr size_t kHistorySamples = 300;  // five minutes
  static constexpr std::chrono::seconds kThroughputEvery{5};
  static constexpr std::chrono::minutes kThroughputWindow{60};

  /// `operator_token` empty: no operator may connect.
  admin_feed(socketio::io_namespace& nsp, kitchen::kitchen_service& kitchen, const auth::token_service& tokens,
             const restaurant_activity& activity, std::string operator_token, executor blocking,
             boost::asio::any_io_executor timers, std::function<int64_t()> resident_bytes);

  void attach();
  void start();
  void stop();

 private:
  struct watched_restaurant {
    size_t sockets = 0;
    kitchen::actor manager;  // one of the watching managers: the feed reads on their behalf
    std::optional<nlohmann::json> throughput;
    std::chrono::steady_clock::time_point refreshed_at{};
    bool refreshing = false;
    restaurant_activity::totals last;  // at the previous sample
    std::chrono::steady_clock::time_point last_at{};
    std::deque<nlohmann::json> history;
  };

  void authenticate(const socketio::socket_ptr& s, socketio::next_fn next) const;
  void on_connection(const socketio::socket_ptr& s);
  void on_operator_connection(const socketio::socket_ptr& s);
  /// One restaurant's sample since its previous one; under mutex_.
  nlohmann::json restaurant_sample(kitchen::restaurant_id r, watched_restaurant& watched, timestamp wall,
                                   std::chrono::steady_clock::time_point now);
  void tick();
  void refresh_throughput(kitchen::restaurant_id r, const kitchen::actor& manager);

  socketio::io_namespace& nsp_;
  kitchen::kitchen_service& kitchen_;
  const auth::token_service& tokens_;
  const restaurant_activity& activity_;
  const std::string operator_token_;
  executor blocking_;
  boost::asio::steady_timer timer_;
  admin_sampler sampler_;  // only on the timer's executor
  std::mutex mutex_;       // guards what follows
  std::deque<nlohmann::json> history_;  // the server's samples, for operators
  std::map<kitchen::restaurant_id, watched_restaurant> watched_;
  bool stopped_ = false;
};

/// The /admin room of a restaurant's managers.
std::string admin_room(kitchen::restaurant_id r);
/// The /admin room of the server's operators.
std::string operators_room();

}  // namespace brigade::realtime

#include "realtime/admin_feed.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "auth/secret_compare.hpp"
#include "kitchen/access_policy.hpp"
#include "kitchen/ports.hpp"
#include "realtime/socket_identity.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {
namespace {

using nlohmann::json;

json throughput_json(const kitchen::kitchen_throughput& t, std::chrono::minutes window, timestamp at) {
  json stations = json::array();
  for (const auto& st : t.stations) {
    stations.push_back({{"stationId", st.station == 0 ? json(nullptr) : json(st.station)},
                        {"name", st.name},
                        {"tickets", st.tickets},
                        {"averagePrepSeconds", st.average_prep_seconds}});
  }
  const double hours = std::chrono::duration<double, std::ratio<3600>>(window).count();
  return json{{"windowMinutes", window.count()},
              {"ticketsCompleted", t.tickets_completed},
              {"ticketsPerHour", hours > 0 ? static_cast<double>(t.tickets_completed) / hours : 0.0},
              {"stations", std::move(stations)},
              {"computedAt", format_iso8601(at)}};
}

}  // namespace

std::string admin_room(kitchen::restaurant_id r) {
  return "restaurant:" + std::to_string(r);
}

std::string operators_room() {
  return "operators";
}

admin_feed::admin_feed(socketio::io_namespace& nsp, kitchen::kitchen_service& kitchen,
                       const auth::token_service& tokens, const restaurant_activity& activity,
                       std::string operator_token, executor blocking, boost::asio::any_io_executor timers,
                       std::function<int64_t()> resident_bytes)
    : nsp_(nsp),
      kitchen_(kitchen),
      tokens_(tokens),
      activity_(activity),
      operator_token_(std::move(operator_token)),
      blocking_(std::move(blocking)),
      timer_(std::move(timers)),
      sampler_(std::move(resident_bytes)) {}

void admin_feed::attach() {
  // Watching must not change what is watched: the feed's own samples are
  // not Brigade's traffic.
  nsp_.exclude_from_metrics();
  nsp_.use([this](const socketio::socket_ptr& s, socketio::next_fn next) { authenticate(s, std::move(next)); });
  nsp_.on_connection([this](const socketio::socket_ptr& s) { on_connection(s); });
}

void admin_feed::authenticate(const socketio::socket_ptr& s, socketio::next_fn next) const {
  // The operator: the server's own secret, no staff identity.
  if (const auto& auth = s->auth(); auth.is_object() && auth.contains("operatorToken")) {
    const auto& presented = auth["operatorToken"];
    if (!presented.is_string() || !auth::same_secret(operator_token_, presented.get_ref<const std::string&>())) {
      next(socketio::connect_error{"Authentication error",
                                   json{{"code", "token_invalid"}, {"message", "Not the operator token"}}});
      return;
    }
    s->data = json{{"operator", true}};
    next(std::nullopt);
    return;
  }
  auto token = handshake_token(s->auth());
  if (!token) {
    next(socketio::connect_error{"Authentication error", wire::error_json(token.error())});
    return;
  }
  auto verified = tokens_.verify(*token);
  if (!verified) {
    next(socketio::connect_error{"Authentication error", wire::error_json(verified.error())});
    return;
  }
  remember_identity(*s, *verified);
  if (auto denied = kitchen::check_permission(actor_of(*s), kitchen::permission::view_monitoring)) {
    next(socketio::connect_error{"Forbidden",
                                 json{{"code", "forbidden"}, {"message", "The admin feed is for managers only"}}});
    return;
  }
  next(std::nullopt);
}

void admin_feed::on_operator_connection(const socketio::socket_ptr& s) {
  s->join(operators_room());
  json history = json::array();
  {
    std::lock_guard lock(mutex_);
    for (const auto& sample : history_) history.push_back(sample);
  }
  s->emit("admin:history", json{{"samples", std::move(history)}, {"throughput", nullptr}});
}

void admin_feed::on_connection(const socketio::socket_ptr& s) {
  if (s->data.value("operator", false)) {
    on_operator_connection(s);
    return;
  }
  const kitchen::actor who = actor_of(*s);
  s->join(admin_room(who.restaurant));
  json history = json::array();
  json throughput = nullptr;
  bool refresh = false;
  {
    std::lock_guard lock(mutex_);
    auto [entry, fresh] = watched_.try_emplace(who.restaurant);
    auto& watched = entry->second;
    if (fresh) {
      watched.last = activity_.of(who.restaurant);
      watched.last_at = std::chrono::steady_clock::now();
    }
    for (const auto& sample : watched.history) history.push_back(sample);
    ++watched.sockets;
    watched.manager = who;
    if (watched.throughput) throughput = *watched.throughput;
    refresh = !watched.throughput && !watched.refreshing;
    if (refresh) watched.refreshing = true;
  }
  s->emit("admin:history", json{{"samples", std::move(history)}, {"throughput", std::move(throughput)}});
  if (refresh) refresh_throughput(who.restaurant, who);
  s->on_disconnect([this, r = who.restaurant](socketio::socket&, std::string_view) {
    std::lock_guard lock(mutex_);
    auto it = watched_.find(r);
    if (it != watched_.end() && --it->second.sockets == 0 && !it->second.refreshing) watched_.erase(it);
  });
}

void admin_feed::start() {
  timer_.expires_after(kInterval);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

void admin_feed::stop() {
  boost::asio::post(timer_.get_executor(), [this] {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    timer_.cancel();
  });
}

json admin_feed::restaurant_sample(kitchen::restaurant_id r, watched_restaurant& watched, timestamp wall,
                                   std::chrono::steady_clock::time_point now) {
  const restaurant_activity::totals current = activity_.of(r);
  const auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(now - watched.last_at);
  const double seconds = std::max(interval.count(), int64_t{1}) / 1000.0;
  json sample{
      {"time", format_iso8601(wall)},
      {"intervalMs", interval.count()},
      {"scope", "restaurant"},
      // Its screens on the default namespace, and its managers watching here.
      {"connections", {{"total", current.sockets + static_cast<int64_t>(watched.sockets)}}},
      {"eventsPerSecond", static_cast<double>(current.events - watched.last.events) / seconds},
      {"reconnections", current.reconnections - watched.last.reconnections},
  };
  watched.last = current;
  watched.last_at = now;
  watched.history.push_back(sample);
  while (watched.history.size() > kHistorySamples) watched.history.pop_front();
  return sample;
}

void admin_feed::tick() {
  const timestamp wall = now_utc();
  const auto now = std::chrono::steady_clock::now();
  json sample = admin_sample_json(sampler_.sample(wall, now));
  sample["scope"] = "server";
  std::vector<std::pair<kitchen::restaurant_id, json>> outgoing;
  std::vector<std::pair<kitchen::restaurant_id, kitchen::actor>> stale;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    history_.push_back(sample);
    while (history_.size() > kHistorySamples) history_.pop_front();
    for (auto& [r, watched] : watched_) {
      if (watched.sockets == 0) continue;
      json payload = restaurant_sample(r, watched, wall, now);
      payload["throughput"] = watched.throughput ? *watched.throughput : json(nullptr);
      outgoing.emplace_back(r, std::move(payload));
      if (!watched.refreshing && now - watched.refreshed_at >= kThroughputEvery) {
        watched.refreshing = true;
        stale.emplace_back(r, watched.manager);
      }
    }
  }
  nsp_.to(operators_room()).emit("admin:metrics", std::move(sample));
  for (auto& [r, payload] : outgoing) nsp_.to(admin_room(r)).emit("admin:metrics", std::move(payload));
  for (const auto& [r, manager] : stale) refresh_throughput(r, manager);
  // Drift-free: the next tick one interval after this one was due.
  timer_.expires_at(timer_.expiry() + kInterval);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

void admin_feed::refresh_throughput(kitchen::restaurant_id r, const kitchen::actor& manager) {
  auto finish = [this, r](std::optional<json> fresh) {
    std::lock_guard lock(mutex_);
    auto it = watched_.find(r);
    if (it == watched_.end()) return;
    it->second.refreshing = false;
    it->second.refreshed_at = std::chrono::steady_clock::now();
    if (fresh) it->second.throughput = std::move(*fresh);
    if (it->second.sockets == 0) watched_.erase(it);
  };
  try {
    blocking_([this, manager, finish] {
      try {
        auto t = kitchen_.throughput(manager, kThroughputWindow);
        if (!t) {
          spdlog::warn("admin feed: throughput refused: {}", t.error().message);
          finish(std::nullopt);
          return;
        }
        finish(throughput_json(*t, kThroughputWindow, now_utc()));
      } catch (const std::exception& e) {
        spdlog::error("admin feed: reading the throughput: {}", e.what());
        finish(std::nullopt);
      }
    });
  } catch (const std::exception&) {
    finish(std::nullopt);  // the worker pool refused the job (shutting down)
  }
}

}  // namespace brigade::realtime

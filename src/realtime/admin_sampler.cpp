#include "realtime/admin_sampler.hpp"

#include <algorithm>

#include "common/metrics/catalog.hpp"

namespace brigade::realtime {
namespace {

template <typename Family>
uint64_t sum_of(const Family& f) {
  uint64_t total = 0;
  f.for_each([&](const std::vector<std::string>&, const metrics::counter& c) { total += c.value(); });
  return total;
}

double per_second(uint64_t now, uint64_t before, double seconds) {
  return seconds > 0 ? static_cast<double>(now - std::min(now, before)) / seconds : 0;
}

}  // namespace

admin_sampler::admin_sampler(std::function<int64_t()> resident_bytes, clock::time_point now)
    : resident_bytes_(std::move(resident_bytes)), last_at_(now), last_(read_totals()) {}

admin_sampler::totals admin_sampler::read_totals() {
  const auto& m = metrics::brigade();
  totals t;
  t.events = sum_of(m.events_emitted);
  t.messages = m.messages_delivered.value();
  t.http_requests = sum_of(m.http_requests);
  t.reconnections = m.reconnections.value();
  t.errors = {{"handshake_refused", m.handshake_refused.value()},
              {"validation", m.validation_errors.value()},
              {"rate_limited", m.rate_limited.value()},
              {"internal", m.internal_errors.value()}};
  t.latency = m.broadcast_latency.snapshot();
  return t;
}

admin_sample admin_sampler::sample(timestamp wall, clock::time_point now) {
  const totals current = read_totals();
  const double seconds = std::chrono::duration<double>(now - last_at_).count();
  const auto& m = metrics::brigade();
  admin_sample s;
  s.time = wall;
  s.interval_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_at_).count();
  s.connections_polling = m.connections_polling.value();
  s.connections_websocket = m.connections_websocket.value();
  s.events_per_second = per_second(current.events, last_.events, seconds);
  s.messages_per_second = per_second(current.messages, last_.messages, seconds);
  s.http_requests_per_second = per_second(current.http_requests, last_.http_requests, seconds);
  const auto latency = current.latency.minus(last_.latency);
  s.latency_p50_ms = latency.quantile(0.50) * 1000;
  s.latency_p95_ms = latency.quantile(0.95) * 1000;
  s.latency_p99_ms = latency.quantile(0.99) * 1000;
  for (const auto& [kind, count] : current.errors) {
    const auto before = last_.errors.find(kind);
    s.errors_per_second[kind] = per_second(count, before == last_.errors.end() ? 0 : before->second, seconds);
  }
  s.reconnections = static_cast<int64_t>(current.reconnections - std::min(current.reconnections, last_.reconnections));
  s.rss_bytes = resident_bytes_ ? resident_bytes_() : 0;
  last_ = current;
  last_at_ = now;
  return s;
}

nlohmann::json admin_sample_json(const admin_sample& s) {
  return nlohmann::json{
      {"time", format_iso8601(s.time)},
      {"intervalMs", s.interval_ms},
      {"connections",
       {{"total", s.connections_polling + s.connections_websocket},
        {"polling", s.connections_polling},
        {"websocket", s.connections_websocket}}},
      {"eventsPerSecond", s.events_per_second},
      {"messagesPerSecond", s.messages_per_second},
      {"latencyMs", {{"p50", s.latency_p50_ms}, {"p95", s.latency_p95_ms}, {"p99", s.latency_p99_ms}}},
      {"errorsPerSecond", s.errors_per_second},
      {"httpRequestsPerSecond", s.http_requests_per_second},
      {"reconnections", s.reconnections},
      {"memory", {{"rssBytes", s.rss_bytes}}},
  };
}

}  // namespace brigade::realtime

#include "common/metrics/catalog.hpp"

namespace brigade::metrics {
namespace {

// HTTP handlers range from microseconds (a static file from the cache) to
// a pingInterval (a long-poll that waits for data).
std::vector<double> http_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

instruments make(registry& r) {
  auto& connections =
      r.add_gauge_family("brigade_connections",
                         "Open Engine.IO sessions by their current transport (an upgrade moves one).", {"transport"});
  auto& opened =
      r.add_counter_family("brigade_connections_opened_total",
                           "Engine.IO handshakes accepted, by the transport they opened with.", {"transport"});
  auto& errors = r.add_counter_family(
      "brigade_errors_total",
      "Errors by kind: handshake_refused (Engine.IO refusals and Socket.IO CONNECT_ERROR), validation (invalid "
      "payloads, REST 400/422), rate_limited (refused events, REST 429), internal (5xx, internal errors).",
      {"kind"});
  auto& refused = r.add_counter_family(
      "brigade_connections_refused_total",
      "TCP connections turned away by the connection limits, by reason: per_address (429, over "
      "--max-connections-per-ip), server_busy (503 or closed unanswered, over --max-connections and its "
      "headroom), shed (an open connection that had not authenticated, closed to make room for a new one).",
      {"reason"});
  return instruments{
      connections.with("polling"),
      connections.with("websocket"),
      opened.with("polling"),
      opened.with("websocket"),
      r.add_counter_family("brigade_events_emitted_total",
                           "Socket.IO events emitted by the server: one per emit or broadcast, not per recipient.",
                           {"event"}),
      r.add_counter("brigade_messages_delivered_total",
                    "Socket.IO event packets handed to a socket's transport: one per recipient."),
      r.add_counter("brigade_messages_dropped_total",
                    "Socket.IO event packets a recipient's connection refused because it was closing or over its "
                    "outbound limit (a slow consumer, disconnected; a client that reconnects recovers them)."),
      r.add_histogram("brigade_broadcast_latency_seconds",
                      "From the committed change reaching the broadcaster to its packet being queued on each "
                      "recipient's transport, observed once per event loop that delivers it.",
                      latency_buckets()),
      r.add_counter("brigade_reconnections_total",
                    "Sockets of an identity (staff or device) that connected again within 60 s of disconnecting."),
      r.add_counter("brigade_sessions_recovered_total",
                    "Sockets that recovered their session after a disconnection: same id and rooms, every "
                    "missed event replayed (connection state recovery)."),
      errors.with("handshake_refused"),
      errors.with("validation"),
      errors.with("rate_limited"),
      errors.with("internal"),
      r.add_counter_family("brigade_http_requests_total",
                           "HTTP requests answered, by route pattern (never the raw path) and status.",
                           {"route", "status"}),
      r.add_histogram_family("brigade_http_request_duration_seconds",
                             "Time from reading an HTTP request to handing over its response, by route pattern "
                             "(long-polls wait up to the ping interval).",
                             {"route"}, http_buckets()),
      r.add_gauge("brigade_outbound_queue_bytes",
                  "Bytes queued for clients over all connections and not yet taken by the kernel."),
      refused.with("per_address"),
      refused.with("server_busy"),
      refused.with("shed"),
  };
}

}  // namespace

const instruments& brigade() {
  static const instruments instance = make(default_registry());
  return instance;
}

}  // namespace brigade::metrics

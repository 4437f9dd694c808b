#pragma once

#include "common/metrics/registry.hpp"

namespace brigade::metrics {

/// Every metric Brigade's layers count, registered once in the default
/// registry (docs/operations.md, "Metrics", describes each). The layers
/// hold these references; what only the composition root can see (rooms,
/// process figures, build) is added there as callbacks.
/// Thread-safety: the members are thread-safe metrics; the struct itself is
/// immutable after `brigade()` built it.
struct instruments {
  // brigade_connections{transport}: open Engine.IO sessions by transport.
  gauge& connections_polling;
  gauge& connections_websocket;
  // brigade_connections_opened_total{transport}: accepted handshakes.
  counter& opened_polling;
  counter& opened_websocket;
  // brigade_events_emitted_total{event}: one per emit call, not per recipient.
  counter_family& events_emitted;
  // brigade_messages_delivered_total: event packets handed to sockets.
  counter& messages_delivered;
  // brigade_messages_dropped_total: event packets a socket's connection
  // refused (closing, or over its outbound limit).
  counter& messages_dropped;
  // brigade_broadcast_latency_seconds: commit → socket write, per loop.
  histogram& broadcast_latency;
  // brigade_reconnections_total.
  counter& reconnections;
  // brigade_sessions_recovered_total: connection state recovery that worked.
  counter& sessions_recovered;
  // brigade_errors_total{kind}.
  counter& handshake_refused;
  counter& validation_errors;
  counter& rate_limited;
  counter& internal_errors;
  // brigade_http_requests_total{route,status}, brigade_http_request_duration_seconds{route}.
  counter_family& http_requests;
  histogram_family& http_request_duration;
  // brigade_outbound_queue_bytes: bytes queued for clients, not yet taken by the kernel.
  gauge& outbound_queue_bytes;
  // brigade_connections_refused_total{reason}: new TCP connections turned
  // away by the connection limits, and old ones shed to make room.
  counter& connections_refused_per_address;
  counter& connections_refused_busy;
  counter& connections_shed;
};

/// Brigade's metrics in `default_registry()`, registered on the first call.
/// Thread-safe (a function-local static).
const instruments& brigade();

}  // namespace brigade::metrics

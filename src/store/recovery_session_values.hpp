#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/recovery_sessions.hpp"
#include "store/row_values.hpp"

namespace brigade::store {

// How a recovery session maps to its row of recovery_sessions, shared by the
// SQLite and PostgreSQL stores (each keeps its own SQL). Pure helpers;
// thread-safe.

/// The rooms column: a JSON array of strings, in the session's order.
/// Throws std::invalid_argument for room names that are not UTF-8.
std::string rooms_to_json(const std::vector<std::string>& rooms);
/// Throws kitchen::store_failure for anything but an array of strings (a
/// damaged row: the schema's CHECK keeps it an array).
std::vector<std::string> rooms_from_json(const std::string& text);
/// Columns are signed 64-bit: a larger version would wrap around and compare
/// as older than every stored one. Throws std::invalid_argument.
int64_t version_column(uint64_t version);

/// Binds the save's ten parameters: pid, restaurant_id, identity, sid, nsp,
/// rooms, version, disconnected_at, updated_at, since_sequence.
template <typename Statement>
void bind_recovery_session(Statement& s, const kitchen::recovery_session& session, timestamp updated_at) {
  const auto rooms = rooms_to_json(session.rooms);
  const auto version = version_column(session.version);
  s.bind_text(1, session.pid)
      .bind_int(2, session.restaurant)
      .bind_text(3, session.identity)
      .bind_text(4, session.sid)
      .bind_text(5, session.nsp)
      .bind_text(6, rooms)
      .bind_int(7, version);
  bind_time(s, 8, session.disconnected_at);
  bind_time(s, 9, updated_at);
  s.bind_int(10, version_column(session.since_sequence));
}

/// The session `pid` from a row of columns restaurant_id, identity, sid, nsp,
/// rooms, version, disconnected_at, since_sequence.
template <typename Row>
kitchen::recovery_session read_recovery_session(const Row& s, std::string_view pid) {
  kitchen::recovery_session session;
  session.pid = std::string{pid};
  session.restaurant = s.column_int(0);
  session.identity = s.column_text(1);
  session.sid = s.column_text(2);
  session.nsp = s.column_text(3);
  session.rooms = rooms_from_json(s.column_text(4));
  session.version = static_cast<uint64_t>(s.column_int(5));
  session.disconnected_at = column_optional_time(s, 6);
  session.since_sequence = static_cast<uint64_t>(s.column_int(7));
  return session;
}

}  // namespace brigade::store

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/ids.hpp"

namespace brigade::kitchen {

/// What a screen's Socket.IO connection needs to be recovered after a drop
/// or a server restart (docs/reliability.md): who it was, which socket id it
/// keeps and which rooms it was in. Written by the realtime layer whenever
/// it changes (connect, join, leave, disconnect), so it survives `kill -9`.
/// Plain value type.
struct recovery_session {
  /// The private session id the client sends back (`auth.pid`):
  /// unguessable, and the key.
  std::string pid;
  restaurant_id restaurant = 0;
  /// Who was connected, as text the realtime layer writes and compares
  /// (staff or device, role, table); opaque to the store.
  std::string identity;
  /// The Socket.IO socket id the recovered socket keeps.
  std::string sid;
  /// The namespace, and the rooms by their internal names.
  std::string nsp;
  std::vector<std::string> rooms;
  /// Saves are applied in version order: a save whose version is not newer
  /// than the stored one changes nothing (saves may reach the store out of
  /// order from several worker threads).
  uint64_t version = 0;
  /// The restaurant's outbox sequence when the connection began: a client
  /// that comes back having heard no event since is replayed what followed.
  uint64_t since_sequence = 0;
  /// When the connection dropped; nullopt while it is connected.
  std::optional<timestamp> disconnected_at;
};

/// Where recovery sessions are kept.
/// Thread-safety: implementations are safe from any thread and may block:
/// call them off the I/O loops.
class recovery_session_store {
 public:
  virtual ~recovery_session_store() = default;
  /// Inserts the session, or replaces the stored one if `session.version`
  /// is newer.
  virtual void save_recovery_session(const recovery_session& session) = 0;
  /// Saves each session as save_recovery_session does, all in one durable
  /// commit (one disk flush for many screens' changes). A session that
  /// cannot be stored (an unknown restaurant, a bad value) is skipped and
  /// named in the result, "<pid>: <why>"; the others are saved. Throws
  /// store_failure when the commit itself fails (nothing is saved then).
  virtual std::vector<std::string> save_recovery_sessions(const std::vector<recovery_session>& sessions) = 0;
  virtual std::optional<recovery_session> find_recovery_session(std::string_view pid) = 0;
  virtual void delete_recovery_session(std::string_view pid) = 0;
  /// At start-up: sessions still marked connected belonged to a process
  /// that ended without saying so (`kill -9`, a crash); they count as
  /// disconnected at `at`. Returns how many were marked.
  virtual size_t disconnect_open_recovery_sessions(timestamp at) = 0;
  /// Deletes the sessions disconnected before `before` (outside the
  /// recovery window). Returns how many were deleted.
  virtual size_t expire_recovery_sessions(timestamp before) = 0;
};

}  // namespace brigade::kitchen

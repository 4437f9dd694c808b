#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "socketio/event_offset.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

/// A session found again for a returning client: the socket id it keeps
/// and the rooms it was in. Plain value type.
struct found_session {
  std::string sid;
  std::vector<std::string> rooms;
  /// Where the session's stream began: the replay starts after it when the
  /// client heard no event before it dropped, and so sends no offset.
  event_offset start;
};

/// An event a returning client missed, as it was broadcast: its name, its
/// arguments (without the offset) and its offset. Plain value type.
struct missed_event {
  std::string name;
  json args = json::array();
  event_offset offset;
};

/// Connection state recovery as socket.io 4.6+ does it, with the storage
/// left to the application (Brigade's is durable: realtime/recovery_service).
///
/// A namespace that recovers (io_namespace::enable_recovery) gives every
/// socket a private session id, `pid`, sent beside its `sid` in the CONNECT
/// reply, and every recoverable broadcast an offset as its last argument
/// (broadcast_operator::at). socket.io-client sends both back in its
/// CONNECT `auth` when it reconnects (the offset only once it has heard a
/// recoverable event; without one, the replay starts where the session's
/// stream began: socket::stream_start, which the backend sets). Once the namespace's middlewares have
/// accepted the socket again, the client asks `find` for the session, joins
/// its rooms while holding live broadcasts back, asks `missed` for what it
/// missed, then writes the missed events, the CONNECT reply (same sid and
/// pid) and the held broadcasts not among the missed ones: every event once,
/// in order. When either step finds nothing, the socket connects afresh
/// (socket.recovered stays false on the client).
///
/// Thread-safety: every member is called on the socket's loop and must not
/// block; `find` and `missed` answer later, on the socket's loop, through
/// the socket's handle (never inline).
class recovery_backend {
 public:
  using found_fn = std::function<void(socket&, std::optional<found_session>)>;
  using missed_fn = std::function<void(socket&, std::optional<std::vector<missed_event>>)>;

  virtual ~recovery_backend() = default;

  /// The session `pid`, if it belongs to whoever the middlewares found
  /// behind `s` and it disconnected within the recovery window.
  virtual void find(socket& s, const std::string& pid, found_fn done) = 0;
  /// The events for the rooms `s` is now in after `after`, oldest first; or
  /// nullopt when they cannot all be replayed (too old, too many).
  virtual void missed(socket& s, event_offset after, missed_fn done) = 0;
  /// `s` connected, joined or left a room: persist its pid, sid and rooms.
  virtual void save(socket& s) = 0;
  /// `s` disconnected. `recoverable`: by a network failure or a server
  /// shutdown, so its session is kept for the window; otherwise (it left,
  /// or was sent away) it is forgotten.
  virtual void closed(socket& s, bool recoverable) = 0;
};

}  // namespace brigade::socketio

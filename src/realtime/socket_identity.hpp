#pragma once

#include <string>

#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "socketio/socket.hpp"

namespace brigade::realtime {

// Who is behind a socket. Until the security issue brings signed tokens, the
// handshake's `auth.token` is a staff username, exactly as the REST API's
// `X-Staff` header is (api/acting_staff.cpp): this file and that one are
// what the security issue replaces.

/// The handshake's `auth.token`: a non-empty string, or `unauthenticated`.
/// Pure; thread-safe.
result<std::string> handshake_token(const socketio::json& auth);

/// Attaches the authenticated staff member to the socket (its `data`).
/// On the socket's loop only.
void remember_actor(socketio::socket& s, const kitchen::actor& who);
/// The staff member `remember_actor` attached. On the socket's loop only.
kitchen::actor actor_of(const socketio::socket& s);

}  // namespace brigade::realtime

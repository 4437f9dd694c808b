#pragma once

#include <string>

#include "auth/token_service.hpp"
#include "common/result.hpp"
#include "kitchen/entities.hpp"
#include "socketio/socket.hpp"

namespace brigade::realtime {

// Who is behind a socket: the signed token of the CONNECT packet's auth
// payload (`{token}`), verified by auth::token_service, kept in the
// socket's `data` for the commands that follow.

/// The handshake's `auth.token`: a non-empty string, or `token_missing`.
/// Pure; thread-safe.
result<std::string> handshake_token(const socketio::json& auth);

/// Attaches the verified identity to the socket (its `data`: staffId or
/// deviceId, restaurantId, name, role, tableId, expiresAt).
/// On the socket's loop only.
void remember_identity(socketio::socket& s, const auth::verified_token& identity);
/// The actor `remember_identity` attached. On the socket's loop only.
kitchen::actor actor_of(const socketio::socket& s);

/// Whether `fresh` names the same actor as the socket's (same id, role,
/// restaurant and table): a refreshed token may extend a connection, never
/// change who is behind it. Pure; thread-safe.
bool same_identity(const kitchen::actor& current, const kitchen::actor& fresh);

}  // namespace brigade::realtime

#pragma once

#include "auth/token_service.hpp"
#include "socketio/socket.hpp"

namespace brigade::realtime {

/// Holds a socket to its token's lifetime: at expiry the socket gets an
/// `auth:expired {code:"token_expired", message}` event and is disconnected
/// from the namespace (the client must log in again), unless the client
/// sent `auth:refresh {token}` with a valid token of the same identity
/// first, which moves the deadline (ack `{ok:true, expiresAt}`; a bad or
/// foreign token gets `{ok:false, error}` and changes nothing).
/// Call once per socket, on its loop, after remember_identity; `tokens`
/// must outlive the socket's loop.
void enforce_token_expiry(const socketio::socket_ptr& s, const auth::token_service& tokens);

}  // namespace brigade::realtime

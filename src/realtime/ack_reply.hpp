#pragma once

#include "common/result.hpp"
#include "socketio/types.hpp"

namespace brigade::realtime {

/// The ack of a refused command, `{ok:false, error:{code, message, ...}}`,
/// counted in brigade_errors_total when it is a validation or an internal
/// error (a refusal the client earned otherwise, forbidden or not_found, is
/// an answer, not an error of the service).
/// Thread-safe (the count is a lock-free metric).
socketio::json refusal(const error& failure);

/// Calls `ack` (if the client asked for one) with `reply` as its only
/// argument.
void answer(const socketio::ack_fn& ack, socketio::json reply);

}  // namespace brigade::realtime

#include "realtime/ack_reply.hpp"

#include "common/metrics/catalog.hpp"
#include "kitchen/errors.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {

socketio::json refusal(const error& failure) {
  const auto& m = metrics::brigade();
  if (failure.code == kitchen::kValidation) {
    m.validation_errors.inc();
  } else if (failure.code == "internal" || failure.code == "store_unavailable") {
    m.internal_errors.inc();
  }
  return socketio::json{{"ok", false}, {"error", wire::error_json(failure)}};
}

void answer(const socketio::ack_fn& ack, socketio::json reply) {
  if (ack) ack(socketio::json::array({std::move(reply)}));
}

}  // namespace brigade::realtime

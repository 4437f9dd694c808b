// The WebSocket upgrade probe: "2probe"/"3probe", upgrade "5", timeout (see
// upgrade_probe.hpp). On the owning session's loop only.
#include "engineio/upgrade_probe.hpp"

#include "common/result.hpp"
#include "engineio_codec/packet.hpp"
#include "engineio/protocol.hpp"

namespace brigade::engineio {


upgrade_probe::upgrade_probe(http::loop& loop, listener& owner) : owner_(owner), timeout_(loop.context()) {}

upgrade_probe::~upgrade_probe() {
  if (ws_) cancel(ws_close_code::normal);
}

void upgrade_probe::refuse(http::ws::connection& ws, std::string_view client_key) {
  ws.start(client_key, {}, nullptr);
  ws.close(ws_close_code::normal);
}

void upgrade_probe::start(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover,
                          std::chrono::milliseconds timeout) {
  ws_ = std::move(ws);
  ws_->start(client_key, std::move(leftover), this);
  timeout_.expires_after(timeout);
  timeout_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->cancel(ws_close_code::protocol_error);
  });
}

void upgrade_probe::cancel(uint16_t code) {
  timeout_.cancel();
  answered_ = false;
  if (auto ws = std::move(ws_)) {
    ws_.reset();
    ws->detach();
    ws->close(code);
  }
}

void upgrade_probe::on_message(bool binary, std::string_view data) {
  auto self = shared_from_this();  // the owner may drop this probe from a callback
  auto p = binary ? result<packet>(decode_binary_frame(data)) : decode_text_packet(data);
  if (!p) {
    cancel(ws_close_code::protocol_error);
    return;
  }
  if (p->type == packet_type::ping && p->data == kProbeData && !answered_) {
    answered_ = true;
    ws_->send(ws::shared_frame::make(ws::opcode::text, kProbePong));
    owner_.on_probe_answered();
  } else if (p->type == packet_type::upgrade && answered_) {
    timeout_.cancel();
    answered_ = false;
    auto ws = std::move(ws_);
    ws_.reset();
    owner_.on_upgraded(std::move(ws));
  } else {
    // Anything else before the upgrade completes: drop the probe, keep polling.
    cancel(ws_close_code::protocol_error);
  }
}

void upgrade_probe::on_closed(http::ws::close_cause) { cancel(ws_close_code::protocol_error); }

}  // namespace brigade::engineio

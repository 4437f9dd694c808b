#include "socketio/broadcast.hpp"

#include "common/metrics/catalog.hpp"
#include "engineio/session.hpp"
#include "socketio/cluster_port.hpp"
#include "socketio/io_namespace.hpp"
#include "socketio_codec/packet.hpp"

namespace brigade::socketio {

void broadcast_operator::emit(std::string_view event, json args) const { emit_data(event_data(event, std::move(args))); }

void broadcast_operator::emit_data(json data) const {
  // Another node's broadcast (local) was counted where it was emitted, and
  // its name, not from this server's fixed set, must not become a label.
  if (nsp_->counted() && counted_ && delivered_here_ && !data.empty() && data.front().is_string()) {
    metrics::brigade().events_emitted.with(data.front().get_ref<const std::string&>()).inc();
  }
  if (published_) {
    if (cluster_port* cluster = nsp_->cluster()) cluster->publish(*nsp_, rooms_, except_, data, offset_);
  }
  if (!delivered_here_) return;
  if (offset_) {
    data.push_back(offset_->to_string());
  } else {
    guard_trailing_string(*nsp_, data);
  }
  // Encode once: every recipient on every loop shares these frames.
  const encoded_packet wire = encode(packet{packet_type::event, nsp_->name(), std::nullopt, std::move(data)});
  auto frames = std::make_shared<encoded_frames>();
  frames->committed_at = committed_at_;
  frames->offset = offset_;
  frames->text = engineio::session::make_message_frame(wire.text);
  for (const auto& attachment : wire.attachments) {
    frames->attachments.push_back(engineio::session::make_binary_frame(attachment));
  }
  nsp_->fan_out(std::move(frames), rooms_, except_);
}

}  // namespace brigade::socketio

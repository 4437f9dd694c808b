// The long-polling transport: outbox, pending GET, lingering close (see
// polling_transport.hpp). On the owning session's loop only.
#include "engineio/polling_transport.hpp"

#include "common/base64.hpp"
#include "common/metrics/catalog.hpp"
#include "engineio_codec/packet.hpp"
#include "engineio/protocol.hpp"
#include "engineio/server.hpp"

namespace brigade::engineio {


namespace {

ws::frame_ptr text_frame(std::string_view packet) { return ws::shared_frame::make(ws::opcode::text, packet); }

}  // namespace

std::string encode_polling_payload(const std::vector<ws::frame_ptr>& frames) {
  std::string body;
  size_t size = 0;
  for (const auto& frame : frames) size += frame->payload().size() + 1;
  body.reserve(size + size / 3);
  for (const auto& frame : frames) {
    if (!body.empty()) body += kRecordSeparator;
    if (frame->is_binary()) {
      body += kBinaryPacketPrefix;
      base64_encode_append(frame->payload(), body);
    } else {
      body += frame->payload();
    }
  }
  return body;
}

polling_transport::polling_transport(const server& srv, http::loop& owner) : server_(srv), loop_(owner) {}

polling_transport::~polling_transport() {
  metrics::brigade().outbound_queue_bytes.add(-static_cast<int64_t>(bytes_));
}

void polling_transport::set_bytes(size_t bytes) {
  metrics::brigade().outbound_queue_bytes.add(static_cast<int64_t>(bytes) - static_cast<int64_t>(bytes_));
  bytes_ = bytes;
  if (bytes == 0) reply_bytes_ = 0;
}

void polling_transport::enqueue(ws::frame_ptr frame) {
  set_bytes(bytes_ + frame->payload().size() + 1);
  outbox_.push_back(std::move(frame));
}

void polling_transport::clear() {
  outbox_.clear();
  set_bytes(0);
}

std::vector<ws::frame_ptr> polling_transport::take_all() {
  std::vector<ws::frame_ptr> frames = std::move(outbox_);
  outbox_.clear();
  set_bytes(0);
  return frames;
}

polling_transport::queued polling_transport::push(ws::frame_ptr frame, http::ws::outbound kind) {
  if (overflowed_) return queued::overflow;
  const size_t before = bytes_;
  enqueue(std::move(frame));
  if (kind == http::ws::outbound::reply) reply_bytes_ += bytes_ - before;
  if (bytes_ - reply_bytes_ > server_.settings().max_outbound_bytes ||
      reply_bytes_ > server_.settings().max_reply_bytes) {
    clear();
    overflowed_ = true;
    return queued::overflow;
  }
  if (pending_get_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    return queued::flush_due;
  }
  return queued::ok;
}

void polling_transport::answer(std::string body) {
  if (auto get = std::move(pending_get_)) {
    pending_get_.reset();
    server_.reply(*get, std::move(body), server::content::text);
  }
}

bool polling_transport::park(const http::exchange_ptr& get) {
  if (pending_get_) {
    server_.reply_error(*get, engine_error::bad_request);
    answer(std::string(kClosePacket));
    return false;
  }
  pending_get_ = get;
  return true;
}

void polling_transport::flush() {
  flush_scheduled_ = false;
  if (!pending_get_ || outbox_.empty()) return;
  std::string body = encode_polling_payload(outbox_);
  clear();
  answer(std::move(body));
}

void polling_transport::answer_noop() {
  if (pending_get_) answer(std::string(kNoopPacket));
}

void polling_transport::send_close(bool drop_queued) {
  if (drop_queued) clear();
  enqueue(text_frame(kClosePacket));
  lingering_ = !pending_get_;
  flush();
}

void polling_transport::acknowledge_client_close() {
  if (pending_get_) {
    answer_noop();
    return;
  }
  clear();
  enqueue(text_frame(kNoopPacket));
  lingering_ = true;
}

void polling_transport::linger(std::chrono::steady_clock::duration limit, std::function<void()> expired) {
  linger_timer_ = std::make_unique<boost::asio::steady_timer>(loop_.context(), limit);
  linger_timer_->async_wait([expired = std::move(expired)](boost::system::error_code ec) {
    if (!ec) expired();
  });
}

void polling_transport::collect(const http::exchange_ptr& get) {
  pending_get_ = get;
  flush();  // the final packet, and whatever preceded it
  finish_lingering();
}

void polling_transport::finish_lingering() {
  linger_timer_.reset();
  lingering_ = false;
  clear();
}

}  // namespace brigade::engineio

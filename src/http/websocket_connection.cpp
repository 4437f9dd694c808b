#include "http/websocket_connection.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "common/metrics/catalog.hpp"
#include "http/websocket_handshake.hpp"

namespace brigade::http::ws {

// The frames themselves come from the pure codec (src/ws_codec).
using brigade::ws::close_payload;
using brigade::ws::frame_ptr;
using brigade::ws::opcode;
using brigade::ws::read_event;
using brigade::ws::shared_frame;

connection::connection(std::unique_ptr<byte_stream> stream, options opts)
    : stream_(std::move(stream)),
      reader_(opts.max_message_size),
      max_outbound_bytes_(opts.max_outbound_bytes),
      max_reply_bytes_(opts.max_reply_bytes) {}

connection::~connection() {
  metrics::brigade().outbound_queue_bytes.add(-static_cast<int64_t>(queued_bytes_));
}

void connection::count_queued(int64_t delta) noexcept {
  queued_bytes_ = static_cast<size_t>(static_cast<int64_t>(queued_bytes_) + delta);
  metrics::brigade().outbound_queue_bytes.add(delta);
}

void connection::start(std::string_view client_key, std::string leftover, connection_handler* handler) {
  handler_ = handler;
  // Called by the listener from its own thread: holds this weakly and
  // reaches it on its loop. A WebSocket never changes loop once made.
  stream_->slot().on_shed([&owner = owner(), weak = weak_from_this()] {
    boost::asio::post(owner.context(), [weak] {
      if (auto self = weak.lock()) self->shed();
    });
  });
  std::string head =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: "
      "Upgrade\r\nSec-WebSocket-Accept: ";
  head += accept_key(client_key);
  head += "\r\n\r\n";
  send(shared_frame::make_raw(std::move(head)));
  if (!leftover.empty()) {
    reader_.consume(leftover);
    // Handle bytes the client pipelined behind its request on this turn.
    auto self = shared_from_this();
    boost::asio::post(owner().context(), [self] {
      if (self->open_ && self->process_input()) self->wait_readable();
    });
    return;
  }
  wait_readable();
}

bool connection::send(frame_ptr frame, outbound kind) {
  if (!open_ || closing_) return false;
  count_queued(static_cast<int64_t>(frame->wire().size()));
  // Only bytes waiting behind the write in progress count: the completion
  // of that write may simply not have been processed yet on this turn.
  const bool overflow = kind == outbound::reply
                            ? (waiting_reply_bytes_ += frame->wire().size()) > max_reply_bytes_
                            : (waiting_bytes_ += frame->wire().size()) > max_outbound_bytes_;
  if (overflow) {
    spdlog::warn("websocket: slow consumer {} disconnected ({} bytes unsent)", stream_->remote_address(),
                 queued_bytes_);
    abort();
    // Report later: the caller may be walking a room that the handler's
    // clean-up would modify.
    boost::asio::post(owner().context(), [self = shared_from_this()] { self->finish(close_cause::overflow); });
    return false;
  }
  queue_.push_back(std::move(frame));
  if (!writing_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    owner().schedule_flush(shared_from_this());
  }
  return true;
}

void connection::send_control(opcode op, std::string_view payload) {
  auto frame = shared_frame::make(op, payload);
  count_queued(static_cast<int64_t>(frame->wire().size()));
  waiting_bytes_ += frame->wire().size();
  queue_.push_back(std::move(frame));
  if (!writing_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    owner().schedule_flush(shared_from_this());
  }
}

void connection::flush() {
  flush_scheduled_ = false;
  if (!open_ || writing_) return;
  // Everything queued joins the frames still partly unwritten; one gathered
  // write_some hands as much as the kernel takes. When nothing is left from
  // the last write (the usual case), the queue simply becomes in_flight_.
  if (in_flight_.empty()) {
    in_flight_.swap(queue_);
  } else {
    for (auto& frame : queue_) in_flight_.push_back(std::move(frame));
    queue_.clear();
  }
  waiting_bytes_ = 0;
  waiting_reply_bytes_ = 0;
  if (in_flight_.empty()) return;
  write_buffers_.clear();
  write_buffers_.reserve(in_flight_.size());
  size_t skip = in_flight_offset_;
  for (const auto& frame : in_flight_) {
    const auto wire = frame->wire().substr(skip);
    skip = 0;
    write_buffers_.emplace_back(wire.data(), wire.size());
  }
  writing_ = true;
  stream_->async_write(write_buffers_, as_receiver());
}

namespace {

template <class Vector>
void release_capacity(Vector& v) noexcept {
  Vector().swap(v);
}

}  // namespace

void connection::on_written(boost::system::error_code ec, size_t written) {
  writing_ = false;
  if (!open_) return;
  if (ec) {
    abort();
    finish(close_cause::io_error);
    return;
  }
  // Only bytes the kernel has not taken count against the outbound limit.
  count_queued(-static_cast<int64_t>(written));
  size_t done = 0;
  written += in_flight_offset_;
  while (done < in_flight_.size() && written >= in_flight_[done]->wire().size()) {
    written -= in_flight_[done]->wire().size();
    ++done;
  }
  in_flight_.erase(in_flight_.begin(), in_flight_.begin() + static_cast<std::ptrdiff_t>(done));
  in_flight_offset_ = written;
  if (in_flight_.empty() && queue_.empty()) {
    // Drained: give the queues' memory back, so a connection that once
    // received a burst is as small as a fresh one while idle. (Not `= {}`:
    // that assigns an empty initializer_list and keeps the capacity.)
    release_capacity(in_flight_);
    release_capacity(queue_);
    release_capacity(write_buffers_);
  }
  if (!in_flight_.empty() || !queue_.empty()) {
    flush();
  } else if (closing_) {
    stream_->close();
    open_ = false;
  }
}

void connection::close(uint16_t code) {
  if (!open_ || closing_) return;
  send_control(opcode::close, close_payload(code, {}));
  closing_ = true;
}

void connection::reject(std::string raw_http_response) {
  send(shared_frame::make_raw(std::move(raw_http_response)));
  closing_ = true;
}

void connection::abort() {
  if (!open_) return;
  open_ = false;
  stream_->close();
  queue_.clear();
}

void connection::shed() {
  if (!open_ || closing_) return;
  close(1013);
  finish(close_cause::shed);
}

void connection::wait_readable() {
  stream_->async_read(as_receiver());
}

std::shared_ptr<byte_stream::receiver> connection::as_receiver() {
  // The receiver base is private (nobody else should call on_read), so the
  // conversion is spelled out: same ownership, the base's address.
  return {shared_from_this(), static_cast<byte_stream::receiver*>(this)};
}

void connection::on_read(boost::system::error_code ec, std::string_view bytes) {
  if (!open_) return;
  if (ec) {
    abort();
    finish(ec == boost::asio::error::eof ? close_cause::peer_closed : close_cause::io_error);
    return;
  }
  auto self = shared_from_this();  // handlers below may drop the last owner
  reader_.consume(bytes);
  if (!process_input()) return;
  if (open_) {
    reader_.shrink();  // an idle connection keeps no read buffer
    wait_readable();
  }
}

// Returns false once the connection is finished.
bool connection::process_input() {
  for (;;) {
    if (!open_) return false;
    const read_event event = reader_.next();
    switch (event) {
      case read_event::need_more:
        return true;
      case read_event::text:
      case read_event::binary: {
        if (closing_) break;  // RFC 6455 5.5.1: no more data after our close
        if (handler_) handler_->on_message(event == read_event::binary, reader_.message());
        break;
      }
      case read_event::ping:
        if (!closing_) send_control(opcode::pong, reader_.message());
        break;
      case read_event::pong:
        break;
      case read_event::close: {
        const uint16_t code = reader_.close_code();
        if (!closing_) {
          send_control(opcode::close, close_payload(code == 1005 ? 1000 : code, {}));
          closing_ = true;
        }
        finish(close_cause::peer_closed);
        return false;
      }
      case read_event::error:
        spdlog::debug("websocket: protocol error {}: {}", reader_.close_code(), reader_.error_reason());
        if (!closing_) {
          send_control(opcode::close, close_payload(reader_.close_code(), {}));
          closing_ = true;
        }
        finish(close_cause::protocol_error);
        return false;
    }
  }
}

void connection::finish(close_cause cause) {
  if (auto* handler = handler_) {
    handler_ = nullptr;
    handler->on_closed(cause);
  }
}

}  // namespace brigade::http::ws

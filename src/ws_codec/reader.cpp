#include "ws_codec/reader.hpp"

#include <algorithm>
#include <cstring>

#include "common/utf8.hpp"

namespace brigade::ws {
namespace {

using brigade::check_utf8;
using brigade::utf8_result;
using brigade::utf8_status;


// RFC 6455 section 7.4: codes a peer may send. 1004-1006 and 1015 are
// reserved or must never appear on the wire; 0-999, 1012-2999 and 5000+ are
// not ours to accept (1012-1014 were registered with IANA later; we follow
// the RFC's list as Autobahn's strict mode does).
bool is_valid_close_code(uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
         (code >= 3000 && code <= 4999);
}

void release(std::string& s) noexcept {
  std::string().swap(s);
}

}  // namespace

void reader::consume(std::string_view bytes) {
  release_message();
  if (failed_) return;  // the connection is closing; don't grow memory for it
  if (buffer_offset_ == buffer_.size()) {
    buffer_.clear();
  } else if (buffer_offset_ > 0) {
    buffer_.erase(0, buffer_offset_);
  }
  buffer_offset_ = 0;
  buffer_.append(bytes);
}

// RFC 6455 section 5.2 (framing), 5.4 (fragmentation), 5.5 (control frames).
// A frame is parsed only once it is whole: its payload is unmasked in place in
// buffer_ and message() points at it, so a complete frame costs one copy in
// consume() and one unmask. Every check that needs only the header runs
// before the payload is waited for, so an oversized frame is refused without
// buffering it.
read_event reader::next() {
  release_message();
  if (failed_) return read_event::error;
  for (;;) {
    const size_t available = buffer_.size() - buffer_offset_;
    if (available < 2) return need_more();
    const auto* frame = reinterpret_cast<const uint8_t*>(buffer_.data() + buffer_offset_);
    const bool fin = (frame[0] & 0x80) != 0;
    if ((frame[0] & 0x70) != 0)
      return fail(1002, "reserved bit set without a negotiated extension");
    const auto op = static_cast<opcode>(frame[0] & 0x0F);
    switch (op) {
      case opcode::continuation:
      case opcode::text:
      case opcode::binary:
      case opcode::close:
      case opcode::ping:
      case opcode::pong:
        break;
      default:
        return fail(1002, "unknown opcode");
    }
    const bool control = (frame[0] & 0x08) != 0;
    // Section 5.1: a server must close on an unmasked client frame.
    if ((frame[1] & 0x80) == 0) return fail(1002, "client frame is not masked");

    uint64_t length = frame[1] & 0x7F;
    size_t header_size = 2;
    if (control) {
      if (!fin) return fail(1002, "fragmented control frame");
      if (length > 125) return fail(1002, "control frame payload longer than 125 bytes");
    } else if (length == 126) {
      if (available < 4) return need_more();
      length = static_cast<uint64_t>(frame[2]) << 8 | frame[3];
      if (length < 126) return fail(1002, "frame length not minimally encoded");
      header_size = 4;
    } else if (length == 127) {
      if (available < 10) return need_more();
      length = 0;
      for (int k = 0; k < 8; ++k) length = length << 8 | frame[2 + k];
      if ((length >> 63) != 0) return fail(1002, "64-bit frame length has its top bit set");
      if (length <= 0xFFFF) return fail(1002, "frame length not minimally encoded");
      header_size = 10;
    }
    header_size += 4;  // masking key

    if (op == opcode::continuation) {
      if (!in_fragmented_message_) return fail(1002, "continuation frame without a message");
    } else if (!control && in_fragmented_message_) {
      return fail(1002, "new data frame inside a fragmented message");
    }
    if (!control) {
      // The payload so far is <= max_message_size_, so this cannot wrap.
      const uint64_t so_far = op == opcode::continuation ? fragments_->payload.size() : 0;
      if (length > max_message_size_ - so_far) return fail(1009, "message too big");
    }
    if (available < header_size || available - header_size < length) return need_more();

    std::array<uint8_t, 4> mask;
    std::memcpy(mask.data(), frame + header_size - 4, mask.size());
    const auto size = static_cast<size_t>(length);
    char* payload = buffer_.data() + buffer_offset_ + header_size;
    apply_mask(payload, size, mask);
    buffer_offset_ += header_size + size;
    const std::string_view body(payload, size);

    switch (op) {
      case opcode::text:
      case opcode::binary:
        if (!fin) {
          in_fragmented_message_ = true;
          fragments_ = std::make_unique<fragmented_message>();
          fragments_->kind = op;
          if (!append_fragment(body, false)) return fail(1007, "text message is not valid UTF-8");
          continue;
        }
        if (op == opcode::text && check_utf8(body).status != utf8_status::valid) {
          return fail(1007, "text message is not valid UTF-8");
        }
        message_ = body;
        message_owner_ = message_owner::buffer;
        return op == opcode::text ? read_event::text : read_event::binary;
      case opcode::continuation:
        if (!append_fragment(body, fin)) return fail(1007, "text message is not valid UTF-8");
        if (!fin) continue;
        in_fragmented_message_ = false;
        message_ = fragments_->payload;
        message_owner_ = message_owner::fragments;
        return fragments_->kind == opcode::text ? read_event::text : read_event::binary;
      case opcode::ping:
      case opcode::pong:
        message_ = body;
        message_owner_ = message_owner::buffer;
        return op == opcode::ping ? read_event::ping : read_event::pong;
      case opcode::close:
        // Section 5.5.1: empty, or a 2-byte status code then a UTF-8 reason;
        // section 7.1.5: an empty close is reported as 1005.
        if (size == 0) {
          close_code_ = 1005;
          return read_event::close;
        }
        if (size == 1) return fail(1002, "close payload of one byte");
        {
          const auto code = static_cast<uint16_t>(static_cast<uint8_t>(body[0]) << 8 |
                                                  static_cast<uint8_t>(body[1]));
          if (!is_valid_close_code(code)) return fail(1002, "invalid close status code");
          const std::string_view reason = body.substr(2);
          if (check_utf8(reason).status != utf8_status::valid) {
            return fail(1007, "close reason is not valid UTF-8");
          }
          close_code_ = code;
          message_ = reason;
          message_owner_ = message_owner::buffer;
        }
        return read_event::close;
    }
  }
}

// Appends one fragment's payload and, for text, validates the new bytes plus
// any character left truncated by the previous fragment. Returns false on
// invalid UTF-8, or on a truncated character at the end of the message.
bool reader::append_fragment(std::string_view payload, bool fin) {
  fragmented_message& message = *fragments_;
  message.payload.append(payload);
  if (message.kind != opcode::text) return true;
  const utf8_result result = check_utf8(std::string_view(message.payload).substr(message.utf8_checked));
  switch (result.status) {
    case utf8_status::valid:
      message.utf8_checked = message.payload.size();
      return true;
    case utf8_status::incomplete:
      message.utf8_checked += result.complete;
      return !fin;
    case utf8_status::invalid:
      break;
  }
  return false;
}

read_event reader::fail(uint16_t code, std::string_view reason) noexcept {
  failed_ = true;
  close_code_ = code;
  error_reason_ = reason;
  message_ = {};
  message_owner_ = message_owner::none;
  in_fragmented_message_ = false;
  buffer_offset_ = 0;
  release(buffer_);
  fragments_.reset();
  return read_event::error;
}

read_event reader::need_more() noexcept {
  if (buffer_offset_ == buffer_.size()) {
    buffer_.clear();
    if (buffer_.capacity() > kRetainedCapacity) release(buffer_);
  } else if (buffer_offset_ > 0) {
    // Move the partial frame to the front once, so its remaining bytes are
    // appended without re-moving what was parsed before it.
    buffer_.erase(0, buffer_offset_);
  }
  buffer_offset_ = 0;
  return read_event::need_more;
}

// Ends the lifetime of the previous message(): a reassembled message's
// storage is emptied (and released if one large message grew it).
void reader::release_message() noexcept {
  if (message_owner_ == message_owner::fragments) fragments_.reset();
  message_ = {};
  message_owner_ = message_owner::none;
}

void reader::shrink() noexcept {
  const size_t inline_capacity = std::string().capacity();
  if (message_owner_ != message_owner::buffer) {
    const size_t remaining = buffer_.size() - buffer_offset_;
    if (remaining == 0) {
      release(buffer_);
      buffer_offset_ = 0;
    } else if (buffer_.capacity() > std::max(remaining, inline_capacity)) {
      try {
        std::string rest(buffer_, buffer_offset_);
        buffer_.swap(rest);
        buffer_offset_ = 0;
      } catch (...) {
        // Out of memory: keeping the larger buffer is still correct.
      }
    }
  }
  // An unfinished fragmented message keeps what it holds, not what it grew to.
  if (message_owner_ != message_owner::fragments && fragments_) {
    std::string& payload = fragments_->payload;
    if (payload.capacity() > std::max(payload.size(), inline_capacity)) {
      try {
        std::string copy(payload);
        payload.swap(copy);
      } catch (...) {
      }
    }
  }
}

}  // namespace brigade::ws

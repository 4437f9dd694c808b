#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ws_codec/frame.hpp"

namespace brigade::ws {

/// What the reader found in the bytes fed so far.
enum class read_event : uint8_t {
  need_more,  // no complete message yet; feed more bytes
  text,       // a complete text message (valid UTF-8) in message()
  binary,     // a complete binary message in message()
  ping,       // a ping; its payload in message(): answer with a pong
  pong,       // a pong; ignore
  close,      // the peer's close frame; close_code()/message() hold code and reason
  error,      // protocol violation; close_code() says which close status to send
};

/// Incremental RFC 6455 reader for the server side: requires masked frames,
/// reassembles fragmented messages, rejects reserved bits, bad opcodes,
/// fragmented or oversized (>125) control frames, invalid UTF-8 in text,
/// and messages larger than `max_message_size` (status 1009).
///
/// Usage: `consume` bytes, then call `next()` until it returns need_more;
/// message() stays valid until the following next()/consume().
/// Holds only the bytes of an unfinished frame or message: once next() has
/// returned need_more with nothing left over, the buffers are empty and keep
/// at most kRetainedCapacity bytes of capacity (reused by the next message);
/// shrink() then brings the reader to zero heap memory. After `error` the
/// reader stays failed and drops further input. Not thread-safe.
class reader {
 public:
  explicit reader(uint64_t max_message_size) : max_message_size_(max_message_size) {}

  /// Appends raw socket bytes to the internal buffer.
  void consume(std::string_view bytes);

  /// Parses the next event out of the buffered bytes.
  read_event next();

  std::string_view message() const noexcept { return message_; }
  uint16_t close_code() const noexcept { return close_code_; }
  std::string_view error_reason() const noexcept { return error_reason_; }

  /// Releases every buffer capacity not holding unparsed bytes or the
  /// current message(), so an idle reader owns no heap memory. Does not
  /// invalidate message().
  void shrink() noexcept;

 private:
  /// Capacity a buffer may keep once emptied, so a busy connection does not
  /// allocate per message while one large message does not pin its memory.
  static constexpr size_t kRetainedCapacity = 4096;

  // Which buffer message_ points into, so it is not freed while exposed.
  enum class message_owner : uint8_t { none, buffer, fragments };

  read_event fail(uint16_t code, std::string_view reason) noexcept;
  read_event need_more() noexcept;
  bool append_fragment(std::string_view payload, bool fin);
  void release_message() noexcept;

  uint64_t max_message_size_;
  std::string buffer_;        // unparsed input bytes; payloads are unmasked in place
  size_t buffer_offset_ = 0;  // bytes of buffer_ already parsed
  bool in_fragmented_message_ = false;
  bool failed_ = false;
  message_owner message_owner_ = message_owner::none;
  // A fragmented message being put together. Rare (socket.io clients and
  // browsers send whole frames), so it lives apart: an idle connection does
  // not carry its room. Present while one is open or is message().
  struct fragmented_message {
    std::string payload;
    size_t utf8_checked = 0;  // prefix of payload already validated as UTF-8
    opcode kind = opcode::text;
  };
  std::unique_ptr<fragmented_message> fragments_;
  std::string_view message_;  // into buffer_ or fragments_->payload (no copy per message)
  uint16_t close_code_ = 0;
  std::string_view error_reason_;  // always a string literal
};

}  // namespace brigade::ws

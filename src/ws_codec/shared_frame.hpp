#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ws_codec/frame.hpp"

namespace brigade::ws {

/// A WebSocket message encoded once, header included, shareable between any
/// number of connections (a broadcast is built once and handed to each
/// recipient by reference). The payload is also readable alone, for
/// transports that do not frame (Engine.IO long-polling).
/// Immutable after construction; thread-safe to share.
class shared_frame {
 public:
  /// A frame whose payload is `head` followed by `tail` (saves a copy when a
  /// type prefix precedes an encoded body).
  static std::shared_ptr<const shared_frame> make(opcode op, std::string_view head, std::string_view tail = {});
  /// Raw bytes sent as they are (an HTTP 101 response, say): no header.
  static std::shared_ptr<const shared_frame> make_raw(std::string bytes);

  std::string_view wire() const noexcept { return std::string_view(storage_).substr(header_offset_); }
  std::string_view payload() const noexcept { return std::string_view(storage_).substr(payload_offset_); }
  opcode op() const noexcept { return op_; }
  bool is_binary() const noexcept { return op_ == opcode::binary; }

  struct token {};  // restricts construction to the factories
  shared_frame(token, std::string storage, uint32_t header_offset, uint32_t payload_offset, opcode op)
      : storage_(std::move(storage)), header_offset_(header_offset), payload_offset_(payload_offset), op_(op) {}

 private:
  std::string storage_;
  uint32_t header_offset_;
  uint32_t payload_offset_;
  opcode op_;
};

using frame_ptr = std::shared_ptr<const shared_frame>;

}  // namespace brigade::ws

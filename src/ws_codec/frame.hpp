#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace brigade::ws {

/// RFC 6455 section 5.2 opcodes.
enum class opcode : uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

/// Largest frame header a server writes: 2 bytes + 8-byte extended length
/// (server frames are never masked).
inline constexpr size_t kMaxServerHeaderSize = 10;

/// Writes an unmasked server frame header for a payload of `length` bytes
/// into `out` and returns how many bytes it used (2, 4 or 10). Pure.
size_t write_frame_header(uint8_t* out, opcode op, bool fin, uint64_t length) noexcept;

/// A whole unmasked server frame (header + payload) as one string, used to
/// encode a broadcast once and share it between every recipient. Pure.
std::string encode_frame(opcode op, std::string_view payload);

/// The payload of a close frame: a 2-byte status code then a reason.
std::string close_payload(uint16_t status, std::string_view reason);

/// Applies (or removes; it is an XOR) the 4-byte mask to `length` bytes
/// starting at byte `offset` of the masked stream. Pure.
void apply_mask(char* data, size_t length, const std::array<uint8_t, 4>& mask, size_t offset = 0) noexcept;

}  // namespace brigade::ws

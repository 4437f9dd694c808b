#include "ws_codec/frame.hpp"

#include <cstring>

namespace brigade::ws {

// RFC 6455 section 5.2: FIN, RSV1-3 (always 0: no extensions), opcode; then
// MASK (always 0 from a server) and a 7-bit length, where 126 and 127 announce
// a 16-bit or 64-bit big-endian extended length. Section 5.2 requires the
// minimal encoding, so each length uses the shortest form that fits.
size_t write_frame_header(uint8_t* out, opcode op, bool fin, uint64_t length) noexcept {
  out[0] = static_cast<uint8_t>((fin ? 0x80U : 0x00U) | static_cast<uint8_t>(op));
  if (length < 126) {
    out[1] = static_cast<uint8_t>(length);
    return 2;
  }
  if (length <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<uint8_t>(length >> 8);
    out[3] = static_cast<uint8_t>(length);
    return 4;
  }
  out[1] = 127;
  // The most significant bit must be 0 (section 5.2); no std::string can be
  // that long, so it is masked off rather than checked.
  length &= 0x7FFF'FFFF'FFFF'FFFFULL;
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<uint8_t>(length >> (56 - 8 * i));
  return 10;
}

std::string encode_frame(opcode op, std::string_view payload) {
  uint8_t header[kMaxServerHeaderSize];
  const size_t header_size = write_frame_header(header, op, true, payload.size());
  std::string frame;
  frame.reserve(header_size + payload.size());
  frame.append(reinterpret_cast<const char*>(header), header_size);
  frame.append(payload);
  return frame;
}

std::string close_payload(uint16_t status, std::string_view reason) {
  // A control frame carries at most 125 bytes (section 5.5), leaving 123 for
  // the reason; cut it on a UTF-8 character boundary so it stays valid
  // (section 5.5.1 requires the reason to be UTF-8).
  constexpr size_t kMaxReason = 125 - 2;
  if (reason.size() > kMaxReason) {
    size_t cut = kMaxReason;
    while (cut > 0 && (static_cast<uint8_t>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  std::string payload;
  payload.reserve(2 + reason.size());
  payload += static_cast<char>(status >> 8);
  payload += static_cast<char>(status & 0xFF);
  payload.append(reason);
  return payload;
}

// Section 5.3: byte i of the payload is XORed with mask[i % 4]. Masking a
// stream that starts at `offset` uses the mask rotated by offset % 4; since 4
// divides 8, one 64-bit word built from the rotated mask repeated twice serves
// every 8-byte step, whatever the host byte order (it is assembled in memory
// order with memcpy, as the data is loaded).
void apply_mask(char* data, size_t length, const std::array<uint8_t, 4>& mask,
                size_t offset) noexcept {
  uint8_t rotated[8];
  for (size_t i = 0; i < 8; ++i) rotated[i] = mask[(offset + i) & 3];
  uint64_t word_mask;
  std::memcpy(&word_mask, rotated, sizeof word_mask);

  size_t i = 0;
  // Four independent words per step give the compiler room to vectorize.
  for (; i + 32 <= length; i += 32) {
    uint64_t w[4];
    std::memcpy(w, data + i, sizeof w);
    w[0] ^= word_mask;
    w[1] ^= word_mask;
    w[2] ^= word_mask;
    w[3] ^= word_mask;
    std::memcpy(data + i, w, sizeof w);
  }
  for (; i + 8 <= length; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, sizeof w);
    w ^= word_mask;
    std::memcpy(data + i, &w, sizeof w);
  }
  // i is a multiple of 8 here, so the tail starts at rotated[0].
  for (size_t k = 0; i < length; ++i, ++k) data[i] = static_cast<char>(data[i] ^ rotated[k]);
}

}  // namespace brigade::ws

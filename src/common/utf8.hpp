#pragma once

// UTF-8 validation, header-only so the pure codecs (ws_codec) use it
// without linking anything: the WebSocket reader's text frames and the menu
// import's CSV files. Pure; thread-safe.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace brigade {

enum class utf8_status : uint8_t { valid, invalid, incomplete };

struct utf8_result {
  utf8_status status;
  size_t complete;  // bytes forming whole characters; where a truncated tail starts
};

// Validates UTF-8 as the Unicode Standard's table 3-7 ("well-formed UTF-8
// byte sequences") defines it, which is what RFC 6455 section 8.1 asks for via
// RFC 3629: no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates
// (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF). A sequence cut off by
// the end of the input is `incomplete` rather than `invalid` when every byte
// present could still start a valid character, so fragments of a text
// message can be checked as they arrive (fail fast, section 8.1).
inline utf8_result check_utf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path: eight bytes at a time while no high bit is set.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, sizeof word);
      if ((word & 0x8080'8080'8080'8080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const uint8_t lead = s[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint8_t second_min = 0x80;
    uint8_t second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;  // overlong
      if (lead == 0xED) second_max = 0x9F;  // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;  // overlong
      if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
    } else {
      return {utf8_status::invalid, i};  // continuation byte, C0/C1 or F5..FF
    }
    for (size_t k = 1; k < length; ++k) {
      if (i + k >= n) return {utf8_status::incomplete, i};
      const uint8_t c = s[i + k];
      const bool ok = k == 1 ? c >= second_min && c <= second_max : (c & 0xC0) == 0x80;
      if (!ok) return {utf8_status::invalid, i};
    }
    i += length;
  }
  return {utf8_status::valid, n};
}

}  // namespace brigade

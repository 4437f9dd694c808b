#pragma once

// Helpers shared by the fuzz targets; independent of the code under test.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace brigade::fuzz {

/// Stops the run with a crash libFuzzer reports (and saves the input for)
/// when a property of the code under test does not hold.
inline void check(bool property) {
  if (!property) __builtin_trap();
}

/// True when the JSON text nests arrays and objects deeper than `limit`
/// (brackets inside strings do not count). nlohmann's parser is iterative
/// but comparing and copying recurse; the server never parses anything
/// deeper than 64 levels (socketio_codec/packet.cpp, api/json_body.hpp), so
/// neither do the fuzz targets.
inline bool json_deeper_than(std::string_view text, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

/// Well-formed UTF-8 by decoding each code point: no overlong forms, no
/// surrogates, nothing above U+10FFFF, no truncated sequence. Deliberately
/// naive, to cross-check the optimised validators of the codecs.
inline bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<uint8_t>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t cp;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      cp = lead & 0x07;
    } else {
      return false;
    }
    if (s.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto c = static_cast<uint8_t>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3F);
    }
    constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace brigade::fuzz

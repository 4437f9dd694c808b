#include "common/base64.hpp"

#include <array>
#include <cstdint>

namespace brigade {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_reverse_table() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr auto kReverse = make_reverse_table();

}  // namespace

void base64_encode_append(std::string_view bytes, std::string& out) {
  // Size once, then write through a pointer: appending one character at a
  // time costs a capacity check per character.
  const size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* dst = out.data() + start;
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = uint32_t{src[i]} << 16 | uint32_t{src[i + 1]} << 8 | src[i + 2];
    *dst++ = kAlphabet[n >> 18 & 63];
    *dst++ = kAlphabet[n >> 12 & 63];
    *dst++ = kAlphabet[n >> 6 & 63];
    *dst++ = kAlphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    const uint32_t n = uint32_t{src[i]} << 16 | (rest == 2 ? uint32_t{src[i + 1]} << 8 : 0);
    *dst++ = kAlphabet[n >> 18 & 63];
    *dst++ = kAlphabet[n >> 12 & 63];
    *dst++ = rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
    *dst++ = '=';
  }
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_encode_append(bytes, out);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 0) {
    // Padded form (RFC 4648 section 4): whole 4-character groups and at most
    // two '='. Stripping any number of '=' would accept "QQ====" or "QUJD=".
    if (padding > 2 || text.size() % 4 != 0) return std::nullopt;
    text.remove_suffix(padding);
  }
  // Unpadded form: a lone trailing character carries only 6 bits, no byte.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out(text.size() * 3 / 4, '\0');
  char* dst = out.data();
  uint32_t accumulator = 0;
  int bits = 0;
  for (const char c : text) {
    const int8_t value = kReverse[static_cast<unsigned char>(c)];
    if (value < 0) return std::nullopt;
    accumulator = accumulator << 6 | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *dst++ = static_cast<char>(accumulator >> bits & 0xFF);
    }
  }
  out.resize(static_cast<size_t>(dst - out.data()));
  return out;
}

}  // namespace brigade

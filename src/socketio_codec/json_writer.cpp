#include "socketio_codec/json_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace brigade::socketio {

namespace {

// ------------------------------------------------------------------ doubles
//
// nlohmann prints a double (detail::to_chars) as Grisu2's digits laid out
// like printf("%g"). Grisu2 (Loitsch 2010) works in 64-bit fixed point: it
// narrows the rounding interval [v - ulp/2, v + ulp/2] of v by its own
// error, then takes the fewest digits inside the narrowed interval, closest
// to its estimate of v. That is the shortest round trip almost always, not
// always, so the writer prints a double itself only when it can prove that
// Grisu2 prints the same digits D * 10^q; otherwise dump() writes it.
//
// The proof (digits_are_grisu2's): d = D * 10^q is inside the interval by
// more than Grisu2's error, so it is inside the narrowed one too, and either
// (a) d is the only candidate of its length, or (b) it is std::to_chars's
// shortest, closest result and its neighbours d ± 10^q are farther from v
// than d by more than that error. Grisu2 then takes d's length (no shorter
// number is in the exact interval, and d is in the narrowed one) and d
// (Grisu2's estimate of v cannot prefer a neighbour). Grisu2's error is
// below 2^-8 ulp (each of w-, w, w+ is off by less than one unit of a
// 64-bit significand, M- and M+ move one more unit inwards, and a unit is at
// most 2^-62 v < 2^-9 ulp); the checks leave 2^-7 ulp, twice that. They are
// done exactly in 128-bit integers, d = D * 2^q * 5^q and v = M * 2^e both
// scaled to integers; values that do not fit (below ~1e-20 with many
// digits, above ~1e35) fail the proof.
//
// Candidates, cheapest first: a value that is exactly a decimal of at most
// 15 digits (integers, 87.5) needs no proof; a decimal with a few digits
// after the point (19.99: the prices wire/kitchen_json writes) is guessed by
// scaling with 10^k and proven by (a); anything else takes std::to_chars's
// shortest digits, proven by (b).

__extension__ typedef unsigned __int128 uint128;  // __extension__: no -Wpedantic warning

// Every scaled quantity stays below 2^119, so multiplying by 256 cannot
// overflow.
constexpr int kScaleBits = 119;
constexpr uint128 kScaleLimit = uint128{1} << kScaleBits;

constexpr auto kPow10 = [] {
  std::array<uint64_t, 20> table{};  // 10^19 < 2^64
  table[0] = 1;
  for (size_t i = 1; i < table.size(); ++i) table[i] = table[i - 1] * 10;
  return table;
}();

constexpr auto kPow5 = [] {
  std::array<uint128, 56> table{};  // 5^55 < 2^128
  table[0] = 1;
  for (size_t i = 1; i < table.size(); ++i) table[i] = table[i - 1] * 5;
  return table;
}();

// out = a * 5^pow5 * 2^pow2, false unless below 2^119.
bool scale(uint128 a, int pow5, int pow2, uint128& out) noexcept {
  uint128 product;
  if (pow5 >= static_cast<int>(kPow5.size()) ||
      __builtin_mul_overflow(a, kPow5[static_cast<size_t>(pow5)], &product) ||
      pow2 >= kScaleBits || product >= (kScaleLimit >> pow2)) {
    return false;
  }
  out = product << pow2;
  return true;
}

// A positive finite double v = m * 2^e.
struct binary_value {
  uint64_t m;
  int e;
  bool narrow_below;  // a power of two: the next double down is 2^(e-1) away
};

binary_value decompose(uint64_t bits) noexcept {
  const uint64_t biased_exponent = (bits >> 52) & 0x7FF;
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  if (biased_exponent == 0) return {fraction, -1074, false};
  return {fraction | (uint64_t{1} << 52), static_cast<int>(biased_exponent) - 1075,
          fraction == 0 && biased_exponent > 1};
}

enum class candidate : uint8_t {
  only,      // (a): must be the only number of its length in the interval
  shortest,  // (b): std::to_chars's shortest and closest
};

// Whether Grisu2 prints `v` as the digits D * 10^q (D without trailing
// zeros); see above.
bool digits_are_grisu2(const binary_value& v, uint64_t digits, int q, candidate kind) noexcept {
  // Multiply d, v, ulp = 2^e and 10^q by 2^-min(q, e) * 5^-min(q, 0).
  const int shift2 = std::min(q, v.e);
  uint128 d, value, ulp, step;
  if (!scale(1, std::max(q, 0), q - shift2, step) || !scale(digits, std::max(q, 0), q - shift2, d) ||
      !scale(1, std::max(-q, 0), v.e - shift2, ulp) || !scale(v.m, std::max(-q, 0), v.e - shift2, value)) {
    return false;
  }
  const bool above = d >= value;
  const uint128 distance = above ? d - value : value - d;
  // Inside the interval by more than ulp/128: the half-width is ulp/2
  // (64/128), or ulp/4 (32/128) below a power of two.
  const uint128 half_width = (above || !v.narrow_below) ? 64 : 32;
  if ((distance << 7) + ulp >= half_width * ulp) return false;
  if (kind == candidate::only) {
    // Steps of 10^q wider than the interval: d ± 10^q, and every shorter
    // number (a multiple of 10^(q+1), at least 10^q from d, as D does not
    // end in 0), are outside it.
    return step > ulp && digits % 10 != 0;
  }
  // The nearer neighbour, d -/+ 10^q, is farther from v than d by more than
  // ulp/128.
  return (distance << 8) + ulp < (step << 7);
}

// D * 10^q laid out as nlohmann's dtoa_impl::format_buffer does with
// min_exp -4 and max_exp 15 (digits10).
char* layout(const char* digit_chars, int length, int q, char* out) noexcept {
  const int point = length + q;  // the decimal point goes after `point` digits
  const auto count = [](int n) { return static_cast<size_t>(n); };
  if (length <= point && point <= 15) {  // digits[000].0
    std::memcpy(out, digit_chars, count(length));
    std::memset(out + length, '0', count(point - length));
    std::memcpy(out + point, ".0", 2);
    return out + point + 2;
  }
  if (0 < point && point <= 15) {  // dig.its
    std::memcpy(out, digit_chars, count(point));
    out[point] = '.';
    std::memcpy(out + point + 1, digit_chars + point, count(length - point));
    return out + length + 1;
  }
  if (-4 < point && point <= 0) {  // 0.[000]digits
    std::memcpy(out, "0.", 2);
    std::memset(out + 2, '0', count(-point));
    std::memcpy(out + 2 - point, digit_chars, count(length));
    return out + 2 - point + length;
  }
  *out++ = digit_chars[0];  // d[.igits]e±XX, at least two exponent digits
  if (length > 1) {
    *out++ = '.';
    std::memcpy(out, digit_chars + 1, count(length - 1));
    out += length - 1;
  }
  const int exponent = point - 1;
  *out++ = 'e';
  *out++ = exponent < 0 ? '-' : '+';
  const int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) *out++ = '0';
  return std::to_chars(out, out + 3, magnitude).ptr;
}

char* layout(uint64_t digits, int q, char* out) noexcept {
  char digit_chars[20];
  const auto length = std::to_chars(digit_chars, digit_chars + sizeof digit_chars, digits).ptr - digit_chars;
  return layout(digit_chars, static_cast<int>(length), q, out);
}

// v exactly equal to a decimal of at most 15 digits: D * 10^q. Such a d is
// what Grisu2 prints without proof: a number of fewer digits is at least
// 10^-15 v away (more than the half ulp of 2^-53 v), and other numbers of as
// many digits are a whole 10^q away, far outside the interval.
bool exact_decimal(const binary_value& v, uint64_t& digits, int& q) noexcept {
  if (v.e >= 0) {
    if (v.e > 10 || v.m >= (kPow10[15] >> v.e)) return false;
    digits = v.m << v.e;
    q = 0;
  } else {
    // v = n / 2^j with n odd = n * 5^j / 10^j.
    const int zeros = std::countr_zero(v.m);
    if (zeros >= -v.e) {
      digits = v.m >> -v.e;
      if (digits >= kPow10[15]) return false;
      q = 0;
    } else {
      const int j = -v.e - zeros;
      if (j > 21) return false;  // 5^22 > 10^15
      const uint64_t n = v.m >> zeros;
      const auto pow5 = static_cast<uint64_t>(kPow5[static_cast<size_t>(j)]);
      if (n >= kPow10[15] / pow5) return false;
      digits = n * pow5;  // odd, so without trailing zeros
      q = -j;
      return true;
    }
  }
  while (digits % 10 == 0) {  // v is an integer below 10^15, not 0
    digits /= 10;
    ++q;
  }
  return true;
}

// A guess at a decimal with at most 4 digits after the point (19.99 is the
// double nearest 1999/100): the first k whose x * 10^k is within rounding of
// an integer below 10^15. Proven by digits_are_grisu2, so a wrong guess
// costs only time; beyond 4 digits std::to_chars is cheaper than guessing.
bool short_decimal(double x, uint64_t& digits, int& q) noexcept {
  if (!(x >= 1e-4 && x < 1e15)) return false;
  for (int k = 1; k <= 4; ++k) {
    const double scaled = x * static_cast<double>(kPow10[static_cast<size_t>(k)]);
    if (scaled >= 1e15) return false;
    const auto rounded = static_cast<uint64_t>(scaled + 0.5);  // below 2^53: exact
    if (std::fabs(scaled - static_cast<double>(rounded)) <= scaled * 0x1p-50) {
      digits = rounded;
      q = -k;
      while (digits % 10 == 0 && digits != 0) {
        digits /= 10;
        ++q;
      }
      return digits != 0;
    }
  }
  return false;
}

// std::to_chars's shortest round trip of x > 0: its digits (D as number and
// text) and q, with x ~ D * 10^q.
struct shortest_digits {
  uint64_t digits = 0;
  int length = 0;
  int q = 0;
  char text[17];
};

bool shortest_decimal(double x, shortest_digits& out) noexcept {
  char text[32];  // "d.dddddddddddddddde-308"
  const auto [end, ec] = std::to_chars(text, text + sizeof text, x, std::chars_format::scientific);
  if (ec != std::errc()) return false;
  const char* p = text;
  for (; p != end && *p != 'e'; ++p) {
    if (*p == '.') continue;
    if (out.length == static_cast<int>(sizeof out.text)) return false;
    out.text[out.length++] = *p;
    out.digits = out.digits * 10 + static_cast<uint64_t>(*p - '0');
  }
  if (p == end || out.length == 0) return false;
  ++p;  // 'e'
  const bool negative = p != end && *p == '-';
  if (p != end && (*p == '-' || *p == '+')) ++p;
  int exponent = 0;  // of the first digit
  if (std::from_chars(p, end, exponent).ec != std::errc()) return false;
  out.q = (negative ? -exponent : exponent) - (out.length - 1);
  return true;
}

// Writes the finite double `x` as nlohmann::detail::to_chars does and
// returns the end, or nullptr when it cannot prove the digits (see above).
char* format_double(double x, char* out) noexcept {
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  if ((bits >> 63) != 0) *out++ = '-';  // signbit: -0.0 is written "-0.0"
  if ((bits << 1) == 0) {
    std::memcpy(out, "0.0", 3);
    return out + 3;
  }
  const binary_value v = decompose(bits);
  const double magnitude = std::fabs(x);
  uint64_t digits = 0;
  int q = 0;
  if (exact_decimal(v, digits, q)) return layout(digits, q, out);
  if (short_decimal(magnitude, digits, q) && digits_are_grisu2(v, digits, q, candidate::only))
    return layout(digits, q, out);
  shortest_digits shortest;
  if (shortest_decimal(magnitude, shortest) &&
      digits_are_grisu2(v, shortest.digits, shortest.q, candidate::shortest)) {
    return layout(shortest.text, shortest.length, shortest.q, out);
  }
  return nullptr;
}

// ------------------------------------------------------------------ strings

// Length of the well-formed UTF-8 sequence at p (Unicode 15, table 3-7:
// no overlongs, no surrogates, nothing above U+10FFFF), or 0 if ill-formed.
size_t utf8_sequence_length(const unsigned char* p, size_t available) noexcept {
  const unsigned char c = p[0];
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < available && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// True if any of the 8 bytes in `v` needs a closer look in a JSON string:
// a control character (< 0x20), '"', '\\' or a non-ASCII byte. Classic SWAR
// tests (Hacker's Delight 6-1); false positives are impossible for ASCII
// bytes, and any byte >= 0x80 is flagged directly.
constexpr bool needs_attention(uint64_t v) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const uint64_t below_space = (v - kOnes * 0x20) & ~v & kHigh;
  return ((v & kHigh) | below_space | has_zero(v ^ (kOnes * '"')) | has_zero(v ^ (kOnes * '\\'))) !=
         0;
}

enum class byte_class : uint8_t { plain, escape, non_ascii };

constexpr std::array<byte_class, 256> make_byte_classes() {
  std::array<byte_class, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = c < 0x20 || c == '"' || c == '\\' ? byte_class::escape
               : c >= 0x80                       ? byte_class::non_ascii
                                                 : byte_class::plain;
  }
  return table;
}
constexpr auto kByteClass = make_byte_classes();

// Compact JSON writer producing exactly what json::dump() produces (same
// escapes, same number formatting, same key order), several times faster:
// it copies runs of plain bytes found 8 at a time, where dump() pushes every
// byte through nlohmann's UTF-8 state machine. With an attachment list it
// also swaps each binary for its placeholder in the same pass
// (socket.io-parser's deconstructPacket), numbering them in output order, so
// the binary path needs no copy of the tree.
class json_writer {
 public:
  // Writes after the current end of `out`; the spare capacity is used as a
  // raw buffer (size tracked in pos_) and trimmed in the destructor.
  json_writer(std::string& out, std::vector<std::string>* attachments)
      : out_(out), pos_(out.size()), attachments_(attachments) {
    out_.resize(out_.capacity());
    buf_ = out_.data();
    cap_ = out_.size();
  }
  ~json_writer() { out_.resize(pos_); }
  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;

  void write(const json& value) {
    switch (value.type()) {
      case json::value_t::null:
        put("null");
        return;
      case json::value_t::boolean:
        put(value.get<bool>() ? std::string_view("true") : "false");
        return;
      case json::value_t::number_integer:
        put_integer(value.get<int64_t>());
        return;
      case json::value_t::number_unsigned:
        put_integer(value.get<uint64_t>());
        return;
      case json::value_t::number_float:
        put_float(value);
        return;
      case json::value_t::string:
        if (!put_escaped(value.get_ref<const std::string&>())) put_dumped(value);
        return;
      case json::value_t::array: {
        put('[');
        bool first = true;
        for (const auto& element : value.get_ref<const json::array_t&>()) {
          if (!first) put(',');
          first = false;
          write(element);
        }
        put(']');
        return;
      }
      case json::value_t::object: {
        put('{');
        bool first = true;
        for (const auto& [key, element] : value.get_ref<const json::object_t&>()) {
          if (!first) put(',');
          first = false;
          if (!put_escaped(key)) put_dumped(json(key));
          put(':');
          write(element);
        }
        put('}');
        return;
      }
      case json::value_t::binary:
        if (attachments_ != nullptr) {
          put(R"({"_placeholder":true,"num":)");
          put_integer(attachments_->size());
          put('}');
          const auto& bytes = value.get_binary();
          attachments_->emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
          return;
        }
        put_dumped(value);  // {"bytes":[...],"subtype":null}
        return;
      case json::value_t::discarded:
        put_dumped(value);  // <discarded>
        return;
    }
  }

 private:
  char* room(size_t n) {
    if (cap_ - pos_ < n) [[unlikely]]
      grow(n);
    return buf_ + pos_;
  }
  [[gnu::noinline]] void grow(size_t n) {
    out_.resize(std::max(cap_ * 2, pos_ + n + 64));
    out_.resize(out_.capacity());
    buf_ = out_.data();
    cap_ = out_.size();
  }
  void put(char c) {
    *room(1) = c;
    ++pos_;
  }
  void put(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    pos_ += s.size();
  }

  template <typename Int>
  void put_integer(Int n) {
    char* first = room(24);  // 20 digits and a sign
    pos_ += static_cast<size_t>(std::to_chars(first, first + 24, n).ptr - first);
  }

  void put_float(const json& value) {
    const double x = value.get<double>();
    if (!std::isfinite(x)) {
      put("null");  // as dump() and JSON.stringify
      return;
    }
    if (const size_t written = format_json_double(x, room(kMaxJsonDoubleChars))) {
      pos_ += written;
      return;
    }
    put_dumped(value);
  }

  // Rare paths (ill-formed UTF-8, a double format_double cannot prove, a
  // binary outside an event): nlohmann writes it. Kept out of line so
  // dump()'s serializer does not bloat write().
  [[gnu::noinline, gnu::cold]] void put_dumped(const json& value) {
    put(value.dump(-1, ' ', false, json::error_handler_t::replace));
  }

  // Writes `"s"` escaped as dump() does; on ill-formed UTF-8 writes nothing
  // and returns false so the caller can use nlohmann's replacement.
  bool put_escaped(const std::string& s) {
    const size_t mark = pos_;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    put('"');
    size_t run = 0;  // start of the bytes not yet copied
    size_t i = 0;
    while (i < n) {
      if (n - i >= 8) {
        uint64_t block;
        std::memcpy(&block, p + i, 8);
        if (!needs_attention(block)) {
          i += 8;
          continue;
        }
      }
      const unsigned char c = p[i];
      if (kByteClass[c] == byte_class::plain) {
        ++i;
        continue;
      }
      if (kByteClass[c] == byte_class::non_ascii) {
        const size_t len = utf8_sequence_length(p + i, n - i);
        if (len == 0) {
          pos_ = mark;
          return false;
        }
        i += len;
        continue;
      }
      put(std::string_view(s.data() + run, i - run));
      char* e = room(6);
      e[0] = '\\';
      size_t written = 2;
      switch (c) {
        case '"':
          e[1] = '"';
          break;
        case '\\':
          e[1] = '\\';
          break;
        case '\b':
          e[1] = 'b';
          break;
        case '\t':
          e[1] = 't';
          break;
        case '\n':
          e[1] = 'n';
          break;
        case '\f':
          e[1] = 'f';
          break;
        case '\r':
          e[1] = 'r';
          break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          e[1] = 'u';
          e[2] = '0';
          e[3] = '0';
          e[4] = kHex[c >> 4];
          e[5] = kHex[c & 0xF];
          written = 6;
        }
      }
      pos_ += written;
      run = ++i;
    }
    put(std::string_view(s.data() + run, n - run));
    put('"');
    return true;
  }

  std::string& out_;
  char* buf_ = nullptr;  // out_.data(), cached: out_ is only resized in grow()
  size_t cap_ = 0;       // out_.size()
  size_t pos_;
  std::vector<std::string>* attachments_;
};

}  // namespace

size_t format_json_double(double x, char* buffer) noexcept {
  // Longest output: "-" + "0.000" + 17 digits, or "-d." + 16 digits + "e-308".
  static_assert(kMaxJsonDoubleChars >= 24);
  const char* end = format_double(x, buffer);
  return end == nullptr ? 0 : static_cast<size_t>(end - buffer);
}

void append_json(std::string& out, const json& value) {
  json_writer(out, nullptr).write(value);
}

void append_json_with_placeholders(std::string& out, const json& value,
                                   std::vector<std::string>& attachments) {
  json_writer(out, &attachments).write(value);
}

}  // namespace brigade::socketio

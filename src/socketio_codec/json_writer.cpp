#include "socketio_codec/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace brigade::socketio {

namespace {

// Appends nlohmann's own compact serialization of `value` to `out`, without
// the temporary string json::dump() would build: the sink is a stack object
// wrapped in a non-owning shared_ptr (aliasing constructor). Invalid UTF-8
// is replaced by U+FFFD instead of throwing: the codec must not throw.
void append_nlohmann(std::string& out, const json& value) {
  nlohmann::detail::output_string_adapter<char, std::string> adapter(out);
  nlohmann::detail::output_adapter_t<char> sink(std::shared_ptr<void>{}, &adapter);
  nlohmann::detail::serializer<json> serializer(sink, ' ', json::error_handler_t::replace);
  serializer.dump(value, /*pretty_print=*/false, /*ensure_ascii=*/false, /*indent_step=*/0);
}

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
        put_float(value.get<double>());
        return;
      case json::value_t::string:
        if (!put_escaped(value.get_ref<const std::string&>())) put_nlohmann(value);
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
          if (!put_escaped(key)) put_nlohmann(json(key));
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
        put_nlohmann(value);  // {"bytes":[...],"subtype":null}, as dump()
        return;
      case json::value_t::discarded:
        put_nlohmann(value);
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

  void put_float(double x) {
    if (!std::isfinite(x)) {
      put("null");  // as dump() and JSON.stringify
      return;
    }
    char* first = room(64);  // nlohmann's serializer uses a 64-byte buffer too
    pos_ += static_cast<size_t>(nlohmann::detail::to_chars(first, first + 64, x) - first);
  }

  // Rare path (binary outside an event, ill-formed UTF-8): let nlohmann write it.
  void put_nlohmann(const json& value) {
    out_.resize(pos_);
    append_nlohmann(out_, value);
    pos_ = out_.size();
    out_.resize(out_.capacity());
    buf_ = out_.data();
    cap_ = out_.size();
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

void append_json(std::string& out, const json& value) {
  json_writer(out, nullptr).write(value);
}

void append_json_with_placeholders(std::string& out, const json& value,
                                   std::vector<std::string>& attachments) {
  json_writer(out, &attachments).write(value);
}

}  // namespace brigade::socketio

// Socket.IO v5 packet codec (socket.io-protocol v5, "Packet encoding"):
//
//   <type>[<attachments>-][<nsp>,][<ack id>][<JSON payload>]
//
// followed, for BINARY_EVENT / BINARY_ACK, by one binary frame per
// attachment. The decoder mirrors socket.io-parser's `Decoder#decodeString`,
// `isPayloadValid` and `reconstructPacket`; where it is stricter than the
// reference (in ways no conforming peer relies on) the comment says
// "Stricter" and why.
#include "socketio_codec/packet.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <utility>

namespace brigade::socketio {

namespace {

// Ack ids are JavaScript numbers on the other side: anything beyond
// Number.MAX_SAFE_INTEGER (16 digits) cannot be echoed back exactly by a JS
// peer, and no client ever allocates one (socket.io-client counts from 0).
constexpr size_t kMaxAckIdDigits = 16;
constexpr uint64_t kMaxAckId = 9'007'199'254'740'991;  // 2^53 - 1

// The attachment count is bounded by decoder_limits::max_attachments; this
// only keeps the digit loop from overflowing before that check runs.
constexpr size_t kMaxAttachmentDigits = 9;

// nlohmann's parser and destructor are iterative, but copying, comparing and
// dumping a json value recurse; a 1 MB Engine.IO payload of '[' would blow
// the stack of whoever touches the data next. Real payloads are a handful of
// levels deep.
constexpr size_t kMaxJsonDepth = 64;

constexpr std::string_view kPlaceholderKey = "_placeholder";
constexpr std::string_view kNumKey = "num";

// socket.io-parser's RESERVED_EVENTS.
constexpr std::array<std::string_view, 6> kReservedEvents = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
};

brigade::error parse_error(std::string message) {
  return make_error("parse_error", std::move(message));
}

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

const char* type_name(packet_type type) noexcept {
  switch (type) {
    case packet_type::connect:
      return "CONNECT";
    case packet_type::disconnect:
      return "DISCONNECT";
    case packet_type::event:
      return "EVENT";
    case packet_type::ack:
      return "ACK";
    case packet_type::connect_error:
      return "CONNECT_ERROR";
    case packet_type::binary_event:
      return "BINARY_EVENT";
    case packet_type::binary_ack:
      return "BINARY_ACK";
  }
  return "UNKNOWN";
}

// ---------------------------------------------------------------- encoding

size_t count_binaries(const json& value) {
  switch (value.type()) {
    case json::value_t::binary:
      return 1;
    case json::value_t::array: {
      size_t n = 0;
      for (const auto& element : value.get_ref<const json::array_t&>())
        n += count_binaries(element);
      return n;
    }
    case json::value_t::object: {
      size_t n = 0;
      for (const auto& [key, element] : value.get_ref<const json::object_t&>())
        n += count_binaries(element);
      return n;
    }
    default:
      return 0;
  }
}

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

void append_number(std::string& out, uint64_t n) {
  std::array<char, 24> buffer;
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), n);
  (void)ec;  // 24 chars always hold a uint64_t
  out.append(buffer.data(), end);
}

void append_header(std::string& out, packet_type type, const packet& p, size_t attachments) {
  out.push_back(static_cast<char>('0' + static_cast<int>(type)));
  if (type == packet_type::binary_event || type == packet_type::binary_ack) {
    append_number(out, attachments);
    out.push_back('-');
  }
  // The main namespace is implicit (socket.io-parser: `obj.nsp && "/" !== obj.nsp`).
  if (!p.nsp.empty() && p.nsp != "/") {
    out.append(p.nsp);
    out.push_back(',');
  }
  if (p.id) append_number(out, *p.id);
}

// ---------------------------------------------------------------- decoding

struct text_header {
  packet_type type = packet_type::event;
  size_t attachments = 0;
  std::string_view nsp = "/";
  std::optional<uint64_t> id;
  std::string_view payload;  // empty = no payload
};

result<text_header> parse_header(std::string_view text, const decoder_limits& limits) {
  text_header h;
  if (text.empty()) return parse_error("empty packet");

  // Stricter: socket.io-parser does Number(str.charAt(0)), which maps "" and
  // " " to CONNECT. Only the seven digits are packet types.
  const char t = text[0];
  if (t < '0' || t > '6') {
    return parse_error(std::string("unknown packet type '") + t + "'");
  }
  h.type = static_cast<packet_type>(t - '0');
  size_t i = 1;

  if (h.type == packet_type::binary_event || h.type == packet_type::binary_ack) {
    // "<digits>-". Stricter: the reference accepts an empty count ("5-"),
    // because "" == Number("") in JavaScript.
    const size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (i - start >= kMaxAttachmentDigits) return parse_error("attachment count too long");
      ++i;
    }
    if (i == start) return parse_error("attachment count missing or not a number");
    if (i == text.size() || text[i] != '-') {
      return parse_error("attachment count not followed by '-'");
    }
    size_t count = 0;
    std::from_chars(text.data() + start, text.data() + i, count);
    if (count > limits.max_attachments) {
      return parse_error("too many attachments: " + std::to_string(count) + " (limit " +
                         std::to_string(limits.max_attachments) + ")");
    }
    h.attachments = count;
    ++i;  // '-'
  }

  // Namespace: starts with '/', runs to the first ',' or to the end of the
  // text ("40/admin" with no comma is valid and has no payload).
  if (i < text.size() && text[i] == '/') {
    const size_t comma = text.find(',', i);
    if (comma == std::string_view::npos) {
      h.nsp = text.substr(i);
      i = text.size();
    } else {
      h.nsp = text.substr(i, comma - i);
      i = comma + 1;
    }
  }

  // Ack id: the digits right after the namespace.
  if (i < text.size() && is_digit(text[i])) {
    const size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (i - start >= kMaxAckIdDigits) return parse_error("ack id longer than 16 digits");
      ++i;
    }
    uint64_t id = 0;
    std::from_chars(text.data() + start, text.data() + i, id);
    if (id > kMaxAckId) return parse_error("ack id above 2^53-1");
    h.id = id;
  }

  h.payload = text.substr(i);
  return h;
}

// Nesting depth of the JSON text, counted before parsing so a hostile
// payload never becomes a deep tree. Brackets inside strings do not count.
// Runs of string content are skipped 8 bytes at a time: this scan is the
// decoder's only cost on top of nlohmann's parse (~7% of it).
bool json_too_deep(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  // High bit set in the byte lanes of x that are zero; the lowest flagged
  // lane is always exact (borrows only run upwards), which is all we use.
  const auto zero_lanes = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const char* p = text.data();
  const size_t n = text.size();
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < n; ++i) {
    if (in_string) {
      while (n - i >= 8) {
        uint64_t block;
        std::memcpy(&block, p + i, 8);
        const uint64_t hits =
            zero_lanes(block ^ (kOnes * '"')) | zero_lanes(block ^ (kOnes * '\\'));
        if (hits != 0) {
          if constexpr (std::endian::native == std::endian::little) i += std::countr_zero(hits) / 8;
          break;
        }
        i += 8;
      }
      if (i == n) break;
      if (p[i] == '\\') {
        ++i;  // skip the escaped character ('"' or '\\' included)
      } else if (p[i] == '"') {
        in_string = false;
      }
      continue;
    }
    switch (p[i]) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > kMaxJsonDepth) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

// socket.io-parser's isPayloadValid, run when a payload is present, plus the
// protocol's "payload is mandatory" rule for EVENT and ACK. Stricter: the
// reference parser lets "2" through (the server then emits `undefined`), and
// takes "05{}" as a CONNECT with ack id 5; only EVENT/ACK carry an id here.
std::optional<brigade::error> validate(const text_header& h, const json* data) {
  const auto name = [&] { return std::string(type_name(h.type)); };
  switch (h.type) {
    case packet_type::connect:
      if (h.id) return parse_error("CONNECT must not carry an ack id");
      if (data && !data->is_object()) return parse_error("CONNECT payload must be an object");
      return std::nullopt;
    case packet_type::disconnect:
      if (h.id) return parse_error("DISCONNECT must not carry an ack id");
      if (data) return parse_error("DISCONNECT must not carry a payload");
      return std::nullopt;
    case packet_type::connect_error:
      if (h.id) return parse_error("CONNECT_ERROR must not carry an ack id");
      if (!data || !(data->is_string() || data->is_object())) {
        return parse_error("CONNECT_ERROR payload must be a string or an object");
      }
      return std::nullopt;
    case packet_type::event:
    case packet_type::binary_event: {
      if (!data || !data->is_array() || data->empty()) {
        return parse_error(name() + " payload must be a non-empty array");
      }
      const json& event_name = data->front();
      if (event_name.is_number()) return std::nullopt;  // as socket.io-parser allows
      if (!event_name.is_string()) {
        return parse_error(name() + " name must be a string or a number");
      }
      const auto& s = event_name.get_ref<const std::string&>();
      if (is_reserved_event(s))
        return parse_error(name() + " uses reserved event name '" + s + "'");
      return std::nullopt;
    }
    case packet_type::ack:
    case packet_type::binary_ack:
      if (!h.id) return parse_error(name() + " without an ack id");
      if (!data || !data->is_array()) return parse_error(name() + " payload must be an array");
      return std::nullopt;
  }
  return parse_error("unknown packet type");
}

// Checks every placeholder of a binary packet: `{"_placeholder":true,
// "num":N}` with N an integer in [0, expected), each N exactly once.
// Stricter than socket.io-parser's reconstructPacket (which accepts a
// repeated or fractional num and unreferenced buffers); its own encoder
// always numbers each buffer once, 0..N-1.
class placeholder_checker {
 public:
  explicit placeholder_checker(size_t expected) : seen_(expected, false) {}

  std::optional<brigade::error> check(const json& value) {
    if (value.is_array()) {
      for (const auto& element : value) {
        if (auto err = check(element)) return err;
      }
    } else if (value.is_object()) {
      const auto marker = value.find(kPlaceholderKey);
      if (marker == value.end() || *marker != true) {
        for (const auto& [key, element] : value.get_ref<const json::object_t&>()) {
          if (auto err = check(element)) return err;
        }
        return std::nullopt;
      }
      const auto num = value.find(kNumKey);
      if (num == value.end() || value.size() != 2) {
        return parse_error("malformed attachment placeholder");
      }
      if (!num->is_number_unsigned()) {
        return parse_error("attachment placeholder num is not a non-negative integer");
      }
      const auto n = num->get<uint64_t>();
      if (n >= seen_.size()) {
        return parse_error("attachment placeholder num " + std::to_string(n) +
                           " out of range (attachments: " + std::to_string(seen_.size()) + ")");
      }
      if (seen_[n]) return parse_error("duplicate attachment placeholder num " + std::to_string(n));
      seen_[n] = true;
      ++found_;
    }
    return std::nullopt;
  }

  std::optional<brigade::error> finish() const {
    if (found_ == seen_.size()) return std::nullopt;
    const auto missing = std::find(seen_.begin(), seen_.end(), false) - seen_.begin();
    return parse_error("no placeholder for attachment " + std::to_string(missing));
  }

 private:
  std::vector<bool> seen_;
  size_t found_ = 0;
};

// Swaps each (already validated) placeholder for its attachment's bytes.
void reconstruct(json& value, std::vector<std::string>& attachments) {
  if (value.is_array()) {
    for (auto& element : value) reconstruct(element, attachments);
  } else if (value.is_object()) {
    const auto marker = value.find(kPlaceholderKey);
    if (marker != value.end() && *marker == true) {
      const auto n = value.find(kNumKey)->get<size_t>();
      const std::string& bytes = attachments[n];
      value = json::binary(json::binary_t::container_type(bytes.begin(), bytes.end()));
      return;
    }
    for (auto& [key, element] : value.get_ref<json::object_t&>()) reconstruct(element, attachments);
  }
}

}  // namespace

bool is_reserved_event(std::string_view name) {
  return std::find(kReservedEvents.begin(), kReservedEvents.end(), name) != kReservedEvents.end();
}

encoded_packet encode(const packet& p) {
  encoded_packet out;
  packet_type type = p.type;
  const bool event_like = type == packet_type::event || type == packet_type::binary_event;
  const bool ack_like = type == packet_type::ack || type == packet_type::binary_ack;

  // The wire type of the EVENT/ACK family follows the data, as in
  // socket.io-parser's encode(): binary inside → BINARY_*, none → plain.
  // A BINARY_* with no binary is sent plain because "50-" would leave the
  // reference decoder stuck (it keeps its reconstructor after emitting a
  // zero-attachment packet and then rejects the next text frame).
  size_t binaries = 0;
  if ((event_like || ack_like) && !p.data.is_null()) binaries = count_binaries(p.data);
  if (event_like) type = binaries > 0 ? packet_type::binary_event : packet_type::event;
  if (ack_like) type = binaries > 0 ? packet_type::binary_ack : packet_type::ack;

  // One allocation for the header plus a typical event body.
  out.text.reserve(p.nsp.size() + 256);
  append_header(out.text, type, p, binaries);
  if (!p.data.is_null()) {
    if (binaries > 0) out.attachments.reserve(binaries);
    json_writer(out.text, binaries > 0 ? &out.attachments : nullptr).write(p.data);
  }
  return out;
}

result<std::optional<packet>> decoder::feed_text(std::string_view text) {
  if (pending_) {
    const auto waiting = expected_attachments_ - attachments_.size();
    pending_.reset();
    attachments_.clear();
    expected_attachments_ = 0;
    return parse_error("text frame received while " + std::to_string(waiting) +
                       " binary attachment(s) are pending");
  }

  auto header = parse_header(text, limits_);
  if (!header) return header.error();
  const text_header& h = *header;

  json data;
  const bool has_payload = !h.payload.empty();
  if (has_payload) {
    if (json_too_deep(h.payload)) {
      return parse_error("payload nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    data = json::parse(h.payload.data(), h.payload.data() + h.payload.size(), nullptr,
                       /*allow_exceptions=*/false);
    if (data.is_discarded()) return parse_error("payload is not valid JSON");
  }
  if (auto err = validate(h, has_payload ? &data : nullptr)) return *err;

  packet p;
  p.type = h.type;
  p.nsp.assign(h.nsp);
  p.id = h.id;
  p.data = std::move(data);

  if (h.type != packet_type::binary_event && h.type != packet_type::binary_ack) {
    return std::optional<packet>(std::move(p));
  }

  // Like socket.io-parser, a decoded binary packet is reported as EVENT /
  // ACK with its binaries inline: BINARY_* only exists on the wire, and
  // encode() picks it again from the data.
  p.type = h.type == packet_type::binary_event ? packet_type::event : packet_type::ack;
  placeholder_checker checker(h.attachments);
  if (auto err = checker.check(p.data)) return *err;
  if (auto err = checker.finish()) return *err;
  if (h.attachments == 0) return std::optional<packet>(std::move(p));

  pending_ = std::move(p);
  expected_attachments_ = h.attachments;
  attachments_.clear();
  attachments_.reserve(h.attachments);
  return std::optional<packet>();
}

result<std::optional<packet>> decoder::feed_binary(std::string_view bytes) {
  if (!pending_) return parse_error("binary frame received while no attachment is pending");
  attachments_.emplace_back(bytes);
  if (attachments_.size() < expected_attachments_) return std::optional<packet>();

  packet p = std::move(*pending_);
  pending_.reset();
  reconstruct(p.data, attachments_);
  attachments_.clear();
  expected_attachments_ = 0;
  return std::optional<packet>(std::move(p));
}

}  // namespace brigade::socketio

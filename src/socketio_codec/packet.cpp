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
#include <cstring>
#include <utility>

#include "common/json_depth.hpp"
#include "socketio_codec/json_writer.hpp"

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
    if (binaries > 0) {
      out.attachments.reserve(binaries);
      append_json_with_placeholders(out.text, p.data, out.attachments);
    } else {
      append_json(out.text, p.data);
    }
  }
  return out;
}

result<std::optional<packet>> decoder::feed_text(std::string_view text) {
  if (pending_) {
    const auto waiting = pending_->expected - pending_->attachments.size();
    pending_.reset();
    return parse_error("text frame received while " + std::to_string(waiting) +
                       " binary attachment(s) are pending");
  }

  auto header = parse_header(text, limits_);
  if (!header) return header.error();
  const text_header& h = *header;

  json data;
  const bool has_payload = !h.payload.empty();
  if (has_payload) {
    if (json_nested_deeper_than(h.payload, kMaxJsonDepth)) {
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

  pending_ = std::make_unique<awaiting>(awaiting{std::move(p), h.attachments, {}});
  pending_->attachments.reserve(h.attachments);
  return std::optional<packet>();
}

result<std::optional<packet>> decoder::feed_binary(std::string_view bytes) {
  if (!pending_) return parse_error("binary frame received while no attachment is pending");
  pending_->attachments.emplace_back(bytes);
  if (pending_->attachments.size() < pending_->expected) return std::optional<packet>();

  const std::unique_ptr<awaiting> done = std::move(pending_);
  reconstruct(done->p.data, done->attachments);
  return std::optional<packet>(std::move(done->p));
}

}  // namespace brigade::socketio

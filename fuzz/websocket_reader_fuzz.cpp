// RFC 6455 frame reader (src/ws_codec/reader.hpp) on arbitrary bytes
// in arbitrary chunk splits.
//
// Input: byte 0 picks the message size limit, bytes 1-4 seed the chunk
// sizes and whether shrink() runs between events; the rest is the stream a
// client sent. Seeds: corpus/websocket_reader_fuzz/ (5-byte header + frames).
//
// The stream is read twice, once consumed whole and once in chunks of 1 to
// 64 bytes. Properties, each a trap when broken:
//   - both readings report the same events, messages and close codes (the
//     reader's answer does not depend on how TCP cut the stream);
//   - a text message and a close reason are valid UTF-8 (checked here by an
//     independent decoder), control payloads are at most 125 bytes, a
//     message is at most the limit, a close code is 1005 or one a peer may
//     send, an error's code is 1002, 1007 or 1009;
//   - message() survives shrink() (AddressSanitizer checks the reads).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "ws_codec/reader.hpp"

namespace ws = brigade::ws;
using brigade::fuzz::check;
using brigade::fuzz::is_valid_utf8;

namespace {

bool is_peer_close_code(uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
         (code >= 3000 && code <= 4999);
}

struct event {
  ws::read_event kind;
  std::string message;
  uint16_t close_code;

  friend bool operator==(const event&, const event&) = default;
};

struct settings {
  uint64_t max_message_size;
  uint32_t seed;
};

class chunker {
 public:
  explicit chunker(uint32_t seed) : state_(seed | 1) {}
  uint32_t next() {  // xorshift32
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }

 private:
  uint32_t state_;
};

// Drains the reader's events into `out`; returns false once it has failed.
bool drain(ws::reader& reader, const settings& s, chunker& rng, std::vector<event>& out) {
  for (;;) {
    const ws::read_event kind = reader.next();
    if (kind == ws::read_event::need_more) {
      if (rng.next() & 1) reader.shrink();
      return true;
    }
    if (rng.next() & 1) reader.shrink();  // must not invalidate message()
    event e{kind, std::string(reader.message()), reader.close_code()};
    switch (kind) {
      case ws::read_event::text:
        check(is_valid_utf8(e.message));
        [[fallthrough]];
      case ws::read_event::binary:
        check(e.message.size() <= s.max_message_size);
        e.close_code = 0;  // not meaningful for data
        break;
      case ws::read_event::ping:
      case ws::read_event::pong:
        check(e.message.size() <= 125);
        e.close_code = 0;
        break;
      case ws::read_event::close:
        check(e.message.size() <= 123 && is_valid_utf8(e.message));
        check(e.close_code == 1005 ? e.message.empty() : is_peer_close_code(e.close_code));
        break;
      case ws::read_event::error:
        check(e.close_code == 1002 || e.close_code == 1007 || e.close_code == 1009);
        check(!reader.error_reason().empty());
        e.message.clear();
        break;
      case ws::read_event::need_more:
        break;
    }
    out.push_back(std::move(e));
    if (kind == ws::read_event::error) {
      // Stays failed, whatever comes next.
      reader.consume("\x81\x80\0\0\0\0");
      check(reader.next() == ws::read_event::error);
      return false;
    }
  }
}

std::vector<event> read_whole(std::string_view stream, const settings& s) {
  ws::reader reader(s.max_message_size);
  chunker rng(s.seed);
  std::vector<event> events;
  reader.consume(stream);
  drain(reader, s, rng, events);
  return events;
}

std::vector<event> read_chunked(std::string_view stream, const settings& s) {
  ws::reader reader(s.max_message_size);
  chunker rng(s.seed);
  std::vector<event> events;
  while (!stream.empty()) {
    const size_t n = std::min<size_t>(stream.size(), 1 + rng.next() % 64);
    reader.consume(stream.substr(0, n));
    stream.remove_prefix(n);
    if (!drain(reader, s, rng, events)) break;
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 5) return 0;
  constexpr uint64_t kLimits[] = {0, 1, 125, 126, 1000, 65535, 65536, 1'000'000};
  settings s;
  s.max_message_size = kLimits[data[0] % std::size(kLimits)];
  s.seed = uint32_t{data[1]} | uint32_t{data[2]} << 8 | uint32_t{data[3]} << 16 |
           uint32_t{data[4]} << 24;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 5, size - 5);

  const std::vector<event> whole = read_whole(stream, s);
  const std::vector<event> chunked = read_chunked(stream, s);
  check(whole == chunked);
  return 0;
}

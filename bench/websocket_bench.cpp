// Micro benchmarks of the RFC 6455 codec (src/ws_codec/*.hpp): the
// per-message costs on the WebSocket hot path.
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <vector>

#include "ws_codec/frame.hpp"
#include "ws_codec/reader.hpp"

namespace {

using brigade::ws::apply_mask;
using brigade::ws::encode_frame;
using brigade::ws::opcode;
using brigade::ws::read_event;
using brigade::ws::reader;

constexpr std::array<uint8_t, 4> kMask{0x37, 0xfa, 0x21, 0x3d};

// A masked client text frame, as a browser sends a small Socket.IO event.
std::string masked_text_frame(size_t size) {
  std::string payload;
  while (payload.size() < size) payload += R"(42["order:update",{"id":1234,"status":"ready"}])";
  payload.resize(size);
  std::string frame;
  frame += static_cast<char>(0x81);
  frame += static_cast<char>(0x80 | size);  // size < 126
  frame.append(reinterpret_cast<const char*>(kMask.data()), kMask.size());
  const size_t header = frame.size();
  frame += payload;
  apply_mask(frame.data() + header, size, kMask);
  return frame;
}

// consume + next (text, with unmask and UTF-8 check) + next (need_more, which
// returns the buffer to its idle state): the full per-message reader cost.
void BM_ReaderParse100ByteMaskedText(benchmark::State& state) {
  const std::string frame = masked_text_frame(100);
  reader r(1 << 20);
  for (auto _ : state) {
    r.consume(frame);
    if (r.next() != read_event::text) state.SkipWithError("not a text message");
    benchmark::DoNotOptimize(r.message().data());
    if (r.next() != read_event::need_more) state.SkipWithError("unexpected event");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReaderParse100ByteMaskedText);

void BM_ApplyMask(benchmark::State& state) {
  std::vector<char> data(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    apply_mask(data.data(), data.size(), kMask, 0);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ApplyMask)->Arg(1024)->Arg(64 * 1024);

// The naive bytewise loop, as the peer the word-at-a-time version is quoted
// against (docs/benchmarks.md: timings as ratios to a peer measured in one run).
void BM_ApplyMaskBytewisePeer(benchmark::State& state) {
  std::vector<char> data(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    char* p = data.data();
    benchmark::DoNotOptimize(p);
    for (size_t i = 0; i < data.size(); ++i) p[i] = static_cast<char>(p[i] ^ kMask[i & 3]);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ApplyMaskBytewisePeer)->Arg(1024)->Arg(64 * 1024);

void BM_EncodeFrame100Bytes(benchmark::State& state) {
  const std::string payload(100, 'e');
  for (auto _ : state) {
    std::string frame = encode_frame(opcode::text, payload);
    benchmark::DoNotOptimize(frame.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeFrame100Bytes);

}  // namespace

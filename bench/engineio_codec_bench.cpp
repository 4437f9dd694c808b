// Micro benchmarks of the pure Engine.IO v4 codec (src/engineio_codec/packet.hpp).
// Timings belong in docs/benchmarks.md, not in tests.
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "common/base64.hpp"
#include "engineio_codec/packet.hpp"

namespace {

using brigade::engineio::packet;
using brigade::engineio::packet_type;

// A typical Socket.IO EVENT as carried in an Engine.IO message: exactly 100
// bytes on the wire including the Engine.IO type digit.
std::string typical_event_data() {
  std::string data =
      R"(2["order:updated",{"orderId":"ord_7f3a9c","tableId":"t12","status":"preparing","v":3}])";
  data.resize(99, ' ');  // pad inside the budget so the sizes are exact
  return data;
}

std::string typical_event_wire() {
  return "4" + typical_event_data();
}

std::string kib_of_bytes() {
  std::string bytes(1024, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 131 % 256);
  return bytes;
}

std::vector<packet> ten_packets() {
  std::vector<packet> packets;
  for (int i = 0; i < 10; ++i)
    packets.push_back(packet{packet_type::message, false, typical_event_data()});
  return packets;
}

void eio_decode_text_packet(benchmark::State& state) {
  const std::string wire = typical_event_wire();
  for (auto _ : state) {
    auto r = brigade::engineio::decode_text_packet(wire);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(wire.size()));
}
BENCHMARK(eio_decode_text_packet);

void eio_encode_packet_append(benchmark::State& state) {
  const packet p{packet_type::message, false, typical_event_data()};
  std::string out;
  out.reserve(256);
  for (auto _ : state) {
    out.clear();  // reuse the buffer as a connection's write buffer would
    brigade::engineio::encode_packet_append(p, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(out.size()));
}
BENCHMARK(eio_encode_packet_append);

void eio_decode_payload_10(benchmark::State& state) {
  const std::string body = brigade::engineio::encode_payload(ten_packets());
  for (auto _ : state) {
    auto r = brigade::engineio::decode_payload(body);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(eio_decode_payload_10);

void eio_encode_payload_10(benchmark::State& state) {
  const auto packets = ten_packets();
  size_t size = 0;
  for (auto _ : state) {
    auto body = brigade::engineio::encode_payload(packets);
    size = body.size();
    benchmark::DoNotOptimize(body);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
}
BENCHMARK(eio_encode_payload_10);

// Binary over long-polling: `b` + base64 of 1 KiB. Bytes counted are the raw
// binary bytes on both sides so the two figures compare directly.
void eio_encode_binary_packet_1k(benchmark::State& state) {
  const packet p{packet_type::message, true, kib_of_bytes()};
  std::string out;
  out.reserve(2048);
  for (auto _ : state) {
    out.clear();
    brigade::engineio::encode_packet_append(p, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(p.data.size()));
}
BENCHMARK(eio_encode_binary_packet_1k);

void eio_decode_binary_packet_1k(benchmark::State& state) {
  const std::string bytes = kib_of_bytes();
  const std::string wire =
      brigade::engineio::encode_packet(packet{packet_type::message, true, bytes});
  for (auto _ : state) {
    auto r = brigade::engineio::decode_text_packet(wire);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
}
BENCHMARK(eio_decode_binary_packet_1k);

void eio_encode_open_packet(benchmark::State& state) {
  brigade::engineio::handshake h;
  h.sid = "lv_VI97HAXpY6yYWAAAC";
  h.upgrades = {"websocket"};
  for (auto _ : state) {
    auto s = brigade::engineio::encode_open_packet(h);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(eio_encode_open_packet);

}  // namespace

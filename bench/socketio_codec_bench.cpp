// Socket.IO v5 codec micro benchmarks: encode runs once per broadcast,
// decode once per inbound packet. Timings belong in docs/benchmarks.md,
// quoted as ratios against a peer measured in the same run: the `Peer*`
// cases are plain nlohmann-json (`"2" + data.dump()`, `json::parse`), i.e.
// the floor a codec built on that library would otherwise have.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "socketio_codec/packet.hpp"

namespace {

using brigade::socketio::decoder;
using brigade::socketio::encode;
using brigade::socketio::json;
using brigade::socketio::packet;
using brigade::socketio::packet_type;

// A typical broadcast: a new order pushed to a kitchen room.
json order_payload() {
  return json::array({
      "order:new",
      {
          {"orderId", "ord_01HZX3K9Q7W2M4T6V8B0C1D2E3"},
          {"tableId", "t_12"},
          {"status", "placed"},
          {"waiterId", "staff_7"},
          {"version", 3},
          {"createdAt", "2026-11-26T10:24:34.512Z"},
          {"guests", 4},
          {"notes", "no onions on the burger, allergy: peanuts"},
          {"total", 87.5},
          {"items",
           json::array(
               {{{"id", "itm_1"}, {"menuItemId", "burger"}, {"qty", 2}, {"station", "grill"}},
                {{"id", "itm_2"}, {"menuItemId", "fries"}, {"qty", 1}, {"station", "fry"}}})},
      },
  });
}

packet order_event() {
  packet p;
  p.type = packet_type::event;
  p.nsp = "/";
  p.data = order_payload();
  return p;
}

void BM_SocketioEncodeEvent(benchmark::State& state) {
  const packet p = order_event();
  size_t bytes = 0;
  for (auto _ : state) {
    auto e = encode(p);
    bytes += e.text.size();
    benchmark::DoNotOptimize(e);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioEncodeEvent);

void BM_SocketioPeerDumpEvent(benchmark::State& state) {
  const json data = order_payload();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string text = "2" + data.dump();
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioPeerDumpEvent);

void BM_SocketioEncodeBinaryEvent1KiB(benchmark::State& state) {
  packet p;
  p.type = packet_type::event;
  p.nsp = "/kitchen";
  std::vector<uint8_t> bytes(1024);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i);
  p.data = json::array(
      {"ticket:photo",
       {{"ticketId", "tk_42"}, {"mime", "image/jpeg"}, {"image", json::binary(bytes)}}});
  size_t total = 0;
  for (auto _ : state) {
    auto e = encode(p);
    total += e.text.size() + e.attachments[0].size();
    benchmark::DoNotOptimize(e);
  }
  state.SetBytesProcessed(static_cast<int64_t>(total));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioEncodeBinaryEvent1KiB);

void BM_SocketioDecodeEvent(benchmark::State& state) {
  const std::string text = encode(order_event()).text;
  decoder d;
  for (auto _ : state) {
    auto r = d.feed_text(text);
    if (!r.ok() || !r->has_value()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioDecodeEvent);

void BM_SocketioPeerParseEvent(benchmark::State& state) {
  const std::string body = order_payload().dump();
  for (auto _ : state) {
    auto data = json::parse(body, nullptr, false);
    benchmark::DoNotOptimize(data);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioPeerParseEvent);

void BM_SocketioDecodeAck(benchmark::State& state) {
  // A client acknowledging an emit: {ok:true, data:{...}} with its ack id.
  const std::string text =
      R"(3/kitchen,1234[{"ok":true,"data":{"orderId":"ord_01HZX3K9Q7W2M4T6V8B0C1D2E3","version":4}}])";
  decoder d;
  for (auto _ : state) {
    auto r = d.feed_text(text);
    if (!r.ok() || !r->has_value()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioDecodeAck);

void BM_SocketioDecodeBinaryEvent1KiB(benchmark::State& state) {
  packet p;
  p.type = packet_type::event;
  p.data = json::array(
      {"ticket:photo",
       {{"ticketId", "tk_42"}, {"image", json::binary(std::vector<uint8_t>(1024, 7))}}});
  const auto e = encode(p);
  decoder d;
  for (auto _ : state) {
    auto r = d.feed_text(e.text);
    auto b = d.feed_binary(e.attachments[0]);
    if (!r.ok() || !b.ok() || !b->has_value()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(b);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * (e.text.size() + e.attachments[0].size())));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketioDecodeBinaryEvent1KiB);

}  // namespace

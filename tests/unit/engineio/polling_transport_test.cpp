#include "engineio/polling_transport.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/metrics/catalog.hpp"
#include "engineio/protocol.hpp"
#include "engineio/server.hpp"

namespace brigade::engineio {
namespace {

using http::field;
using http::status;
using namespace std::chrono_literals;

ws::frame_ptr text(std::string_view packet) { return ws::shared_frame::make(ws::opcode::text, packet); }
ws::frame_ptr binary(std::string_view bytes) { return ws::shared_frame::make(ws::opcode::binary, bytes); }

int64_t gauge() { return metrics::brigade().outbound_queue_bytes.value(); }

// A transport answering through a real server on a loop that runs only when
// a test runs it; GETs are hand-made exchanges that record their answer.
class PollingTransportTest : public ::testing::Test {
 protected:
  static config limits() {
    config cfg;
    cfg.max_outbound_bytes = 64;
    return cfg;
  }

  struct get_request {
    http::exchange_ptr ex;
    std::shared_ptr<std::optional<http::response>> answer = std::make_shared<std::optional<http::response>>();
  };

  get_request get() {
    get_request g;
    http::request req{http::beast_http::verb::get, "/socket.io/?EIO=4&transport=polling&sid=x", 11};
    g.ex = std::make_shared<http::exchange>(
        std::move(req), "192.0.2.1", pool_.at(0), [answer = g.answer](http::response&& res) { *answer = std::move(res); },
        nullptr);
    return g;
  }

  http::io_pool pool_{1};
  server server_{pool_, limits(), nullptr};
  std::optional<polling_transport> transport_{std::in_place, server_, pool_.at(0)};
};

TEST_F(PollingTransportTest, CountsQueuedBytesInTheGaugeAndGivesThemBackWhenCleared) {
  const int64_t before = gauge();
  EXPECT_EQ(transport_->push(text("4hello")), polling_transport::queued::ok);
  EXPECT_EQ(transport_->push(binary("xyz")), polling_transport::queued::ok);
  EXPECT_EQ(transport_->queued_bytes(), 7u + 4u);  // each payload plus one
  EXPECT_EQ(gauge() - before, 11);
  transport_->clear();
  EXPECT_TRUE(transport_->empty());
  EXPECT_EQ(transport_->queued_bytes(), 0u);
  EXPECT_EQ(gauge(), before);
}

TEST_F(PollingTransportTest, GivesItsBytesBackWhenDestroyed) {
  const int64_t before = gauge();
  transport_->push(text("4queued"));
  ASSERT_EQ(gauge() - before, 8);
  transport_.reset();
  EXPECT_EQ(gauge(), before);
}

TEST_F(PollingTransportTest, OverTheByteLimitDropsTheOutboxAndEveryLaterPacket) {
  const int64_t before = gauge();
  const std::string big(40, 'a');
  EXPECT_EQ(transport_->push(text(big)), polling_transport::queued::ok);
  EXPECT_FALSE(transport_->overflowed());
  EXPECT_EQ(transport_->push(text(big)), polling_transport::queued::overflow);  // 82 bytes > 64
  EXPECT_TRUE(transport_->overflowed());
  EXPECT_TRUE(transport_->empty());
  EXPECT_EQ(gauge(), before);
  EXPECT_EQ(transport_->push(text("4")), polling_transport::queued::overflow);
  EXPECT_TRUE(transport_->empty());
}

TEST_F(PollingTransportTest, AsksForOneFlushPerBatchWhileAGetWaits) {
  EXPECT_EQ(transport_->push(text("4no get yet")), polling_transport::queued::ok);
  auto g = get();
  ASSERT_TRUE(transport_->park(g.ex));
  EXPECT_EQ(transport_->push(text("4a")), polling_transport::queued::flush_due);
  EXPECT_EQ(transport_->push(text("4b")), polling_transport::queued::ok);  // the flush is already due
  EXPECT_FALSE(*g.answer);
  transport_->flush();
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), "4no get yet\x1e" "4a\x1e" "4b");
  EXPECT_FALSE(transport_->has_pending_get());

  auto next = get();
  ASSERT_TRUE(transport_->park(next.ex));
  EXPECT_EQ(transport_->push(text("4c")), polling_transport::queued::flush_due);
}

TEST_F(PollingTransportTest, FlushAnswersWithOnePayloadAndBinaryAsBase64) {
  const int64_t before = gauge();
  transport_->push(text("4text"));
  transport_->push(binary(std::string("\x01\x02\x03\xff", 4)));
  auto g = get();
  ASSERT_TRUE(transport_->park(g.ex));
  transport_->flush();
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->result(), status::ok);
  EXPECT_EQ((**g.answer)[field::content_type], http_value::payload_content_type);
  EXPECT_EQ((*g.answer)->body(), "4text\x1e" "bAQID/w==");
  EXPECT_TRUE(transport_->empty());
  EXPECT_EQ(gauge(), before);
}

TEST_F(PollingTransportTest, FlushWithoutPacketsKeepsTheGetWaiting) {
  auto g = get();
  ASSERT_TRUE(transport_->park(g.ex));
  transport_->flush();
  EXPECT_FALSE(*g.answer);
  EXPECT_TRUE(transport_->has_pending_get());
  transport_->answer_noop();
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), kNoopPacket);
  EXPECT_FALSE(transport_->has_pending_get());
}

TEST_F(PollingTransportTest, ASecondConcurrentGetIsRefusedAndTheFirstGetsAClosePacket) {
  auto first = get();
  auto second = get();
  ASSERT_TRUE(transport_->park(first.ex));
  EXPECT_FALSE(transport_->park(second.ex));
  ASSERT_TRUE(*first.answer);
  EXPECT_EQ((*first.answer)->body(), kClosePacket);
  ASSERT_TRUE(*second.answer);
  EXPECT_EQ((*second.answer)->result(), status::bad_request);
  EXPECT_EQ((*second.answer)->body(), R"({"code":3,"message":"Bad request"})");
  EXPECT_FALSE(transport_->has_pending_get());
}

TEST_F(PollingTransportTest, TakeAllHandsOverTheOutboxInOrder) {
  const int64_t before = gauge();
  transport_->push(text("4one"));
  transport_->push(text("4two"));
  const auto frames = transport_->take_all();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0]->payload(), "4one");
  EXPECT_EQ(frames[1]->payload(), "4two");
  EXPECT_TRUE(transport_->empty());
  EXPECT_EQ(gauge(), before);
}

TEST_F(PollingTransportTest, CloseGoesOutAfterTheQueueOnThePendingGet) {
  transport_->push(text("4last words"));
  auto g = get();
  ASSERT_TRUE(transport_->park(g.ex));
  transport_->send_close(false);
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), "4last words\x1e" "1");
  EXPECT_FALSE(transport_->lingering());
}

TEST_F(PollingTransportTest, WithoutAGetTheCloseLingersForTheNextPoll) {
  const int64_t before = gauge();
  transport_->push(text("4dropped"));
  transport_->send_close(true);
  EXPECT_TRUE(transport_->lingering());
  auto g = get();
  transport_->collect(g.ex);
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), kClosePacket);
  EXPECT_FALSE(transport_->lingering());
  EXPECT_TRUE(transport_->empty());
  EXPECT_EQ(gauge(), before);
}

TEST_F(PollingTransportTest, AClientCloseEndsThePendingPollWithANoop) {
  auto g = get();
  ASSERT_TRUE(transport_->park(g.ex));
  transport_->acknowledge_client_close();
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), kNoopPacket);
  EXPECT_FALSE(transport_->lingering());
}

TEST_F(PollingTransportTest, AClientCloseWithoutAPollLingersWithANoopInsteadOfTheQueue) {
  transport_->push(text("4never read"));
  transport_->acknowledge_client_close();
  EXPECT_TRUE(transport_->lingering());
  auto g = get();
  transport_->collect(g.ex);
  ASSERT_TRUE(*g.answer);
  EXPECT_EQ((*g.answer)->body(), kNoopPacket);
}

TEST_F(PollingTransportTest, LingeringEndsAfterItsLimitUnlessAPollCollects) {
  auto& context = pool_.at(0).context();
  int expired = 0;
  transport_->send_close(false);
  transport_->linger(1ms, [&expired] { ++expired; });
  context.run_one_for(2s);
  EXPECT_EQ(expired, 1);

  transport_->send_close(false);
  transport_->linger(1ms, [&expired] { ++expired; });
  auto g = get();
  transport_->collect(g.ex);  // cancels the limit
  context.restart();
  context.run_one_for(50ms);  // the cancelled wait completes without calling
  EXPECT_EQ(expired, 1);
}

}  // namespace
}  // namespace brigade::engineio

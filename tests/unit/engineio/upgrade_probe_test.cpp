#include "engineio/upgrade_probe.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include "engineio/protocol.hpp"

namespace brigade::engineio {
namespace {

namespace ws = http::ws;
using namespace std::chrono_literals;

// What a fake socket saw, shared between the test and the stream that the
// connection owns.
struct wire {
  std::shared_ptr<http::byte_stream::receiver> reader;  // the read waiting for bytes
  std::string written;
  bool closed = false;
};

// A byte_stream without a socket: writes complete at once, reads wait for
// the test to feed bytes.
class fake_stream final : public http::byte_stream {
 public:
  fake_stream(http::loop& owner, std::shared_ptr<wire> w) : byte_stream(owner, {}), wire_(std::move(w)) {}
  void async_read(std::shared_ptr<receiver> target) override { wire_->reader = std::move(target); }
  void async_write(buffers data, std::shared_ptr<receiver> target) override {
    size_t n = 0;
    for (const auto& b : data) {
      wire_->written.append(static_cast<const char*>(b.data()), b.size());
      n += b.size();
    }
    boost::asio::post(owner().context(), [target = std::move(target), n] { target->on_written({}, n); });
  }
  void close() noexcept override { wire_->closed = true; }
  std::string remote_address() const override { return "192.0.2.1"; }

 protected:
  bool rebind(http::loop&) override { return true; }

 private:
  std::shared_ptr<wire> wire_;
};

// A masked client text frame (RFC 6455 section 5.2), built by hand.
std::string client_text(std::string_view payload) {
  constexpr std::array<uint8_t, 4> mask{0x37, 0xfa, 0x21, 0x3d};
  std::string out;
  out += static_cast<char>(0x81);
  out += static_cast<char>(0x80 | payload.size());  // short payloads only
  out.append(reinterpret_cast<const char*>(mask.data()), mask.size());
  for (size_t i = 0; i < payload.size(); ++i) out += static_cast<char>(payload[i] ^ mask[i % 4]);
  return out;
}

// An unmasked server text frame.
std::string server_text(std::string_view payload) {
  return std::string{static_cast<char>(0x81), static_cast<char>(payload.size())} + std::string(payload);
}

std::string server_close(uint16_t code) {
  return {static_cast<char>(0x88), 2, static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Records what the probe tells its session; takes the WebSocket over with a
// handler of its own, as a session does.
class recording_listener final : public upgrade_probe::listener, public http::ws::connection_handler {
 public:
  void on_probe_answered() override { ++answered; }
  void on_upgraded(std::shared_ptr<http::ws::connection> ws) override {
    upgraded = std::move(ws);
    upgraded->set_handler(this);
  }
  void on_message(bool, std::string_view data) override { messages.emplace_back(data); }
  void on_closed(http::ws::close_cause) override {}

  int answered = 0;
  std::shared_ptr<http::ws::connection> upgraded;
  std::vector<std::string> messages;
};

class UpgradeProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_ = std::make_shared<http::ws::connection>(std::make_unique<fake_stream>(loop_, wire_), http::ws::connection::options{});
    probe_ = std::make_shared<upgrade_probe>(loop_, listener_);
  }

  void start(std::chrono::milliseconds timeout = 10s) {
    probe_->start(connection_, "dGhlIHNhbXBsZSBub25jZQ==", {}, timeout);
    run();
    ASSERT_EQ(wire_->written.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << wire_->written;
  }

  // Delivers bytes from the client, then lets the connection write.
  void feed(const std::string& bytes) {
    ASSERT_TRUE(wire_->reader) << "the connection is not reading";
    auto reader = std::move(wire_->reader);
    reader->on_read({}, bytes);
    run();
  }

  void TearDown() override { wire_->reader.reset(); }  // the connection waits on the wire, which it owns

  void run() {
    loop_.context().restart();
    loop_.context().poll();
  }

  http::loop loop_{0};
  std::shared_ptr<wire> wire_ = std::make_shared<wire>();
  recording_listener listener_;
  std::shared_ptr<http::ws::connection> connection_;
  std::shared_ptr<upgrade_probe> probe_;
};

TEST_F(UpgradeProbeTest, AnswersTheProbePingThenHandsTheWebSocketOverOnUpgrade) {
  start();
  EXPECT_TRUE(probe_->active());
  EXPECT_FALSE(probe_->answered());

  feed(client_text("2probe"));
  EXPECT_EQ(listener_.answered, 1);
  EXPECT_TRUE(probe_->answered());
  EXPECT_TRUE(ends_with(wire_->written, server_text(kProbePong))) << wire_->written;

  feed(client_text("5"));
  EXPECT_EQ(listener_.upgraded, connection_);
  EXPECT_FALSE(probe_->active());
  EXPECT_FALSE(probe_->answered());

  // From now on the session reads the WebSocket, not the probe.
  feed(client_text("4hello"));
  EXPECT_EQ(listener_.messages, std::vector<std::string>{"4hello"});
  EXPECT_TRUE(connection_->is_open());
}

TEST_F(UpgradeProbeTest, AnUpgradeBeforeTheProbePingDropsTheProbe) {
  start();
  feed(client_text("5"));
  EXPECT_FALSE(probe_->active());
  EXPECT_EQ(listener_.upgraded, nullptr);
  EXPECT_EQ(listener_.answered, 0);
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::protocol_error)));
}

TEST_F(UpgradeProbeTest, APingWithoutTheProbeDataDropsTheProbe) {
  start();
  feed(client_text("2"));
  EXPECT_FALSE(probe_->active());
  EXPECT_EQ(listener_.answered, 0);
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::protocol_error)));
}

TEST_F(UpgradeProbeTest, ASecondProbePingDropsTheProbe) {
  start();
  feed(client_text("2probe"));
  feed(client_text("2probe"));
  EXPECT_EQ(listener_.answered, 1);
  EXPECT_FALSE(probe_->active());
  EXPECT_FALSE(probe_->answered());
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::protocol_error)));
}

TEST_F(UpgradeProbeTest, AMessageDuringTheUpgradeDropsTheProbe) {
  start();
  feed(client_text("2probe"));
  feed(client_text("4too early"));
  EXPECT_FALSE(probe_->active());
  EXPECT_EQ(listener_.upgraded, nullptr);
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::protocol_error)));
}

TEST_F(UpgradeProbeTest, TheUpgradeTimeoutDropsAProbeThatDoesNotFinish) {
  start(300ms);
  feed(client_text("2probe"));
  ASSERT_TRUE(probe_->answered());
  loop_.context().restart();
  loop_.context().run_one_for(2s);  // the timeout
  run();
  EXPECT_FALSE(probe_->active());
  EXPECT_FALSE(probe_->answered());
  EXPECT_EQ(listener_.upgraded, nullptr);
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::protocol_error)));
}

TEST_F(UpgradeProbeTest, CancelClosesTheWebSocketWithTheGivenCode) {
  start();
  probe_->cancel(ws_close_code::normal);
  run();
  EXPECT_FALSE(probe_->active());
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::normal)));
  EXPECT_TRUE(wire_->closed);
}

TEST_F(UpgradeProbeTest, RefuseCompletesTheHandshakeThenClosesNormally) {
  upgrade_probe::refuse(*connection_, "dGhlIHNhbXBsZSBub25jZQ==");
  run();
  EXPECT_EQ(wire_->written.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << wire_->written;
  EXPECT_TRUE(ends_with(wire_->written, server_close(ws_close_code::normal)));
  EXPECT_EQ(listener_.answered, 0);
}

}  // namespace
}  // namespace brigade::engineio

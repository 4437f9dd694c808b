#include "engineio/server.hpp"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace brigade::engineio {
namespace {

using http::field;
using http::status;

// The server's refusals happen before any session or socket exists, so they
// can be driven with hand-made exchanges on a pool whose loops never run.
class EngineServerTest : public ::testing::Test {
 protected:
  http::io_pool pool_{1};
  int connections_ = 0;

  server make_server(config cfg) {
    return server(pool_, std::move(cfg), [this](const session_ptr&) { ++connections_; });
  }

  struct answer {
    std::optional<http::response> response;
    bool socket_taken = false;
  };

  // Sends one request; `answer.response` is set if the server answered at once.
  answer send(server& srv, std::string target, std::string remote = "192.0.2.1",
                     std::string_view origin = {}, bool websocket = false) {
    answer result;
    http::request req{http::beast_http::verb::get, target, 11};
    req.set(field::host, "brigade.test:8000");
    if (!origin.empty()) req.set(field::origin, origin);
    if (websocket) {
      req.set(field::connection, "Upgrade");
      req.set(field::upgrade, "websocket");
      req.set(field::sec_websocket_version, "13");
      req.set(field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    }
    auto ex = std::make_shared<http::exchange>(
        std::move(req), std::move(remote), pool_.at(0),
        [&result](http::response&& res) { result.response = std::move(res); },
        [&result]() -> std::optional<http::upgraded_socket> {
          result.socket_taken = true;
          return std::nullopt;  // as if the peer had gone: nothing is created
        });
    srv.handle(ex);
    return result;
  }
};

config limited(double rate, double burst) {
  config cfg;
  cfg.handshake_rate = rate;
  cfg.handshake_burst = burst;
  cfg.cors = http::cors_policy({"https://waiter.example"});
  return cfg;
}

constexpr const char* kPollingHandshake = "/socket.io/?EIO=4&transport=polling";
constexpr const char* kWebSocketHandshake = "/socket.io/?EIO=4&transport=websocket";

TEST_F(EngineServerTest, DefaultsAreTenHandshakesASecondWithABurstOfThirty) {
  const config cfg;
  EXPECT_EQ(cfg.handshake_rate, 10);
  EXPECT_EQ(cfg.handshake_burst, 30);
}

TEST_F(EngineServerTest, HandshakesOverTheBurstGet429WithRetryAfterAndCreateNothing) {
  auto srv = make_server(limited(0.01, 2));  // one handshake per 100 s after the burst
  for (int i = 0; i < 2; ++i) {
    const auto ok = send(srv, kPollingHandshake);
    ASSERT_TRUE(ok.response);
    EXPECT_EQ(ok.response->result(), status::ok);
    EXPECT_EQ(ok.response->body().rfind("0{\"sid\":", 0), 0u) << ok.response->body();
  }
  EXPECT_EQ(connections_, 2);
  EXPECT_EQ(srv.clients_count(), 2u);

  const auto refused = send(srv, kPollingHandshake);
  ASSERT_TRUE(refused.response);
  EXPECT_EQ(refused.response->result(), status::too_many_requests);
  const int retry_after = std::stoi(std::string((*refused.response)[field::retry_after]));
  EXPECT_GE(retry_after, 99);
  EXPECT_LE(retry_after, 100);
  EXPECT_EQ((*refused.response)[field::content_type], "application/json");
  EXPECT_NE(refused.response->body().find(R"({"error":{"code":"rate_limited","message":")"), std::string::npos)
      << refused.response->body();
  EXPECT_EQ(connections_, 2);
  EXPECT_EQ(srv.clients_count(), 2u);
}

TEST_F(EngineServerTest, WebSocketHandshakesShareTheBucketAndAreRefusedBeforeTheUpgrade) {
  auto srv = make_server(limited(0.01, 1));
  ASSERT_EQ(send(srv, kPollingHandshake).response->result(), status::ok);
  const auto refused = send(srv, kWebSocketHandshake, "192.0.2.1", {}, true);
  ASSERT_TRUE(refused.response);
  EXPECT_EQ(refused.response->result(), status::too_many_requests);
  EXPECT_FALSE(refused.socket_taken);
  EXPECT_FALSE((*refused.response)[field::retry_after].empty());
}

TEST_F(EngineServerTest, OtherAddressesAndExistingSessionsAreNotLimited) {
  auto srv = make_server(limited(0.01, 1));
  ASSERT_EQ(send(srv, kPollingHandshake, "192.0.2.1").response->result(), status::ok);
  ASSERT_EQ(send(srv, kPollingHandshake, "192.0.2.1").response->result(), status::too_many_requests);
  EXPECT_EQ(send(srv, kPollingHandshake, "192.0.2.2").response->result(), status::ok);
  // A request naming a session is routed, not counted: an unknown id gets
  // Engine.IO's "Session ID unknown", not 429.
  for (int i = 0; i < 5; ++i) {
    const auto routed = send(srv, "/socket.io/?EIO=4&transport=polling&sid=nope", "192.0.2.1");
    ASSERT_TRUE(routed.response);
    EXPECT_EQ(routed.response->result(), status::bad_request);
    EXPECT_EQ(routed.response->body(), R"({"code":1,"message":"Session ID unknown"})");
  }
}

TEST_F(EngineServerTest, RateZeroTurnsTheLimitOff) {
  auto srv = make_server(limited(0, 0));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(send(srv, kPollingHandshake).response->result(), status::ok) << i;
  EXPECT_EQ(connections_, 100);
}

TEST_F(EngineServerTest, ForeignOriginsAreRefusedWith403OnBothTransports) {
  auto srv = make_server(limited(0, 0));
  const auto polling = send(srv, kPollingHandshake, "192.0.2.1", "https://evil.example");
  ASSERT_TRUE(polling.response);
  EXPECT_EQ(polling.response->result(), status::forbidden);
  EXPECT_NE(polling.response->body().find(R"({"error":{"code":"origin_not_allowed","message":")"), std::string::npos)
      << polling.response->body();

  const auto websocket = send(srv, kWebSocketHandshake, "192.0.2.1", "https://evil.example", true);
  ASSERT_TRUE(websocket.response);
  EXPECT_EQ(websocket.response->result(), status::forbidden);
  EXPECT_FALSE(websocket.socket_taken);

  const auto upgrade = send(srv, "/socket.io/?EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA", "192.0.2.1",
                            "https://evil.example", true);
  ASSERT_TRUE(upgrade.response);
  EXPECT_EQ(upgrade.response->result(), status::forbidden);
  EXPECT_FALSE(upgrade.socket_taken);
  EXPECT_EQ(connections_, 0);
}

TEST_F(EngineServerTest, AllowedSameOriginAndOriginlessRequestsPass) {
  auto srv = make_server(limited(0, 0));
  const auto allowed = send(srv, kPollingHandshake, "192.0.2.1", "https://waiter.example");
  EXPECT_EQ(allowed.response->result(), status::ok);
  EXPECT_EQ((*allowed.response)[field::access_control_allow_origin], "https://waiter.example");
  EXPECT_EQ(send(srv, kPollingHandshake, "192.0.2.1", "http://brigade.test:8000").response->result(), status::ok);
  EXPECT_EQ(send(srv, kPollingHandshake, "192.0.2.1").response->result(), status::ok);
  EXPECT_EQ(connections_, 3);
}

TEST_F(EngineServerTest, ForeignOriginsAreRefusedBeforeTheyCostAToken) {
  auto srv = make_server(limited(0.01, 1));
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(send(srv, kPollingHandshake, "192.0.2.1", "https://evil.example").response->result(),
              status::forbidden);
  }
  EXPECT_EQ(send(srv, kPollingHandshake, "192.0.2.1").response->result(), status::ok);
}

// An upgrade for an unknown session is refused on the raw socket, after the
// HTTP connection has let it go.
TEST_F(EngineServerTest, RawErrorResponsesAreCompleteHttpAnswersThatClose) {
  const std::string body = R"({"code":1,"message":"Session ID unknown"})";
  const std::string text = server::error_response_text(engine_error::unknown_sid);
  EXPECT_EQ(text.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << text;
  EXPECT_NE(text.find("\r\nConnection: close\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\nContent-Type: application/json\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.find("\r\n\r\n") + 4), body);

  EXPECT_EQ(server::error_response_text(engine_error::forbidden).rfind("HTTP/1.1 403 Forbidden\r\n", 0), 0u);
}

}  // namespace
}  // namespace brigade::engineio

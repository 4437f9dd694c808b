#include "engineio/protocol.hpp"

#include <string>

#include <gtest/gtest.h>

#include "engineio_codec/packet.hpp"
#include "engineio/random_id.hpp"

namespace brigade::engineio {
namespace {

// The whole-packet literals must be what the codec makes of their packets.
TEST(EngineProtocolTest, PacketLiteralsAgreeWithTheCodec) {
  EXPECT_EQ(encode_packet({packet_type::noop, false, {}}), kNoopPacket);
  EXPECT_EQ(encode_packet({packet_type::close, false, {}}), kClosePacket);
  EXPECT_EQ(encode_packet({packet_type::pong, false, std::string(kProbeData)}), kProbePong);

  const auto probe_ping = decode_text_packet("2probe");
  ASSERT_TRUE(probe_ping);
  EXPECT_EQ(probe_ping->type, packet_type::ping);
  EXPECT_EQ(probe_ping->data, kProbeData);

  const auto binary = encode_packet({packet_type::message, true, "\x01"});
  ASSERT_FALSE(binary.empty());
  EXPECT_EQ(binary.front(), kBinaryPacketPrefix);
}

TEST(EngineProtocolTest, ErrorMessagesAreTheReferenceServers) {
  EXPECT_EQ(error_message(engine_error::unknown_transport), "Transport unknown");
  EXPECT_EQ(error_message(engine_error::unknown_sid), "Session ID unknown");
  EXPECT_EQ(error_message(engine_error::bad_handshake_method), "Bad handshake method");
  EXPECT_EQ(error_message(engine_error::bad_request), "Bad request");
  EXPECT_EQ(error_message(engine_error::forbidden), "Forbidden");
  EXPECT_EQ(error_message(engine_error::unsupported_protocol_version), "Unsupported protocol version");
}

TEST(EngineProtocolTest, RandomIdsHaveTheDeclaredLength) {
  for (int i = 0; i < 20; ++i) EXPECT_EQ(random_id().size(), kIdLength);
}

}  // namespace
}  // namespace brigade::engineio

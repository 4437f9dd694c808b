#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brigade::socketio {

/// Where a recoverable event sits in the stream a client follows, sent as
/// the event's last argument (connection state recovery: socket.io-client
/// keeps the last one it saw and sends it back as `auth.offset`). A
/// position is the application's (Brigade: the restaurant's outbox
/// sequence); `part` orders the several events one position may cause.
/// On the wire: "<position>.<part>", both decimal. Plain value type.
struct event_offset {
  uint64_t position = 0;
  uint32_t part = 0;

  auto operator<=>(const event_offset&) const = default;

  std::string to_string() const;
  /// The offset a client sent back, or nullopt if it is not one of ours.
  static std::optional<event_offset> parse(std::string_view text);
};

}  // namespace brigade::socketio

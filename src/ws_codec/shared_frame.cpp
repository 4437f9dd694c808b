#include "ws_codec/shared_frame.hpp"

#include <array>
#include <cstring>

namespace brigade::ws {

frame_ptr shared_frame::make(opcode op, std::string_view head, std::string_view tail) {
  const size_t length = head.size() + tail.size();
  std::array<uint8_t, kMaxServerHeaderSize> header{};
  const size_t header_size = write_frame_header(header.data(), op, true, length);
  std::string storage;
  storage.resize(header_size + length);
  std::memcpy(storage.data(), header.data(), header_size);
  if (!head.empty()) std::memcpy(storage.data() + header_size, head.data(), head.size());
  if (!tail.empty()) std::memcpy(storage.data() + header_size + head.size(), tail.data(), tail.size());
  return std::make_shared<const shared_frame>(token{}, std::move(storage), 0, static_cast<uint32_t>(header_size), op);
}

frame_ptr shared_frame::make_raw(std::string bytes) {
  return std::make_shared<const shared_frame>(token{}, std::move(bytes), 0, 0, opcode::binary);
}

}  // namespace brigade::ws

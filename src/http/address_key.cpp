#include "http/address_key.hpp"

#include <fmt/format.h>

namespace brigade::http {

std::string address_key(const boost::asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().to_string();
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  const auto bytes = v6.to_bytes();
  auto group = [&bytes](size_t i) { return static_cast<unsigned>(bytes[2 * i] << 8 | bytes[2 * i + 1]); };
  return fmt::format("{:x}:{:x}:{:x}:{:x}::/64", group(0), group(1), group(2), group(3));
}

std::string address_key(std::string_view address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
  return ec ? std::string(address) : address_key(parsed);
}

}  // namespace brigade::http

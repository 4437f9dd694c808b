#include "http/address_key.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using boost::asio::ip::make_address;

TEST(AddressKey, AnIPv4AddressIsItself) {
  EXPECT_EQ(address_key(make_address("127.0.0.2")), "127.0.0.2");
}

TEST(AddressKey, AnIPv4MappedAddressIsItsIPv4Address) {
  EXPECT_EQ(address_key(make_address("::ffff:10.1.2.3")), "10.1.2.3");
}

TEST(AddressKey, AnIPv6AddressIsItsSlash64) {
  EXPECT_EQ(address_key(make_address("2001:db8:a:b:1:2:3:4")), "2001:db8:a:b::/64");
  EXPECT_EQ(address_key(make_address("2001:db8:a:b::")), "2001:db8:a:b::/64");
  EXPECT_EQ(address_key(make_address("::1")), "0:0:0:0::/64");
  EXPECT_NE(address_key(make_address("2001:db8:a:c::1")), address_key(make_address("2001:db8:a:b::1")));
}

}  // namespace
}  // namespace brigade::http

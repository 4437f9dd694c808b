#pragma once

#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace brigade::http {

/// The client an address stands for, as the per-address connection limit
/// counts it: an IPv4 address as itself, an IPv4-mapped IPv6 address
/// (`::ffff:10.0.0.1`, what a dual-stack socket sees) as its IPv4 address,
/// and any other IPv6 address as its /64 prefix (`2001:db8:1:2::/64`): one
/// subscriber or host usually gets a whole /64, so counting single IPv6
/// addresses would let one client open connections from 2^64 of them.
/// Pure function; thread-safe.
std::string address_key(const boost::asio::ip::address& address);
/// The same for an address as text (a connection's remote_address()); text
/// that is not an address is its own key.
std::string address_key(std::string_view address);

}  // namespace brigade::http

#pragma once

#include <optional>

#include <boost/beast/core/error.hpp>

#include "http/types.hpp"

namespace brigade::http {

// A request head must say in exactly one way where its body ends (RFC 9112
// sections 3.2, 6.1 and 6.3). Where it does not, the server and a proxy in
// front of it could disagree, and the body's bytes become a second,
// smuggled request: such a head is answered 400 and its connection closed.
// Beast's parser does part of this; these functions do the rest and turn
// its errors into answers. Pure functions: thread-safe.

/// The answer to a request the parser refused with `ec` (a 400 JSON error
/// naming what is wrong), or nothing when `ec` says nothing about the
/// request's bytes (the peer left, a timeout) and the connection should
/// just close. Not for `header_limit` and `body_limit`, answered on their own.
std::optional<response> refusal_for_parse_error(boost::beast::error_code ec);

/// The answer to a parsed request head whose framing, Host or Expect cannot
/// be served (400, 417 or 501 JSON error), or nothing when it is acceptable.
std::optional<response> refusal_for_head(const request& head);

/// True when the client waits for `100 Continue` before sending the body
/// (HTTP/1.1 and `Expect: 100-continue`; RFC 9110 section 10.1.1).
bool expects_continue(const request& head);

/// The interim response that tells such a client to send its body.
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace brigade::http

#pragma once

#include <array>
#include <string_view>

#include <boost/beast/http/status.hpp>

namespace brigade::http {

// The error codes the HTTP layer answers on its own, before or beside any
// route (framing, sizes, connection limits, CORS, the router and the static
// files). The API's own codes are in api/error_codes.hpp; docs/api.md lists
// them all and a unit test checks that list against these.
inline constexpr std::string_view kBadRequest = "bad_request";
inline constexpr std::string_view kPayloadTooLarge = "payload_too_large";
inline constexpr std::string_view kHeadersTooLarge = "headers_too_large";
inline constexpr std::string_view kExpectationFailed = "expectation_failed";
inline constexpr std::string_view kNotImplemented = "not_implemented";
inline constexpr std::string_view kTooManyConnections = "too_many_connections";
inline constexpr std::string_view kServerBusy = "server_busy";
inline constexpr std::string_view kCorsForbidden = "cors_forbidden";
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kInternal = "internal";

/// One code and the status it is always answered with. Constant data.
struct transport_error {
  std::string_view code;
  boost::beast::http::status status;
};

inline constexpr std::array<transport_error, 11> kTransportErrors{{
    {kBadRequest, boost::beast::http::status::bad_request},
    {kPayloadTooLarge, boost::beast::http::status::payload_too_large},
    {kHeadersTooLarge, boost::beast::http::status::request_header_fields_too_large},
    {kExpectationFailed, boost::beast::http::status::expectation_failed},
    {kNotImplemented, boost::beast::http::status::not_implemented},
    {kTooManyConnections, boost::beast::http::status::too_many_requests},
    {kServerBusy, boost::beast::http::status::service_unavailable},
    {kCorsForbidden, boost::beast::http::status::forbidden},
    {kNotFound, boost::beast::http::status::not_found},
    {kMethodNotAllowed, boost::beast::http::status::method_not_allowed},
    {kInternal, boost::beast::http::status::internal_server_error},
}};

}  // namespace brigade::http

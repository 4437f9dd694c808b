#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace brigade::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
/// A TCP socket tied to one loop's io_context: half the size of a
/// `tcp::socket`, whose executor is type-erased, and its operations skip
/// that erasure. Accepted connections are these until TLS needs a
/// `tcp::socket` (which one converts to).
using loop_socket = boost::asio::basic_stream_socket<tcp, boost::asio::io_context::executor_type>;
using request = beast_http::request<beast_http::string_body>;
using response = beast_http::response<beast_http::string_body>;
using status = beast_http::status;
using field = beast_http::field;

}  // namespace brigade::http

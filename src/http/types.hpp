#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace brigade::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using request = beast_http::request<beast_http::string_body>;
using response = beast_http::response<beast_http::string_body>;
using status = beast_http::status;
using field = beast_http::field;

}  // namespace brigade::http

#include "http/request_framing.hpp"

#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace brigade::http {
namespace {

/// What the connection answers to `raw`, a request head (and perhaps some
/// body) read by Beast's parser: nothing when the head is acceptable.
std::optional<response> answer_to(std::string_view raw) {
  beast_http::request_parser<beast_http::string_body> parser;
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
  if (ec) {
    auto refusal = refusal_for_parse_error(ec);
    EXPECT_TRUE(refusal) << "the parser's error is left unanswered: " << ec.message();
    return refusal;
  }
  EXPECT_TRUE(parser.is_header_done()) << raw;
  return refusal_for_head(parser.get());
}

/// The status and error code of a refusal, which must close the connection.
void expect_refused(std::string_view raw, status code, std::string_view error_code) {
  const auto res = answer_to(raw);
  ASSERT_TRUE(res) << "accepted: " << raw;
  EXPECT_EQ(res->result(), code) << raw;
  EXPECT_FALSE(res->keep_alive()) << raw;
  EXPECT_EQ(res->at(field::content_type), "application/json");
  const auto body = nlohmann::json::parse(res->body());
  EXPECT_EQ(body["error"]["code"], error_code) << raw;
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

constexpr std::string_view kPost = "POST /x HTTP/1.1\r\nHost: h\r\n";

std::string post(std::string_view headers) { return std::string(kPost) + std::string(headers) + "\r\n"; }

TEST(RequestFraming, AcceptsOrdinaryRequests) {
  EXPECT_FALSE(answer_to("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_FALSE(answer_to(post("Content-Length: 3\r\n")));
  EXPECT_FALSE(answer_to(post("Transfer-Encoding: chunked\r\n")));
  EXPECT_FALSE(answer_to(post("Transfer-Encoding: Chunked\r\n")));
  EXPECT_FALSE(answer_to(post("Content-Length: 3\r\nExpect: 100-continue\r\n")));
  EXPECT_FALSE(answer_to("GET / HTTP/1.0\r\n\r\n")) << "HTTP/1.0 needs no Host";
  EXPECT_FALSE(answer_to("GET / HTTP/1.0\r\nExpect: something\r\n\r\n")) << "HTTP/1.0's Expect is ignored";
}

// RFC 9112 section 6.3: a transfer coding list that does not end in chunked
// gives no body length; Beast reads such a body as empty, and its bytes would
// be the next request.
TEST(RequestFraming, RefusesATransferEncodingThatDoesNotEndInChunked) {
  for (auto te : {"gzip", "identity", "xchunked", "chunked, identity", "chunked;q=1", ""}) {
    expect_refused(post(std::string("Transfer-Encoding: ") + te + "\r\n"), status::bad_request, "bad_request");
  }
}

TEST(RequestFraming, RefusesTransferEncodingWithContentLength) {
  for (auto te : {"gzip", "identity", "chunked"}) {
    const std::string te_field = std::string("Transfer-Encoding: ") + te + "\r\n";
    expect_refused(post(te_field + "Content-Length: 5\r\n"), status::bad_request, "bad_request");
    expect_refused(post("Content-Length: 5\r\n" + te_field), status::bad_request, "bad_request");
  }
}

TEST(RequestFraming, RefusesCodingsBeforeChunkedAsNotImplemented) {
  expect_refused(post("Transfer-Encoding: gzip, chunked\r\n"), status::not_implemented, "not_implemented");
  expect_refused(post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), status::not_implemented,
                 "not_implemented");
}

TEST(RequestFraming, RefusesTransferEncodingInHttp10) {
  expect_refused("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", status::bad_request, "bad_request");
}

TEST(RequestFraming, RefusesDuplicateOrInvalidContentLength) {
  expect_refused(post("Content-Length: 5\r\nContent-Length: 5\r\n"), status::bad_request, "bad_request");
  expect_refused(post("Content-Length: 5\r\nContent-Length: 6\r\n"), status::bad_request, "bad_request");
  expect_refused(post("Content-Length: 5, 5\r\n"), status::bad_request, "bad_request");
  for (auto value : {"abc", "-1", "+5", "5 5", "0x10", ""}) {
    expect_refused(post(std::string("Content-Length: ") + value + "\r\n"), status::bad_request, "bad_request");
  }
}

TEST(RequestFraming, RefusesAMissingOrDuplicateHost) {
  expect_refused("GET / HTTP/1.1\r\n\r\n", status::bad_request, "bad_request");
  expect_refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status::bad_request, "bad_request");
}

TEST(RequestFraming, RefusesBareLineFeedsAndControlCharacters) {
  expect_refused("GET / HTTP/1.1\nHost: h\n\n", status::bad_request, "bad_request");
  expect_refused("GET / HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n", status::bad_request, "bad_request");
  constexpr char kNul[] = "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n";
  expect_refused(std::string(kNul, sizeof kNul - 1), status::bad_request, "bad_request");
  expect_refused("GET / HTTP/1.1\r\nHost: h\r\nBad Name: b\r\n\r\n", status::bad_request, "bad_request");
}

TEST(RequestFraming, RefusesExpectationsOtherThan100Continue) {
  expect_refused(post("Content-Length: 3\r\nExpect: 200-ok\r\n"), status::expectation_failed, "expectation_failed");
  expect_refused(post("Content-Length: 3\r\nExpect: 100-continue, 200-ok\r\n"), status::expectation_failed,
                 "expectation_failed");
}

TEST(RequestFraming, ExpectsContinueOnlyFromHttp11) {
  beast_http::request_parser<beast_http::string_body> parser;
  boost::beast::error_code ec;
  const std::string raw = post("Content-Length: 3\r\nExpect: 100-Continue\r\n");
  parser.put(boost::asio::buffer(raw), ec);
  ASSERT_FALSE(ec);
  EXPECT_TRUE(expects_continue(parser.get()));
  request old = parser.get();
  old.version(10);
  EXPECT_FALSE(expects_continue(old));
  old.version(11);
  old.erase(field::expect);
  EXPECT_FALSE(expects_continue(old));
}

TEST(RequestFraming, LeavesErrorsThatAreNotAboutTheBytesUnanswered) {
  EXPECT_FALSE(refusal_for_parse_error(beast_http::error::end_of_stream));
  EXPECT_FALSE(refusal_for_parse_error(beast_http::error::partial_message));
  EXPECT_FALSE(refusal_for_parse_error(boost::asio::error::operation_aborted));
}

}  // namespace
}  // namespace brigade::http

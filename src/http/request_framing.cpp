#include "http/request_framing.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>

#include "http/error_codes.hpp"
#include "http/exchange.hpp"

namespace brigade::http {
namespace {

response refuse(status code, std::string_view error_code, std::string_view message) {
  auto res = json_error(code, error_code, message);
  res.keep_alive(false);
  return res;
}

response bad_request(std::string_view message) { return refuse(status::bad_request, kBadRequest, message); }

/// The comma-separated members of every field named `name`, in the order
/// received (Beast's equal_range spans other fields in between).
std::vector<std::string_view> members(const request& head, field name) {
  std::vector<std::string_view> out;
  for (const auto& f : head) {
    if (f.name() != name) continue;
    for (auto token : beast_http::token_list{f.value()}) out.push_back(token);
  }
  return out;
}

// RFC 9110 section 5.6.2: tchar.
bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// The codings of every Transfer-Encoding field, in order, each a bare
/// token (empty list elements skipped); nothing if any has parameters or a
/// character a token may not hold. Stricter than Beast's token_list, which
/// reads "chunked;q=1" as chunked.
std::optional<std::vector<std::string_view>> transfer_codings(const request& head) {
  std::vector<std::string_view> out;
  for (const auto& f : head) {
    if (f.name() != field::transfer_encoding) continue;
    std::string_view rest = f.value();
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view element = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      while (!element.empty() && (element.front() == ' ' || element.front() == '\t')) element.remove_prefix(1);
      while (!element.empty() && (element.back() == ' ' || element.back() == '\t')) element.remove_suffix(1);
      if (element.empty()) continue;
      if (!std::all_of(element.begin(), element.end(), is_token_char)) return std::nullopt;
      out.push_back(element);
    }
  }
  return out;
}

// RFC 9112 section 6.1 and 6.3: the only framing by transfer coding we read
// is `chunked` alone; one that does not end in chunked has no knowable end.
std::optional<response> check_transfer_encoding(const request& head) {
  if (head.count(field::transfer_encoding) == 0) return std::nullopt;
  if (head.count(field::content_length) != 0)
    return bad_request("A request may not have both Transfer-Encoding and Content-Length");
  if (head.version() < 11) return bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request");
  const auto codings = transfer_codings(head);
  if (!codings) return bad_request("Malformed Transfer-Encoding (a coding with parameters or a bad character)");
  if (codings->empty() || !boost::beast::iequals(codings->back(), "chunked"))
    return bad_request("The last transfer coding must be chunked");
  if (codings->size() != 1)
    return refuse(status::not_implemented, kNotImplemented, "The only transfer coding supported is chunked");
  // Beast frames the body by its own reading of the field: it must agree.
  if (!head.chunked()) return bad_request("The last transfer coding must be chunked");
  return std::nullopt;
}

// One Content-Length, one number: a list ("5, 5") or a second field is a
// framing that another parser may read differently.
std::optional<response> check_content_length(const request& head) {
  const size_t count = head.count(field::content_length);
  if (count > 1) return bad_request("More than one Content-Length header");
  if (count == 1 && head[field::content_length].find(',') != std::string_view::npos)
    return bad_request("Content-Length must be a single number");
  return std::nullopt;
}

// RFC 9112 section 3.2.
std::optional<response> check_host(const request& head) {
  const size_t count = head.count(field::host);
  if (count > 1) return bad_request("More than one Host header");
  if (count == 0 && head.version() >= 11) return bad_request("An HTTP/1.1 request needs a Host header");
  return std::nullopt;
}

// RFC 9110 section 10.1.1: 100-continue is the only expectation there is;
// an HTTP/1.0 client's Expect is ignored.
std::optional<response> check_expect(const request& head) {
  if (head.version() < 11 || head.count(field::expect) == 0) return std::nullopt;
  const auto expectations = members(head, field::expect);
  const bool only_continue =
      !expectations.empty() && std::all_of(expectations.begin(), expectations.end(), [](std::string_view e) {
        return boost::beast::iequals(e, "100-continue");
      });
  if (only_continue) return std::nullopt;
  return refuse(status::expectation_failed, kExpectationFailed, "The only expectation supported is 100-continue");
}

}  // namespace

std::optional<response> refusal_for_parse_error(boost::beast::error_code ec) {
  using beast_http::error;
  if (ec == error::bad_line_ending) return bad_request("Every line of a request head must end in CRLF");
  if (ec == error::bad_method) return bad_request("Malformed request method");
  if (ec == error::bad_target) return bad_request("Malformed request target");
  if (ec == error::bad_version) return bad_request("Malformed HTTP version");
  if (ec == error::bad_field) return bad_request("Malformed header name");
  if (ec == error::bad_value) return bad_request("Malformed header value (a control character, NUL or bare LF)");
  if (ec == error::bad_obs_fold) return bad_request("Malformed folded header line");
  if (ec == error::bad_content_length) return bad_request("Invalid or conflicting Content-Length");
  if (ec == error::bad_transfer_encoding)
    return bad_request("Invalid Transfer-Encoding, or Transfer-Encoding with Content-Length");
  if (ec == error::bad_chunk || ec == error::bad_chunk_extension) return bad_request("Malformed chunked body");
  return std::nullopt;
}

std::optional<response> refusal_for_head(const request& head) {
  if (auto refusal = check_host(head)) return refusal;
  if (auto refusal = check_content_length(head)) return refusal;
  if (auto refusal = check_transfer_encoding(head)) return refusal;
  return check_expect(head);
}

bool expects_continue(const request& head) {
  return head.version() >= 11 && boost::beast::iequals(head[field::expect], "100-continue");
}

}  // namespace brigade::http

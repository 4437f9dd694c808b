#include "http/exchange.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include "common/metrics/catalog.hpp"

namespace brigade::http {

std::string_view exchange::path() const noexcept {
  std::string_view target = request_.target();
  return target.substr(0, target.find('?'));
}

std::string_view exchange::query() const noexcept {
  std::string_view target = request_.target();
  const size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view{} : target.substr(mark + 1);
}

bool exchange::is_websocket_upgrade() const { return boost::beast::websocket::is_upgrade(request_); }

void exchange::respond(response&& res) {
  if (responded_.exchange(true)) return;
  // A status code is three digits: the label stays bounded.
  const auto& m = metrics::brigade();
  char status_text[4];
  const unsigned code = res.result_int() % 1000;
  status_text[0] = static_cast<char>('0' + code / 100);
  status_text[1] = static_cast<char>('0' + code / 10 % 10);
  status_text[2] = static_cast<char>('0' + code % 10);
  status_text[3] = '\0';
  m.http_requests.with({route_, std::string_view(status_text, 3)}).inc();
  m.http_request_duration.with(route_).observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  if (code >= 500) m.internal_errors.inc();
  auto respond = std::move(respond_);
  respond(std::move(res));
}

std::optional<std::string_view> query_param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (name == key) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

response json_error(status code, std::string_view error_code, std::string_view message, unsigned version) {
  response res{code, version};
  res.set(field::content_type, "application/json");
  nlohmann::json body = {{"error", {{"code", error_code}, {"message", message}}}};
  res.body() = body.dump();
  res.prepare_payload();
  return res;
}

}  // namespace brigade::http

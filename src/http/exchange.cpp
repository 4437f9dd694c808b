#include "http/exchange.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

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

exchange::~exchange() {
  // Taken over by a WebSocket, or dropped with its connection.
  if (!responded_.load(std::memory_order_relaxed)) unanswered_.fetch_sub(1, std::memory_order_relaxed);
}

void exchange::respond(response&& res) {
  if (responded_.exchange(true)) return;
  unanswered_.fetch_sub(1, std::memory_order_relaxed);
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

#include "http/exchange.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include "common/log.hpp"
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

bool exchange::is_websocket_upgrade() const {
  return boost::beast::websocket::is_upgrade(request_);
}

exchange::~exchange() {
  // Taken over by a WebSocket, or dropped with its connection.
  if (!responded_.load(std::memory_order_relaxed)) unanswered_.fetch_sub(1, std::memory_order_relaxed);
}

// One line per request. The path without its query string, and never a
// header: tokens travel in Authorization or in the Socket.IO handshake,
// and a query could carry one too. Long-polling requests, a few per client
// per minute, are debug-level so they do not drown the rest.
void exchange::log_request(unsigned status, double seconds) const {
  const auto level = route_ == "/socket.io/" ? spdlog::level::debug : spdlog::level::info;
  log_event(level, "http_request",
            {{"method", std::string_view(request_.method_string())},
             {"path", path()},
             {"route", route_},
             {"status", static_cast<int64_t>(status)},
             {"ms", seconds * 1000.0},
             {"remote", std::string_view(remote_address_)}});
}

void exchange::respond(response&& res) {
  if (responded_.exchange(true)) return;
  unanswered_.fetch_sub(1, std::memory_order_relaxed);
  // A status code is three digits: the label stays bounded.
  const auto& m = metrics::brigade();
  char status_text[4];
  const unsigned code = res.result_int() % 1000;
  status_text[0] = static_cast<char>('0' + code / 100);
  status_text[1] = static_cast<char>('0' + code / 10 % 10);
  status_text[2] = static_cast<char>('0' + code % 10);
  status_text[3] = '\0';
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  m.http_requests.with({route_, std::string_view(status_text, 3)}).inc();
  m.http_request_duration.with(route_).observe(seconds);
  if (code >= 500) m.internal_errors.inc();
  log_request(code, seconds);
  auto respond = std::move(respond_);
  respond(std::move(res));
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

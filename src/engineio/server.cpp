#include "engineio/server.hpp"

#include <sstream>

#include <boost/asio/post.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include "common/base64.hpp"
#include "common/metrics/catalog.hpp"
#include "common/query_string.hpp"
#include "engineio/random_id.hpp"
#include "http/types.hpp"

namespace brigade::engineio {

namespace asio = boost::asio;
using http::field;
using http::status;

namespace {

// RFC 6455 section 4.2.1: version 13 and a key that is 16 base64 bytes.
bool valid_websocket_request(const http::request& req) {
  if (req[field::sec_websocket_version] != http_value::websocket_version) return false;
  const auto key = base64_decode(req[field::sec_websocket_key]);
  return key && key->size() == http_value::websocket_key_bytes;
}

std::string error_body(engine_error error) {
  return nlohmann::json{{"code", static_cast<int>(error)}, {"message", error_message(error)}}.dump();
}

http::response error_response(engine_error error, unsigned version) {
  http::response res{error == engine_error::forbidden ? status::forbidden : status::bad_request, version};
  res.set(field::content_type, http_value::error_content_type);
  res.body() = error_body(error);
  return res;
}

}  // namespace

server::server(http::io_pool& pool, config cfg, connection_handler on_connection)
    : pool_(pool),
      config_(std::move(cfg)),
      on_connection_(std::move(on_connection)),
      handshake_limiter_(config_.handshake_rate, config_.handshake_burst, config_.handshake_limit_max_addresses) {
  for (size_t i = 0; i < pool_.size(); ++i) shards_.push_back(std::make_unique<shard>());
}

std::string server::error_response_text(engine_error error) {
  http::response res = error_response(error, 11);
  res.keep_alive(false);
  res.prepare_payload();
  std::ostringstream text;
  text << res;
  return std::move(text).str();
}

void server::reply(http::exchange& ex, std::string body, content type) const {
  http::response res{status::ok, ex.req().version()};
  res.set(field::content_type,
          type == content::text ? http_value::payload_content_type : http_value::post_ack_content_type);
  config_.cors.apply(ex.req(), res);
  res.body() = std::move(body);
  res.prepare_payload();
  ex.respond(std::move(res));
}

void server::reply_error(http::exchange& ex, engine_error error) const {
  http::response res = error_response(error, ex.req().version());
  config_.cors.apply(ex.req(), res);
  res.prepare_payload();
  ex.respond(std::move(res));
}

std::optional<size_t> server::loop_of(std::string_view sid) const {
  if (sid.size() != kIdLength) return std::nullopt;
  const std::string_view alphabet(kIdAlphabet);
  const size_t index = alphabet.find(sid[0]);
  if (index == std::string_view::npos || index >= shards_.size()) return std::nullopt;
  return index;
}

void server::handle(const http::exchange_ptr& ex) {
  const auto& req = ex->req();
  if (req.method() == http::beast_http::verb::options) {
    ex->respond(config_.cors.preflight(req));
    return;
  }
  // WebSocket requests carry no CORS protection, so a foreign page could
  // open a session with the user's cookies; refuse every request of a
  // browser origin the configuration does not allow (polling and WebSocket
  // alike, handshake or not: a session's requests come from its own page).
  const std::string_view query = ex->query();
  const bool handshake = !query_value(query, query_param::sid);
  if (!config_.cors.permits(req)) {
    if (handshake) metrics::brigade().handshake_refused.inc();
    ex->respond(http::json_error(status::forbidden, refusal_code::origin_not_allowed,
                                 "Origin not allowed: " + std::string(req[field::origin]), req.version()));
    return;
  }
  const auto transport = query_value(query, query_param::transport);
  const bool websocket = transport == transport_name::websocket && config_.allow_websocket;
  const bool polling = transport == transport_name::polling && config_.allow_polling;
  if (!websocket && !polling) {
    if (handshake) metrics::brigade().handshake_refused.inc();
    reply_error(*ex, engine_error::unknown_transport);
    return;
  }
  if (query_value(query, query_param::protocol) != kProtocolVersion) {
    if (handshake) metrics::brigade().handshake_refused.inc();
    reply_error(*ex, engine_error::unsupported_protocol_version);
    return;
  }
  if (auto sid = query_value(query, query_param::sid)) {
    route_to_session(ex, std::string(*sid), websocket);
  } else if (refuse_over_rate(*ex)) {
    return;
  } else if (websocket) {
    handshake_websocket(ex);
  } else {
    handshake_polling(ex);
  }
}

bool server::refuse_over_rate(http::exchange& ex) {
  if (!handshake_limiter_.enabled()) return false;
  const auto verdict = handshake_limiter_.check(ex.remote_address(), std::chrono::steady_clock::now());
  if (verdict) return false;
  metrics::brigade().handshake_refused.inc();
  const auto seconds = std::to_string(verdict.retry_after.count());
  auto res =
      http::json_error(status::too_many_requests, refusal_code::rate_limited,
                       "Too many new connections from this address; retry in " + seconds + " s", ex.req().version());
  // RFC 6585 section 4: 429 may say how long to wait (RFC 9110 10.2.3).
  res.set(field::retry_after, seconds);
  config_.cors.apply(ex.req(), res);
  ex.respond(std::move(res));
  return true;
}

session_ptr server::create_session(http::loop& owner, transport_kind transport) {
  std::string id = random_id();
  id[0] = kIdAlphabet[owner.index()];
  auto s = std::make_shared<session>(*this, owner, std::move(id), transport);
  shards_[owner.index()]->sessions.insert(s);
  clients_.fetch_add(1, std::memory_order_relaxed);
  const auto& m = metrics::brigade();
  if (transport == transport_kind::websocket) {
    m.connections_websocket.inc();
    m.opened_websocket.inc();
  } else {
    m.connections_polling.inc();
    m.opened_polling.inc();
  }
  return s;
}

void server::handshake_polling(const http::exchange_ptr& ex) {
  if (ex->req().method() != http::beast_http::verb::get) {
    metrics::brigade().handshake_refused.inc();
    reply_error(*ex, engine_error::bad_handshake_method);
    return;
  }
  auto s = create_session(ex->origin(), transport_kind::polling);
  s->start_polling(ex);
  if (on_connection_) on_connection_(s);
}

void server::handshake_websocket(const http::exchange_ptr& ex) {
  if (!ex->is_websocket_upgrade() || !valid_websocket_request(ex->req())) {
    metrics::brigade().handshake_refused.inc();
    reply_error(*ex, engine_error::bad_request);
    return;
  }
  const std::string key(ex->req()[field::sec_websocket_key]);
  auto up = ex->take_socket();
  if (!up) return;
  http::loop& owner = ex->origin();
  auto conn = std::make_shared<http::ws::connection>(
      std::move(up->stream), http::ws::connection::options{config_.max_payload, config_.max_outbound_bytes, config_.max_reply_bytes});
  auto s = create_session(owner, transport_kind::websocket);
  s->start_websocket(conn, key, std::move(up->leftover));
  if (on_connection_) on_connection_(s);
}

void server::route_to_session(const http::exchange_ptr& ex, std::string sid, bool websocket) {
  const auto index = loop_of(sid);
  if (!index) {
    reply_error(*ex, engine_error::unknown_sid);
    return;
  }
  if (websocket) {
    if (!ex->is_websocket_upgrade() || !valid_websocket_request(ex->req())) {
      reply_error(*ex, engine_error::bad_request);
      return;
    }
    upgrade_session(ex, std::move(sid), *index);
    return;
  }
  asio::post(pool_.at(*index).context(), [this, ex, sid = std::move(sid), index = *index] {
    auto& sessions = shards_[index]->sessions;
    auto it = sessions.find(std::string_view(sid));
    if (it == sessions.end()) {
      reply_error(*ex, engine_error::unknown_sid);
      return;
    }
    const session_ptr s = *it;  // the request may end the session
    const auto method = ex->req().method();
    if (method == http::beast_http::verb::get) {
      s->handle_poll_get(ex);
    } else if (method == http::beast_http::verb::post) {
      s->handle_poll_post(ex);
    } else {
      reply_error(*ex, engine_error::bad_request);
    }
  });
}

// The reference server (engine.io 6) answers 413 and keeps the session, and
// its client then drops the transport; here the session ends at once, as it
// does on WebSocket for an oversized message, so that no session carries on
// with a message missing from its stream.
void server::body_refused(const http::request& head) {
  if (head.method() != http::beast_http::verb::post || !config_.cors.permits(head)) return;
  const std::string_view target = head.target();
  const size_t mark = target.find('?');
  if (mark == std::string_view::npos) return;
  const std::string_view query = target.substr(mark + 1);
  const auto sid = query_value(query, query_param::sid);
  if (!sid || query_value(query, query_param::transport) != transport_name::polling) return;
  const auto index = loop_of(*sid);
  if (!index) return;
  asio::post(pool_.at(*index).context(), [this, sid = std::string(*sid), index = *index] {
    auto& sessions = shards_[index]->sessions;
    if (auto it = sessions.find(std::string_view(sid)); it != sessions.end()) (*it)->post_refused();
  });
}

void server::upgrade_session(const http::exchange_ptr& ex, std::string sid, size_t index) {
  const std::string key(ex->req()[field::sec_websocket_key]);
  auto up = ex->take_socket();
  if (!up) return;
  // Hand the stream to the session's loop so that all of a session's
  // transports share one thread.
  asio::post(pool_.at(index).context(), [this, stream = std::move(up->stream), key, sid = std::move(sid), index,
                                         leftover = std::move(up->leftover)]() mutable {
    if (!stream->move_to(pool_.at(index))) return;
    auto conn = std::make_shared<http::ws::connection>(
        std::move(stream), http::ws::connection::options{config_.max_payload, config_.max_outbound_bytes, config_.max_reply_bytes});
    auto& sessions = shards_[index]->sessions;
    auto it = sessions.find(std::string_view(sid));
    if (it == sessions.end()) {
      conn->reject(error_response_text(engine_error::unknown_sid));
      return;
    }
    (*it)->attach_probe(conn, key, std::move(leftover));
  });
}

void server::remove(const session& s) {
  auto& sessions = shards_[s.owner().index()]->sessions;
  auto it = sessions.find(s.id());
  if (it == sessions.end()) return;
  const session_ptr last = *it;  // the session outlives its entry
  sessions.erase(it);
}

void server::close_all() {
  for (size_t i = 0; i < shards_.size(); ++i) {
    asio::post(pool_.at(i).context(), [this, i] {
      std::vector<session_ptr> all;
      for (const auto& s : shards_[i]->sessions) all.push_back(s);
      for (auto& s : all) s->close(close_reason::server_shutting_down);
    });
  }
}

}  // namespace brigade::engineio

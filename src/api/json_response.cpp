#include "api/json_response.hpp"

namespace brigade::api {

std::string dump_json(const nlohmann::ordered_json& body) {
  // The default error handler throws on invalid UTF-8; an error message may
  // quote client bytes, and a throw here would escape the handler edge.
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

http::response json_response(http::status code, const nlohmann::ordered_json& body, unsigned version) {
  http::response res{code, version};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = dump_json(body);
  res.prepare_payload();
  return res;
}

}  // namespace brigade::api

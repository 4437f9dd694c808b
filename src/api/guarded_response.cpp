#include "api/guarded_response.hpp"

#include <exception>

#include "api/error_response.hpp"
#include "api/json_response.hpp"
#include "common/log.hpp"
#include "kitchen/ports.hpp"

namespace brigade::api {
namespace {

http::response to_response(reply&& out, unsigned version) {
  http::response res = json_response(out.status, out.body, version);
  if (out.file) {
    res.body() = std::move(*out.file);
    res.prepare_payload();
  }
  for (auto& [name, value] : out.headers) res.set(name, value);
  return res;
}

}  // namespace

http::response guarded_response(const http::request& req, std::string_view path,
                                const std::function<result<reply>()>& work) {
  const unsigned version = req.version();
  try {
    auto out = work();
    if (out) return to_response(std::move(*out), version);
    if (status_of(out.error().code) == http::status::internal_server_error) {
      spdlog::error("api: {} {}: unmapped error {}: {}", req.method_string(), path, out.error().code,
                    out.error().message);
    }
    return error_response(out.error(), version);
  } catch (const kitchen::store_failure& e) {
    spdlog::error("api: {} {}: store failure: {}", req.method_string(), path, e.what());
    return error_response(kStoreUnavailable, "The database is unavailable; try again shortly", version);
  } catch (const std::exception& e) {
    spdlog::error("api: {} {}: {}", req.method_string(), path, e.what());
    return error_response(kInternal, "Internal server error", version);
  } catch (...) {
    spdlog::error("api: {} {}: unknown exception", req.method_string(), path);
    return error_response(kInternal, "Internal server error", version);
  }
}

}  // namespace brigade::api

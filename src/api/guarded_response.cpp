#include "api/guarded_response.hpp"

#include <exception>

#include "api/error_response.hpp"
#include "api/json_response.hpp"
#include "common/log.hpp"
#include "kitchen/ports.hpp"

namespace brigade::api {
namespace {

// A file (an export) as it is; its Content-Type comes with the reply's headers.
http::response file_response(http::status code, std::string&& file, unsigned version) {
  http::response res{code, version};
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(file);
  res.prepare_payload();
  return res;
}

http::response to_response(reply&& out, unsigned version) {
  http::response res = out.file ? file_response(out.status, std::move(*out.file), version)
                                : json_response(out.status, out.body, version);
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

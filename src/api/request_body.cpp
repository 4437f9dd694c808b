#include "api/request_body.hpp"

#include <optional>
#include <string_view>

namespace brigade::api {

result<nlohmann::json> read_json_object(const http::request& req, body_presence presence) {
  std::optional<std::string_view> content_type;
  if (const auto header = req.find(http::field::content_type); header != req.end()) {
    content_type = std::string_view(header->value().data(), header->value().size());
  }
  return read_json_object(req.body(), content_type, presence);
}

}  // namespace brigade::api

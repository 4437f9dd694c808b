#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace brigade::socketio {

using json = nlohmann::ordered_json;

/// Appends the compact JSON text of `value` to `out`: the bytes of
/// `value.dump(-1, ' ', false, json::error_handler_t::replace)`, without
/// building that temporary string. Pure; thread-safe.
void append_json(std::string& out, const json& value);

/// As append_json, except that each binary value is written as
/// `{"_placeholder":true,"num":N}` and its bytes appended to `attachments`
/// (socket.io-parser's deconstructPacket), N counting from
/// attachments.size() in output order.
void append_json_with_placeholders(std::string& out, const json& value,
                                   std::vector<std::string>& attachments);

}  // namespace brigade::socketio

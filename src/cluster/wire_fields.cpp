#include "cluster/wire_fields.hpp"

namespace brigade::cluster {

using socketio::json;

std::optional<std::vector<std::string>> room_names(const json& list) {
  std::vector<std::string> names;
  if (list.is_null()) return names;
  if (!list.is_array()) return std::nullopt;
  for (const auto& room : list) {
    if (room.is_string()) {
      names.push_back(room.get<std::string>());
    } else if (room.is_number_integer()) {
      names.push_back(std::to_string(room.get<int64_t>()));
    } else {
      return std::nullopt;
    }
  }
  return names;
}

void drop_extensions(json& value) {
  if (value.is_binary()) {
    if (value.get_binary().has_subtype()) value = nullptr;
  } else if (value.is_structured()) {
    for (auto& child : value) drop_extensions(child);
  }
}

std::string string_field(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace brigade::cluster

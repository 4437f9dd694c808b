#include "store/recovery_session_values.hpp"

#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kitchen/ports.hpp"

namespace brigade::store {

std::string rooms_to_json(const std::vector<std::string>& rooms) {
  try {
    return nlohmann::json(rooms).dump();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument("a recovery session's room names must be UTF-8");
  }
}

std::vector<std::string> rooms_from_json(const std::string& text) {
  const auto damaged = [] { return kitchen::store_failure("damaged rooms of a recovery session in the database"); };
  const auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) throw damaged();
  std::vector<std::string> rooms;
  rooms.reserve(parsed.size());
  for (const auto& room : parsed) {
    if (!room.is_string()) throw damaged();
    rooms.push_back(room.get<std::string>());
  }
  return rooms;
}

int64_t version_column(uint64_t version) {
  if (version > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    throw std::invalid_argument("a recovery session's version and sequence must fit in 63 bits");
  }
  return static_cast<int64_t>(version);
}

}  // namespace brigade::store

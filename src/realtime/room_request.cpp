#include "realtime/room_request.hpp"

#include <cstdint>
#include <string>

#include "kitchen/errors.hpp"

namespace brigade::realtime {

const std::vector<room_command>& room_commands() {
  static const std::vector<room_command> commands{
      {"join:kitchen", room_action::join, room_kind::kitchen},
      {"leave:kitchen", room_action::leave, room_kind::kitchen},
      {"join:waiters", room_action::join, room_kind::waiters},
      {"leave:waiters", room_action::leave, room_kind::waiters},
      {"join:table", room_action::join, room_kind::table},
      {"leave:table", room_action::leave, room_kind::table},
      {"join:order", room_action::join, room_kind::order},
      {"leave:order", room_action::leave, room_kind::order},
  };
  return commands;
}

namespace {

result<int64_t> positive_id(const nlohmann::ordered_json& payload, const std::string& field) {
  if (!payload.is_object()) {
    return kitchen::validation_error(field, "expected an object {" + field + "}");
  }
  auto it = payload.find(field);
  if (it == payload.end() || it->is_null()) return kitchen::validation_error(field, field + " is required");
  // JSON integers only: "12" or 12.5 is a client bug worth telling, not guessing.
  const bool integer = it->is_number_integer();
  // nlohmann reads every non-negative integer (0 too) as unsigned.
  const bool positive =
      integer && (it->is_number_unsigned()
                      ? it->get<uint64_t>() > 0 && it->get<uint64_t>() <= uint64_t{INT64_MAX}
                      : it->get<int64_t>() > 0);
  if (!positive) return kitchen::validation_error(field, field + " must be a positive integer");
  // The schema is exactly {field}: anything else is a client bug worth telling.
  for (const auto& [key, value] : payload.items()) {
    if (key != field) return kitchen::validation_error(key, "Unknown field " + key + "; expected only " + field);
  }
  return it->get<int64_t>();
}

}  // namespace

result<room> parse_room_request(room_kind kind, const nlohmann::ordered_json& args) {
  const nlohmann::ordered_json none;
  const nlohmann::ordered_json& payload = args.is_array() && !args.empty() ? args[0] : none;
  switch (kind) {
    case room_kind::kitchen:
    case room_kind::waiters:
      if (!payload.is_null() && !(payload.is_object() && payload.empty())) {
        return kitchen::validation_error("payload", "expected no payload, or an empty object");
      }
      return room{kind, 0};
    case room_kind::table: {
      auto id = positive_id(payload, "tableId");
      if (!id) return id.error();
      return room::table(*id);
    }
    case room_kind::order: {
      auto id = positive_id(payload, "orderId");
      if (!id) return id.error();
      return room::order(*id);
    }
  }
  return kitchen::validation_error("room", "unknown room");
}

}  // namespace brigade::realtime

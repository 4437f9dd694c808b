// Payload validation on arbitrary text: the REST body reader and decoders
// (src/api/json_body.hpp, src/api/request_decoding.hpp) and the realtime
// room command parser (src/realtime/room_request.hpp): the pure libraries
// brigade_api_decoding and brigade_room_requests, without the HTTP stack.
//
// The input is used as a request body (read_json_object under several
// Content-Types), as a Content-Type, as a query string, and, parsed by
// nlohmann without exceptions, as the JSON every decoder reads. Seeds:
// corpus/payload_validation_fuzz/ (bodies of the REST commands, login and
// device tokens, room command arguments, query strings).
//
// Properties, each a trap when broken: every failure is the documented error
// code; an accepted body is an object equal to the parsed input; an accepted
// command names no unknown field, holds exactly the input's fields and
// respects the domain's bounds (kitchen/validation.hpp, checked by kitchen's
// own functions); an accepted room command names a room of the requested
// kind with a positive id taken from the arguments; accepted query
// parameters are within their ranges.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/error_codes.hpp"
#include "api/json_body.hpp"
#include "api/request_decoding.hpp"
#include "fuzz_support.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/status.hpp"
#include "kitchen/validation.hpp"
#include "realtime/room_request.hpp"

namespace api = brigade::api;
namespace kitchen = brigade::kitchen;
namespace realtime = brigade::realtime;
using brigade::fuzz::check;
using brigade::fuzz::json_deeper_than;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

template <typename T>
void check_validation_error(const brigade::result<T>& r) {
  if (r.ok()) return;
  check(r.error().code == kitchen::kValidation);
}

void body_reader(std::string_view input) {
  static const char* const kContentTypes[] = {nullptr, "application/json",
                                              "Application/JSON; charset=\"UTF-8\"", "text/plain",
                                              "application/json; charset=latin1"};
  for (const char* content_type : kContentTypes) {
    for (const auto presence : {api::body_presence::required, api::body_presence::optional}) {
      std::optional<std::string_view> header;
      if (content_type != nullptr) header = content_type;
      const auto read = api::read_json_object(input, header, presence);
      if (!read) {
        check(read.error().code == api::kInvalidJson ||
              read.error().code == api::kUnsupportedMediaType);
        continue;
      }
      check(read->is_object());
      const bool json_type = content_type != nullptr && api::is_json_media_type(content_type);
      if (!json_type) check(presence == api::body_presence::optional && read->empty());
    }
  }
  (void)api::is_json_media_type(input);
  check(api::count_code_points(input) == kitchen::count_characters(input));
}

// Whether every field of `body` is one of `known` (the decoders refuse
// unknown fields).
bool only(const json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) return false;
  }
  return true;
}

void check_items(const std::vector<kitchen::new_item>& items, const json& body) {
  check(items.size() >= kitchen::kMinItemsPerCommand &&
        items.size() <= kitchen::kMaxItemsPerCommand);
  const json& wire = body.at("items");
  check(wire.size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    check(only(wire[i], {"menuItemId", "quantity", "notes"}));
    check(item.menu_item > 0 && wire[i].at("menuItemId") == item.menu_item);
    check(item.quantity >= kitchen::kMinQuantity && item.quantity <= kitchen::kMaxQuantity);
    check(wire[i].at("quantity") == item.quantity);
    check(!kitchen::check_length(kitchen::item_field(i, "notes"), item.notes, 0,
                                 kitchen::kMaxItemNotes));
    const auto notes = wire[i].find("notes");
    check(notes == wire[i].end() || notes->is_null() ? item.notes.empty() : *notes == item.notes);
  }
}

void decoders(const json& body) {
  const auto order = api::decode_create_order(body);
  const auto items = api::decode_add_items(body);
  check_validation_error(order);
  check_validation_error(items);
  if (order) {
    check(only(body, {"tableId", "items", "notes"}));
    check(order->table > 0 && body.at("tableId") == order->table);
    check_items(order->items, body);
    check(!kitchen::check_length("notes", order->notes, 0, kitchen::kMaxOrderNotes));
    check(order->idempotency_key.empty() && order->request_fingerprint.empty());
    // The same items are accepted by POST /orders/{id}/items.
    const auto added = api::decode_add_items(json{{"items", body.at("items")}});
    check(added.ok() && added->size() == order->items.size());
    for (size_t i = 0; i < added->size(); ++i) {
      const auto& a = (*added)[i];
      const auto& b = order->items[i];
      check(a.menu_item == b.menu_item && a.quantity == b.quantity && a.notes == b.notes);
    }
  }
  if (items) check_items(*items, body);

  const auto order_status = api::decode_order_status(body);
  check_validation_error(order_status);
  if (order_status) check(body.at("status") == std::string(kitchen::to_string(*order_status)));
  const auto item_status = api::decode_item_status(body);
  check_validation_error(item_status);
  if (item_status) check(body.at("status") == std::string(kitchen::to_string(*item_status)));
  const auto priority = api::decode_priority(body);
  check_validation_error(priority);
  if (priority) check(body.at("priority") == std::string(kitchen::to_string(*priority)));

  const auto reason = api::decode_reason(body);
  check_validation_error(reason);
  if (reason) {
    check(body.at("reason") == *reason);
    check(!kitchen::check_length("reason", *reason, kitchen::kMinReason, kitchen::kMaxReason));
  }
  const auto station = api::decode_station(body);
  check_validation_error(station);
  if (station) check(*station > 0 && body.at("stationId") == *station);

  const auto login = api::decode_login(body);
  check_validation_error(login);
  if (login) {
    check(only(body, {"username", "password"}));
    check(body.at("username") == login->username && body.at("password") == login->password);
    check(!kitchen::check_length("username", login->username, 1, api::kMaxUsernameChars));
    check(!kitchen::check_length("password", login->password, 1, api::kMaxPasswordChars));
  }
  const auto device = api::decode_new_device(body);
  check_validation_error(device);
  if (device) {
    check(only(body, {"role", "tableId", "name"}));
    check(kitchen::is_device_role(device->role));
    check(body.at("role") == std::string(kitchen::to_string(device->role)));
    check(!kitchen::check_length("name", device->name, kitchen::kMinDeviceName,
                                 kitchen::kMaxDeviceName));
    check(body.at("name") == device->name);
    const auto table = body.find("tableId");
    check(table == body.end() || table->is_null()
              ? !device->table
              : device->table && *device->table > 0 && *table == *device->table);
  }
}

void room_commands(const ordered_json& args) {
  using realtime::room_kind;
  for (const auto kind :
       {room_kind::kitchen, room_kind::waiters, room_kind::table, room_kind::order}) {
    const auto room = realtime::parse_room_request(kind, args);
    check_validation_error(room);
    if (!room) continue;
    check(room->kind == kind);
    const ordered_json* payload = args.is_array() && !args.empty() ? &args[0] : nullptr;
    switch (kind) {
      case room_kind::kitchen:
      case room_kind::waiters:
        check(room->id == 0);
        check(payload == nullptr || payload->is_null() || payload->is_object());
        break;
      case room_kind::table:
        check(room->id > 0 && payload != nullptr && payload->at("tableId") == room->id);
        break;
      case room_kind::order:
        check(room->id > 0 && payload != nullptr && payload->at("orderId") == room->id);
        break;
    }
    check(!room->to_string().empty());
  }
}

void queries(std::string_view query) {
  const auto orders = api::decode_order_query(query);
  check_validation_error(orders);
  if (orders) {
    check(orders->limit >= 1 && orders->limit <= api::kMaxOrderLimit);
    check(!orders->table || *orders->table > 0);
    check(!orders->before || *orders->before > 0);
  }
  const auto tickets = api::decode_ticket_query(query);
  check_validation_error(tickets);
  if (tickets) check(!tickets->station || *tickets->station > 0);
  const auto events = api::decode_events_query(query);
  check_validation_error(events);
  if (events) check(events->limit >= 1 && events->limit <= api::kMaxEventLimit);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  body_reader(input);
  queries(input);
  if (json_deeper_than(input, 64)) return 0;

  const json body = json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  // What read_json_object accepts is exactly the parsed object.
  const auto read = api::read_json_object(input, "application/json", api::body_presence::required);
  if (read) check(*read == body);
  decoders(body);

  // Room commands get the event's arguments: the value itself when it is an
  // array, and the value as the single argument.
  const ordered_json args = ordered_json::parse(input, nullptr, /*allow_exceptions=*/false);
  room_commands(args);
  room_commands(ordered_json::array({args}));
  return 0;
}

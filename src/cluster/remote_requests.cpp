#include "cluster/remote_requests.hpp"

#include <mutex>
#include <vector>

#include <boost/asio/post.hpp>

#include "cluster/wire_fields.hpp"
#include "socketio/socket.hpp"

namespace brigade::cluster {

namespace {

using socketio::json;

/// How long an emit with acks waits when the request names no timeout.
constexpr std::chrono::milliseconds kDefaultAckTimeout{5000};

/// What `opts` selects: {rooms, except}, either missing meaning none.
struct selection {
  std::vector<std::string> rooms;
  std::vector<std::string> except;
};

std::optional<selection> selection_of(const json& request) {
  const auto opts = request.find("opts");
  if (opts == request.end() || !opts->is_object()) return std::nullopt;
  auto rooms = room_names(opts->value("rooms", json()));
  auto except = room_names(opts->value("except", json()));
  if (!rooms || !except) return std::nullopt;
  return selection{std::move(*rooms), std::move(*except)};
}

/// The handshake a Node server reports for its sockets, with what a Brigade
/// socket keeps: its address and its auth, less the token (a credential
/// must not travel the bus, where anyone reading Redis could replay it).
/// Brigade keeps no headers or query per socket (memory per connection).
json handshake_of(const socketio::socket& s) {
  json auth = s.auth();
  if (auth.is_object()) auth.erase("token");
  return json{{"headers", json::object()}, {"query", json::object()}, {"address", s.remote_address()},
              {"auth", std::move(auth)}};
}

/// A JSON array filled from several loops at once.
struct shared_list {
  std::mutex mutex;
  json items = json::array();
  void add(json item) {
    std::lock_guard lock(mutex);
    items.push_back(std::move(item));
  }
  json take() {
    std::lock_guard lock(mutex);
    return std::move(items);
  }
};

std::string as_json(const json& response) { return response.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::optional<json> decode_request(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;
  json request = bytes.front() == '{'
                     ? json::parse(bytes, nullptr, /*allow_exceptions=*/false)
                     : json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object()) return std::nullopt;
  drop_extensions(request);
  return request;
}

remote_requests::remote_requests(boost::asio::io_context& home, std::string uid, std::string prefix,
                                 publisher publish)
    : home_(home), uid_(std::move(uid)), prefix_(std::move(prefix)), publish_(std::move(publish)) {}

void remote_requests::on_server_side_emit(std::string event, server_side_handler handler) {
  server_side_handlers_[std::move(event)] = std::move(handler);
}

std::string remote_requests::response_channel(const socketio::io_namespace& nsp, const std::string& requester) const {
  std::string channel = prefix_ + "-response#" + nsp.name() + "#";
  // Node's adapter 8 listens on its own channel whatever its options say;
  // one without a uid listens on the shared one only.
  if (!requester.empty()) channel += requester + "#";
  return channel;
}

void remote_requests::publish_from_any_loop(std::string channel, std::string payload) {
  boost::asio::post(home_, [this, channel = std::move(channel), payload = std::move(payload)]() mutable {
    publish_(std::move(channel), std::move(payload));
    ++answered_;
  });
}

void remote_requests::answer(socketio::io_namespace& nsp, const json& request) {
  const auto type = request.find("type");
  if (type == request.end() || !type->is_number_integer()) return;
  const std::string requester = string_field(request, "uid");
  if (requester == uid_) return;
  std::string channel = response_channel(nsp, requester);
  switch (static_cast<request_type>(type->get<int>())) {
    case request_type::sockets:
      return answer_ids(nsp, request, std::move(channel));
    case request_type::all_rooms:
      return answer_rooms(nsp, request, std::move(channel));
    case request_type::remote_fetch:
      return answer_fetch(nsp, request, std::move(channel));
    case request_type::remote_join:
    case request_type::remote_leave:
    case request_type::remote_disconnect:
      return act_on_sockets(nsp, static_cast<request_type>(type->get<int>()), request, std::move(channel));
    case request_type::server_side_emit:
      return run_server_side_emit(nsp, request);
    case request_type::broadcast:
      return broadcast_with_acks(nsp, request, std::move(channel));
    default:
      return;  // a response, or a type this version does not know
  }
}

void remote_requests::answer_ids(socketio::io_namespace& nsp, const json& request, std::string channel) {
  auto rooms = room_names(request.value("rooms", json()));
  if (!rooms) return;
  auto ids = std::make_shared<shared_list>();
  nsp.visit_sockets(
      std::move(*rooms), {}, [ids](socketio::socket& s) { ids->add(s.id()); },
      [this, ids, channel = std::move(channel), request_id = request.value("requestId", json())]() mutable {
        publish_from_any_loop(std::move(channel), as_json({{"requestId", request_id}, {"sockets", ids->take()}}));
      });
}

void remote_requests::answer_rooms(socketio::io_namespace& nsp, const json& request, std::string channel) {
  nsp.collect_rooms([this, channel = std::move(channel),
                     request_id = request.value("requestId", json())](std::vector<std::string> rooms) mutable {
    publish_from_any_loop(std::move(channel), as_json({{"requestId", request_id}, {"rooms", std::move(rooms)}}));
  });
}

void remote_requests::answer_fetch(socketio::io_namespace& nsp, const json& request, std::string channel) {
  auto selected = selection_of(request);
  if (!selected) return;
  auto sockets = std::make_shared<shared_list>();
  nsp.visit_sockets(
      std::move(selected->rooms), std::move(selected->except),
      [sockets](socketio::socket& s) {
        sockets->add(json{{"id", s.id()}, {"handshake", handshake_of(s)}, {"rooms", s.rooms()}, {"data", s.data}});
      },
      [this, sockets, channel = std::move(channel), request_id = request.value("requestId", json())]() mutable {
        publish_from_any_loop(std::move(channel), as_json({{"requestId", request_id}, {"sockets", sockets->take()}}));
      });
}

void remote_requests::act_on_sockets(socketio::io_namespace& nsp, request_type type, const json& request,
                                     std::string channel) {
  const bool close = request.value("close", false);
  std::vector<std::string> rooms;
  if (type != request_type::remote_disconnect) {
    // With `opts`, `rooms` lists the rooms to join or leave; with a `sid`,
    // `room` names the one.
    auto listed = request.contains("opts") ? room_names(request.value("rooms", json()))
                                           : room_names(json::array({request.value("room", json())}));
    if (!listed) return;
    rooms = std::move(*listed);
  }
  auto act = [type, close, rooms = std::move(rooms)](socketio::socket& s) {
    if (type == request_type::remote_join) {
      for (const auto& room : rooms) s.join(room);
    } else if (type == request_type::remote_leave) {
      for (const auto& room : rooms) s.leave(room);
    } else {
      s.disconnect(close);
    }
  };
  if (auto selected = selection_of(request)) {
    nsp.visit_sockets(std::move(selected->rooms), std::move(selected->except), std::move(act));
    return;
  }
  // One socket by id (an id is a room of its own), answered where it lives.
  const std::string sid = string_field(request, "sid");
  if (sid.empty()) return;
  auto found = std::make_shared<std::atomic<bool>>(false);
  nsp.visit_sockets(
      {sid}, {},
      [found, act = std::move(act)](socketio::socket& s) {
        *found = true;
        act(s);
      },
      [this, found, channel = std::move(channel), request_id = request.value("requestId", json())]() mutable {
        if (*found) publish_from_any_loop(std::move(channel), as_json({{"requestId", request_id}}));
      });
}

void remote_requests::run_server_side_emit(const socketio::io_namespace& nsp, const json& request) {
  const auto data = request.find("data");
  if (data == request.end() || !data->is_array() || data->empty() || !(*data)[0].is_string()) return;
  const auto handler = server_side_handlers_.find((*data)[0].get<std::string>());
  if (handler == server_side_handlers_.end()) return;  // as a Node server with no listener: no answer
  const json args(data->begin() + 1, data->end());
  std::function<void(json)> ack;
  if (const auto request_id = request.find("requestId"); request_id != request.end()) {
    // The adapter reads acks of server-side emits on the shared channel.
    ack = [this, channel = prefix_ + "-response#" + nsp.name() + "#", request_id = *request_id,
           called = std::make_shared<std::atomic<bool>>(false)](json value) {
      if (called->exchange(true)) return;  // one answer per node
      publish_from_any_loop(channel, as_json({{"type", static_cast<int>(request_type::server_side_emit)},
                                              {"requestId", request_id},
                                              {"data", std::move(value)}}));
    };
  }
  handler->second(args, std::move(ack));
}

void remote_requests::broadcast_with_acks(socketio::io_namespace& nsp, const json& request, std::string channel) {
  auto selected = selection_of(request);
  const auto packet = request.find("packet");
  if (!selected || packet == request.end() || !packet->is_object()) return;
  const auto data = packet->find("data");
  if (data == packet->end() || !data->is_array() || data->empty() || !(*data)[0].is_string()) return;
  std::chrono::milliseconds timeout = kDefaultAckTimeout;
  if (const auto& opts = request["opts"]; opts.contains("flags") && opts["flags"].is_object()) {
    const auto& flags = opts["flags"];
    if (flags.contains("timeout") && flags["timeout"].is_number_unsigned()) {
      timeout = std::chrono::milliseconds(flags["timeout"].get<uint64_t>());
    }
  }
  const json request_id = request.value("requestId", json());
  auto clients = std::make_shared<std::atomic<int64_t>>(0);
  nsp.visit_sockets(
      std::move(selected->rooms), std::move(selected->except),
      [this, clients, channel, request_id, timeout, data = *data](socketio::socket& s) {
        ++*clients;
        s.emit_data_with_ack(data, timeout, [this, channel, request_id](std::optional<json> args) {
          if (!args) return;  // timed out: the requester's own timeout says so
          // The adapter hands the requester the first argument of each ack.
          json first = args->is_array() && !args->empty() ? std::move((*args)[0]) : json();
          const auto bytes = json::to_msgpack(json{{"type", static_cast<int>(request_type::broadcast_ack)},
                                                   {"requestId", request_id},
                                                   {"packet", std::move(first)}});
          publish_from_any_loop(channel, std::string(bytes.begin(), bytes.end()));
        });
      },
      [this, clients, channel, request_id] {
        publish_from_any_loop(channel, as_json({{"type", static_cast<int>(request_type::broadcast_client_count)},
                                                {"requestId", request_id},
                                                {"clientCount", clients->load()}}));
      });
}

}  // namespace brigade::cluster

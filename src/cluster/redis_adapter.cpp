#include "cluster/redis_adapter.hpp"

#include <random>

#include <boost/asio/post.hpp>

#include "cluster/wire_fields.hpp"
#include "socketio/broadcast.hpp"

namespace brigade::cluster {

namespace {

using socketio::json;

// Where a Brigade node puts a broadcast's recovery offset: in the flags,
// which Node's adapter passes through and ignores, so Node's clients never
// see Brigade's offsets as an extra argument.
constexpr const char* kOffsetFlag = "brigadeOffset";

/// How often the servers are counted: a node that joins or dies shows in
/// /metrics within this.
constexpr std::chrono::seconds kServerCountPeriod{5};

/// Six characters, as the Node adapter's uid2(6).
std::string random_uid() {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string uid;
  for (int i = 0; i < 6; ++i) uid.push_back(alphabet[device() % alphabet.size()]);
  return uid;
}

}  // namespace

redis_adapter::redis_adapter(boost::asio::io_context& home, redis_endpoint where, std::string prefix)
    : home_(home),
      prefix_(std::move(prefix)),
      uid_(random_uid()),
      publisher_(home, where, [this](bool up) { publisher_up_ = up; }),
      subscriber_(home, where, [this](bool up) { subscriber_up_ = up; }),
      requests_(home, uid_, prefix_,
                [this](std::string channel, std::string payload) {
                  if (!publisher_.publish(channel, payload)) ++dropped_;
                }),
      count_timer_(home) {}

redis_adapter::~redis_adapter() = default;

void redis_adapter::attach(socketio::io_namespace& nsp) {
  namespaces_[nsp.name()] = &nsp;
  nsp.join_cluster(*this);
  // As the Node adapter: one pattern per namespace covers its rooms' channels.
  subscriber_.psubscribe(prefix_ + "#" + nsp.name() + "#*",
                         [this](std::string_view channel, std::string_view payload) { receive(channel, payload); });
  // Listening here is what makes this node one of the cluster's servers.
  std::string request_channel = prefix_ + "-request#" + nsp.name() + "#";
  if (count_channel_.empty()) count_channel_ = request_channel;
  subscriber_.subscribe(std::move(request_channel),
                        [this, &nsp](std::string_view, std::string_view payload) { receive_request(nsp, payload); });
}

void redis_adapter::start() {
  boost::asio::post(home_, [this] {
    publisher_.start();
    subscriber_.start();
    count_servers();
  });
}

void redis_adapter::stop() {
  boost::asio::post(home_, [this] {
    count_timer_.cancel();
    publisher_.stop();
    subscriber_.stop();
    publisher_up_ = subscriber_up_ = false;
  });
}

std::string redis_adapter::encode(std::string_view uid, std::string_view nsp, const std::vector<std::string>& rooms,
                                  const std::vector<std::string>& except, const json& data,
                                  const std::optional<socketio::event_offset>& offset) {
  json packet = json::object();
  packet["type"] = 2;  // EVENT; the receiving server's encoder finds any binary
  packet["data"] = data;
  packet["nsp"] = nsp;
  json flags = json::object();
  if (offset) flags[kOffsetFlag] = offset->to_string();
  json options = json::object();
  options["rooms"] = rooms;
  options["except"] = except;
  options["flags"] = std::move(flags);
  json message = json::array();
  message.push_back(uid);
  message.push_back(std::move(packet));
  message.push_back(std::move(options));
  const std::vector<uint8_t> bytes = json::to_msgpack(message);
  return std::string(bytes.begin(), bytes.end());
}

std::optional<redis_adapter::message> redis_adapter::decode(std::string_view bytes) {
  json all = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true, /*allow_exceptions=*/false);
  if (all.is_discarded() || !all.is_array() || all.size() < 2 || !all[0].is_string() || !all[1].is_object()) {
    return std::nullopt;
  }
  message m;
  m.uid = all[0].get<std::string>();
  json& packet = all[1];
  const auto type = packet.find("type");
  // EVENT, or BINARY_EVENT from an older encoder.
  if (type == packet.end() || !type->is_number_integer() || (*type != 2 && *type != 5)) return std::nullopt;
  const auto data = packet.find("data");
  if (data == packet.end() || !data->is_array() || data->empty() || !(*data)[0].is_string()) return std::nullopt;
  m.data = std::move(*data);
  drop_extensions(m.data);
  const auto nsp = packet.find("nsp");
  m.nsp = nsp != packet.end() && nsp->is_string() ? nsp->get<std::string>() : "/";
  if (all.size() >= 3 && all[2].is_object()) {
    const json& options = all[2];
    const auto rooms = room_names(options.value("rooms", json()));
    const auto except = room_names(options.value("except", json()));
    if (!rooms || !except) return std::nullopt;
    m.rooms = *rooms;
    m.except = *except;
    const auto flags = options.find("flags");
    if (flags != options.end() && flags->is_object()) {
      const auto offset = flags->find(kOffsetFlag);
      if (offset != flags->end() && offset->is_string()) m.offset = socketio::event_offset::parse(offset->get<std::string>());
    }
  }
  return m;
}

void redis_adapter::publish(const socketio::io_namespace& nsp, const std::vector<std::string>& rooms,
                            const std::vector<std::string>& except, const json& data,
                            const std::optional<socketio::event_offset>& offset) {
  std::string channel = prefix_ + "#" + nsp.name() + "#";
  if (rooms.size() == 1) channel += rooms.front() + "#";
  boost::asio::post(home_, [this, channel = std::move(channel), bytes = encode(uid_, nsp.name(), rooms, except, data, offset)] {
    if (publisher_.publish(channel, bytes)) {
      ++published_;
    } else {
      ++dropped_;
    }
  });
}

void redis_adapter::receive(std::string_view, std::string_view payload) {
  auto m = decode(payload);
  if (!m) {
    ++malformed_;
    return;
  }
  if (m->uid == uid_) return;  // our own, back from Redis
  const auto nsp = namespaces_.find(m->nsp);
  if (nsp == namespaces_.end()) return;
  socketio::broadcast_operator delivery(*nsp->second);
  for (auto& room : m->rooms) delivery = std::move(delivery).to(std::move(room));
  for (auto& room : m->except) delivery = std::move(delivery).except(std::move(room));
  if (m->offset && nsp->second->recovery() != nullptr) delivery = std::move(delivery).at(*m->offset);
  std::move(delivery).local().emit_data(std::move(m->data));
  ++delivered_;
}

void redis_adapter::receive_request(socketio::io_namespace& nsp, std::string_view payload) {
  const auto request = decode_request(payload);
  if (!request) {
    ++malformed_;
    return;
  }
  requests_.answer(nsp, *request);
}

void redis_adapter::count_servers() {
  if (!count_channel_.empty()) {
    publisher_.count_subscribers(count_channel_, [this](std::optional<int64_t> count) {
      if (count) server_count_ = *count;
    });
  }
  count_timer_.expires_after(kServerCountPeriod);
  count_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) count_servers();
  });
}

}  // namespace brigade::cluster

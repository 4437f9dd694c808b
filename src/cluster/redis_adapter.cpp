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
// Marks a Brigade node's broadcast: nodes that share its store have the
// event from there already (docs/cluster.md, "Which node announces what").
constexpr const char* kBrigadeFlag = "brigade";

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

// MessagePack's headers, as notepack writes them (the smallest form).
void append_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

void append_header(std::string& out, size_t size, uint8_t fix, size_t fix_limit, uint8_t with16, uint8_t with32) {
  if (size < fix_limit) {
    out.push_back(static_cast<char>(fix | size));
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(with16));
    append_big_endian(out, size, 2);
  } else {
    out.push_back(static_cast<char>(with32));
    append_big_endian(out, size, 4);
  }
}

void append_array_header(std::string& out, size_t size) { append_header(out, size, 0x90, 16, 0xdc, 0xdd); }
void append_map_header(std::string& out, size_t size) { append_header(out, size, 0x80, 16, 0xde, 0xdf); }

void append_str(std::string& out, std::string_view text) {
  if (text.size() >= 32 && text.size() <= 0xff) {
    out.push_back(static_cast<char>(0xd9));  // str 8
    out.push_back(static_cast<char>(text.size()));
  } else {
    append_header(out, text.size(), 0xa0, 32, 0xda, 0xdb);
  }
  out.append(text);
}

void append_str_array(std::string& out, const std::vector<std::string>& texts) {
  append_array_header(out, texts.size());
  for (const auto& text : texts) append_str(out, text);
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
  // Written around `data` rather than built as one document: the event's
  // arguments are serialised where they are, never copied.
  std::string out;
  out.reserve(64 + uid.size() + nsp.size());
  append_array_header(out, 3);
  append_str(out, uid);
  append_map_header(out, 3);  // the packet
  append_str(out, "type");
  out.push_back(2);  // EVENT; the receiving server's encoder finds any binary
  append_str(out, "data");
  json::to_msgpack(data, nlohmann::detail::output_adapter<char, std::string>(out));
  append_str(out, "nsp");
  append_str(out, nsp);
  append_map_header(out, 3);  // the options
  append_str(out, "rooms");
  append_str_array(out, rooms);
  append_str(out, "except");
  append_str_array(out, except);
  append_str(out, "flags");
  append_map_header(out, offset ? 2 : 1);
  append_str(out, kBrigadeFlag);
  out.push_back(static_cast<char>(0xc3));  // true
  if (offset) {
    append_str(out, kOffsetFlag);
    append_str(out, offset->to_string());
  }
  return out;
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
      const auto brigade = flags->find(kBrigadeFlag);
      m.from_brigade = brigade != flags->end() && *brigade == true;
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
  if (m->from_brigade && store_shared_) return;  // announced here from the store
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

#include "cluster/redis_connection.hpp"

#include <algorithm>
#include <charconv>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

namespace brigade::cluster {

namespace {

constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLongestRetry{5000};

std::string_view text_of(const redisReply* r) {
  return r == nullptr || r->str == nullptr ? std::string_view{} : std::string_view(r->str, r->len);
}

}  // namespace

result<redis_endpoint> redis_endpoint::parse(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return make_error("bad_adapter_url", std::string("the Redis address \"") + std::string(url) + "\" " + std::string(why) +
                                             ": expected redis://host[:port] or unix:///path/to/redis.sock");
  };
  redis_endpoint e;
  if (url.starts_with("unix://")) {
    e.unix_path = std::string(url.substr(7));
    if (e.unix_path.empty() || e.unix_path.front() != '/') return bad("has no absolute socket path");
    return e;
  }
  if (!url.starts_with("redis://")) return bad("is not a redis:// or unix:// URL");
  std::string_view rest = url.substr(8);
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    // A database number ("/0") is accepted only as the default: pub/sub ignores it.
    const auto db = rest.substr(slash);
    if (db != "/" && db != "/0") return bad("names a database other than 0");
    rest = rest.substr(0, slash);
  }
  if (rest.find('@') != std::string_view::npos) return bad("carries credentials, which are not supported yet");
  std::string_view host = rest, port;
  if (rest.starts_with('[')) {  // [::1]:6379
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("has an unclosed [");
    host = rest.substr(1, close - 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has text after its address");
      port = after.substr(1);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) return bad("has no host");
  e.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) return bad("has a bad port");
    e.port = static_cast<uint16_t>(value);
  }
  return e;
}

std::string redis_endpoint::to_string() const {
  if (!unix_path.empty()) return "unix://" + unix_path;
  const bool v6 = host.find(':') != std::string::npos;
  return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

redis_connection::redis_connection(boost::asio::io_context& io, redis_endpoint where, state_handler on_state)
    : io_(io), where_(std::move(where)), on_state_(std::move(on_state)), socket_(io), retry_timer_(io) {}

redis_connection::~redis_connection() { stop(); }

void redis_connection::start() {
  if (running_) return;
  running_ = true;
  connect();
}

void redis_connection::stop() {
  running_ = false;  // forget_context then neither reports nor retries
  retry_timer_.cancel();
  if (context_ != nullptr) redisAsyncFree(context_);  // calls forget_context
}

void redis_connection::connect() {
  if (!running_ || context_ != nullptr) return;
  redisAsyncContext* ac = where_.unix_path.empty() ? redisAsyncConnect(where_.host.c_str(), where_.port)
                                                   : redisAsyncConnectUnix(where_.unix_path.c_str());
  if (ac == nullptr || ac->err != 0) {
    spdlog::warn("cluster: cannot reach Redis at {}: {}", where_.to_string(),
                 ac == nullptr ? "out of memory" : ac->errstr);
    if (ac != nullptr) redisAsyncFree(ac);
    retry_later();
    return;
  }
  context_ = ac;
  ++generation_;
  reading_ = writing_ = read_wanted_ = write_wanted_ = false;
  ac->data = this;
  ac->ev.data = this;
  ac->ev.addRead = [](void* self) { static_cast<redis_connection*>(self)->want_read(true); };
  ac->ev.delRead = [](void* self) { static_cast<redis_connection*>(self)->want_read(false); };
  ac->ev.addWrite = [](void* self) { static_cast<redis_connection*>(self)->want_write(true); };
  ac->ev.delWrite = [](void* self) { static_cast<redis_connection*>(self)->want_write(false); };
  ac->ev.cleanup = [](void* self) { static_cast<redis_connection*>(self)->forget_context(); };
  boost::system::error_code ec;
  socket_.assign(ac->c.fd, ec);
  if (ec) {
    spdlog::warn("cluster: cannot watch the Redis socket: {}", ec.message());
    redisAsyncFree(ac);  // forget_context retries
    return;
  }
  // Setting the connect callback asks for the first write event: the socket
  // becoming writable is the connection's completion.
  redisAsyncSetConnectCallback(
      ac, [](const redisAsyncContext* c, int status) { static_cast<redis_connection*>(c->data)->on_connected(status); });
  redisAsyncSetDisconnectCallback(ac, [](const redisAsyncContext*, int) {});
}

void redis_connection::on_connected(int status) {
  if (status != REDIS_OK) {
    // hiredis frees the context right after this (forget_context retries).
    spdlog::warn("cluster: cannot connect to Redis at {}: {}", where_.to_string(),
                 context_ != nullptr && context_->errstr != nullptr ? context_->errstr : "error");
    return;
  }
  connected_ = true;
  backoff_ = kFirstRetry;
  if (ever_connected_) ++reconnections_;
  ever_connected_ = true;
  spdlog::info("cluster: connected to Redis at {}", where_.to_string());
  unconfirmed_ = subscriptions_.size();
  for (auto& [key, s] : subscriptions_) send_subscription(*s);
  if (unconfirmed_ == 0 && on_state_) on_state_(true);
}

void redis_connection::forget_context() {
  // The context is being freed (by us, by a failed connect or by a lost
  // connection): its socket goes back to hiredis, which closes it.
  const bool was_connected = connected_;
  context_ = nullptr;
  connected_ = false;
  ++generation_;
  reading_ = writing_ = read_wanted_ = write_wanted_ = false;
  if (socket_.is_open()) (void)socket_.release();  // cancels our waits
  if (!running_) return;
  if (was_connected) {
    spdlog::warn("cluster: lost Redis at {}; reconnecting", where_.to_string());
    if (on_state_) on_state_(false);
  }
  retry_later();
}

void redis_connection::retry_later() {
  if (!running_) return;
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, kLongestRetry);
  retry_timer_.async_wait([this, alive = std::weak_ptr<const bool>(alive_)](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    connect();
  });
}

bool redis_connection::publish(std::string_view channel, std::string_view payload) {
  if (!connected_ || context_ == nullptr) {
    ++dropped_;
    return false;
  }
  const char* argv[3] = {"PUBLISH", channel.data(), payload.data()};
  const size_t lengths[3] = {7, channel.size(), payload.size()};
  if (redisAsyncCommandArgv(context_, nullptr, nullptr, 3, argv, lengths) != REDIS_OK) {
    ++dropped_;
    return false;
  }
  return true;
}

void redis_connection::count_subscribers(std::string_view channel,
                                         std::function<void(std::optional<int64_t>)> on_count) {
  using count_handler = std::function<void(std::optional<int64_t>)>;
  if (!connected_ || context_ == nullptr) {
    on_count(std::nullopt);
    return;
  }
  // hiredis calls back exactly once, with a null reply when the context
  // goes first: the handler is freed there.
  auto* pending = new count_handler(std::move(on_count));
  const char* argv[3] = {"PUBSUB", "NUMSUB", channel.data()};
  const size_t lengths[3] = {6, 6, channel.size()};
  const auto answer = [](redisAsyncContext*, void* reply_ptr, void* privdata) {
    std::unique_ptr<count_handler> handler(static_cast<count_handler*>(privdata));
    const auto* reply = static_cast<const redisReply*>(reply_ptr);
    // [channel, count]
    if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[1]->type != REDIS_REPLY_INTEGER) {
      (*handler)(std::nullopt);
      return;
    }
    (*handler)(reply->element[1]->integer);
  };
  if (redisAsyncCommandArgv(context_, answer, pending, 3, argv, lengths) != REDIS_OK) {
    std::unique_ptr<count_handler> handler(pending);
    (*handler)(std::nullopt);
  }
}

void redis_connection::subscribe(std::string channel, message_handler on_message) {
  auto& slot = subscriptions_["c:" + channel];
  slot = std::make_unique<subscription>(subscription{false, std::move(channel), std::move(on_message), this});
  if (connected_) send_subscription(*slot);
}

void redis_connection::psubscribe(std::string pattern, message_handler on_message) {
  auto& slot = subscriptions_["p:" + pattern];
  slot = std::make_unique<subscription>(subscription{true, std::move(pattern), std::move(on_message), this});
  if (connected_) send_subscription(*slot);
}

void redis_connection::send_subscription(subscription& s) {
  const char* argv[2] = {s.pattern ? "PSUBSCRIBE" : "SUBSCRIBE", s.name.data()};
  const size_t lengths[2] = {s.pattern ? size_t{10} : size_t{9}, s.name.size()};
  redisAsyncCommandArgv(context_, &redis_connection::on_subscription_reply, &s, 2, argv, lengths);
}

void redis_connection::on_subscription_reply(redisAsyncContext*, void* reply_ptr, void* privdata) {
  const auto* reply = static_cast<const redisReply*>(reply_ptr);
  auto& s = *static_cast<subscription*>(privdata);
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3) return;
  const std::string_view kind = text_of(reply->element[0]);
  if (kind == "message" && reply->elements == 3) {
    s.on_message(text_of(reply->element[1]), text_of(reply->element[2]));
  } else if (kind == "pmessage" && reply->elements == 4) {
    s.on_message(text_of(reply->element[2]), text_of(reply->element[3]));
  } else if (kind == "subscribe" || kind == "psubscribe") {
    redis_connection& self = *s.owner;
    if (self.unconfirmed_ > 0 && --self.unconfirmed_ == 0 && self.connected_ && self.on_state_) self.on_state_(true);
  }
}

void redis_connection::want_read(bool on) {
  read_wanted_ = on;
  if (on) arm_read();
}

void redis_connection::want_write(bool on) {
  write_wanted_ = on;
  if (on) arm_write();
}

void redis_connection::arm_read() {
  if (reading_ || context_ == nullptr) return;
  reading_ = true;
  socket_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                     [this, alive = std::weak_ptr<const bool>(alive_), generation = generation_](const boost::system::error_code& ec) {
                       if (alive.expired() || generation != generation_) return;  // gone, or an old context's
                       reading_ = false;
                       if (ec || context_ == nullptr || !read_wanted_) return;
                       redisAsyncHandleRead(context_);  // may free the context
                       if (generation == generation_ && read_wanted_) arm_read();
                     });
}

void redis_connection::arm_write() {
  if (writing_ || context_ == nullptr) return;
  writing_ = true;
  socket_.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                     [this, alive = std::weak_ptr<const bool>(alive_), generation = generation_](const boost::system::error_code& ec) {
                       if (alive.expired() || generation != generation_) return;
                       writing_ = false;
                       if (ec || context_ == nullptr || !write_wanted_) return;
                       redisAsyncHandleWrite(context_);  // may connect, or free the context
                       if (generation == generation_ && write_wanted_) arm_write();
                     });
}

}  // namespace brigade::cluster

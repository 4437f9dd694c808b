#include "store/postgresql/outbox_listener.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <pqxx/connection>
#include <pqxx/except>
#include <fmt/format.h>
#include <pqxx/notification>

namespace brigade::store::postgresql {

namespace {

/// How long one wait for a notification lasts: the longest `stop` waits.
constexpr long kWaitMicroseconds = 200'000;

bool parse_number(std::string_view text, uint64_t& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

/// Hands each notification of another node to the feed's callback.
class receiver final : public pqxx::notification_receiver {
 public:
  receiver(pqxx::connection& c, const std::string& own_node, const kitchen::outbox_feed::committed_fn& committed,
           const kitchen::outbox_feed::trouble_fn& trouble)
      : pqxx::notification_receiver(c, std::string(kOutboxChannel)),
        own_node_(own_node),
        committed_(committed),
        trouble_(trouble) {}

  void operator()(const std::string& payload, int) override {
    outbox_listener::notice n;
    if (!outbox_listener::parse(payload, n)) {
      trouble_(fmt::format("a notification on {} that is not Brigade's: {}", kOutboxChannel, payload));
      return;
    }
    if (n.node == own_node_) return;  // announced by its own commit
    committed_(n.restaurant, n.last);
  }

 private:
  const std::string& own_node_;
  const kitchen::outbox_feed::committed_fn& committed_;
  const kitchen::outbox_feed::trouble_fn& trouble_;
};

/// Sleeps up to `delay`, waking early when `running` turns false.
void pause(const std::atomic<bool>& running, std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (running && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(delay, std::chrono::milliseconds(50)));
  }
}

}  // namespace

outbox_listener::outbox_listener(std::string url, std::string own_node)
    : url_(std::move(url)), own_node_(std::move(own_node)) {}

outbox_listener::~outbox_listener() { stop(); }

bool outbox_listener::parse(std::string_view payload, notice& out) {
  const auto first = payload.find(':');
  const auto second = first == std::string_view::npos ? first : payload.find(':', first + 1);
  if (second == std::string_view::npos || first == 0) return false;
  uint64_t restaurant = 0;
  if (!parse_number(payload.substr(first + 1, second - first - 1), restaurant) ||
      !parse_number(payload.substr(second + 1), out.last) || restaurant == 0 ||
      restaurant > static_cast<uint64_t>(INT64_MAX)) {
    return false;
  }
  out.node = std::string(payload.substr(0, first));
  out.restaurant = static_cast<kitchen::restaurant_id>(restaurant);
  return true;
}

void outbox_listener::start(committed_fn committed, resync_fn resync, trouble_fn trouble) {
  committed_ = std::move(committed);
  resync_ = std::move(resync);
  trouble_ = std::move(trouble);
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void outbox_listener::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

void outbox_listener::run() {
  std::chrono::milliseconds backoff{100};
  while (running_) {
    try {
      pqxx::connection connection(url_);
      receiver listening(connection, own_node_, committed_, trouble_);
      connection.get_notifs();  // the LISTEN is in place from here
      backoff = std::chrono::milliseconds(100);
      // What was committed before the LISTEN (or while the connection was
      // away) came with no notification.
      resync_();
      while (running_) connection.await_notification(0, kWaitMicroseconds);
    } catch (const std::exception& e) {
      if (!running_) return;
      trouble_(fmt::format("listening for other nodes' commits: {}; again in {} ms", e.what(), backoff.count()));
      pause(running_, backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace brigade::store::postgresql

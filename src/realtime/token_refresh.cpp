#include "realtime/token_refresh.hpp"

#include <chrono>
#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "realtime/ack_reply.hpp"
#include "realtime/socket_identity.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::realtime {
namespace {

using socketio::json;

// The socket's deadline; lives as long as the socket's handlers.
struct deadline {
  explicit deadline(boost::asio::io_context& loop) : timer(loop) {}
  boost::asio::steady_timer timer;
};

void arm(const std::shared_ptr<deadline>& d, const std::weak_ptr<socketio::socket>& weak, timestamp expires_at) {
  // Tokens carry wall-clock times; the timer runs on the monotonic clock.
  const auto left = expires_at - now_utc();
  d->timer.expires_after(std::max(std::chrono::milliseconds::zero(), left));
  d->timer.async_wait([weak](boost::system::error_code ec) {
    if (ec) return;  // cancelled: refreshed, or the socket went away
    auto s = weak.lock();
    if (!s || !s->connected()) return;
    s->emit("auth:expired",
            json::array({json{{"code", auth::kTokenExpired},
                              {"message", "Your token has expired; log in again and reconnect"}}}));
    s->disconnect();
  });
}

}  // namespace

void enforce_token_expiry(const socketio::socket_ptr& s, const auth::token_service& tokens) {
  auto d = std::make_shared<deadline>(s->owner().context());
  const std::weak_ptr<socketio::socket> weak = s;
  const auto first = tokens.verify(handshake_token(s->auth()).value());
  if (first) arm(d, weak, first->expires_at);

  s->on("auth:refresh", [d, weak, &tokens](socketio::socket& self, json& args, const socketio::ack_fn& ack) {
    const json* payload = args.empty() ? nullptr : &args[0];
    if (payload == nullptr || !payload->is_object() || !payload->contains("token") ||
        !(*payload)["token"].is_string() || payload->size() != 1) {
      answer(ack, refusal(error{"validation", "auth:refresh takes {token}: the new token as a string",
                                {{"field", "token"}}}));
      return;
    }
    auto fresh = tokens.verify((*payload)["token"].get<std::string>());
    if (!fresh) {
      answer(ack, refusal(fresh.error()));
      return;
    }
    if (!same_identity(actor_of(self), fresh->who)) {
      answer(ack, refusal(error{"identity_mismatch",
                                "A refreshed token must name the same staff member or screen; reconnect "
                                "to change who is connected"}));
      return;
    }
    remember_identity(self, *fresh);
    arm(d, weak, fresh->expires_at);
    answer(ack, json{{"ok", true}, {"expiresAt", wire::time_json(fresh->expires_at)}});
  });
  s->on_disconnect([d](socketio::socket&, std::string_view) { d->timer.cancel(); });
}

}  // namespace brigade::realtime

#include "realtime/access_enforcer.hpp"

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "common/log.hpp"
#include "realtime/socket_identity.hpp"
#include "socketio/socket.hpp"

namespace brigade::realtime {

void access_enforcer::staff_access_changed(const kitchen::staff& member) {
  revoked_.set_staff(member.id, member.token_generation, member.active);
  // Every token the member holds is of an older generation now (or the
  // account is off): none of their connections may stay.
  disconnect(false, member.id,
             member.active ? "Your role or password changed; log in again"
                           : "Your account was deactivated by a manager");
}

void access_enforcer::screen_revoked(const kitchen::device& screen) {
  revoked_.revoke_device(screen.id);
  disconnect(true, screen.id, "This screen was revoked by a manager; pair it again");
}

void access_enforcer::disconnect(bool is_device, int64_t id, std::string message) {
  auto text = std::make_shared<const std::string>(std::move(message));
  for (auto* nsp : namespaces_) {
    nsp->visit_sockets([is_device, id, text](socketio::socket& s) {
      if (!s.connected()) return;
      const kitchen::actor who = actor_of(s);
      if (who.is_device() != is_device || who.id != id) return;
      log_event(spdlog::level::info, "socket_revoked",
                {{"sid", std::string_view(s.id())}, {"actor", static_cast<int64_t>(who.id)}});
      s.emit("auth:revoked",
             socketio::json::array({socketio::json{{"code", auth::kTokenRevoked}, {"message", *text}}}));
      s.disconnect();
    });
  }
}

}  // namespace brigade::realtime

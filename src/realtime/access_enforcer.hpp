#pragma once

#include <vector>

#include "auth/revocation_list.hpp"
#include "kitchen/back_office.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::realtime {

/// Makes the back office's revocations take effect at once: the token
/// checks refuse the revoked tokens from the next request on (the
/// revocation list, updated before the back office answers), and the open
/// Socket.IO connections of that staff member or screen, on every listed
/// namespace, are told `auth:revoked {code:"token_revoked", message}` and
/// disconnected.
/// Thread-safety: its callbacks run on the back office's worker threads;
/// sockets are touched only on their own loops (io_namespace::visit_sockets).
/// `revoked` and the namespaces must outlive it.
class access_enforcer final : public kitchen::access_listener {
 public:
  access_enforcer(auth::revocation_list& revoked, std::vector<socketio::io_namespace*> namespaces)
      : revoked_(revoked), namespaces_(std::move(namespaces)) {}

  void staff_access_changed(const kitchen::staff& member) override;
  void screen_revoked(const kitchen::device& screen) override;

 private:
  /// Disconnects the sockets whose actor is `is_device` with `id`.
  void disconnect(bool is_device, int64_t id, std::string message);

  auth::revocation_list& revoked_;
  std::vector<socketio::io_namespace*> namespaces_;
};

}  // namespace brigade::realtime

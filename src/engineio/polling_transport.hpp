#pragma once

// The HTTP long-polling transport of one Engine.IO session: the outbox of
// packets waiting for the client, the GET that waits for them, and the
// lingering close (once the session has ended, its last packet waits for the
// client's next poll). It knows nothing of the session's state or heartbeat:
// the session decides, this sends.
// Thread-safety: owned by a session, on the session's loop; every member
// must be called on that loop's thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "http/exchange.hpp"
#include "http/loop.hpp"
#include "http/websocket_connection.hpp"
#include "ws_codec/shared_frame.hpp"

namespace brigade::engineio {

class server;

class polling_transport {
 public:
  /// Answers GETs through `srv` (its CORS and content types), and queues at
  /// most `srv.settings().max_outbound_bytes`.
  polling_transport(const server& srv, http::loop& owner);
  /// Gives its queued bytes back to brigade_outbound_queue_bytes.
  ~polling_transport();
  polling_transport(const polling_transport&) = delete;
  polling_transport& operator=(const polling_transport&) = delete;

  // The outbox. Its size is counted in brigade_outbound_queue_bytes.

  enum class queued : uint8_t {
    ok,
    /// A GET is waiting and no flush is scheduled: the caller schedules one
    /// (`flush()` later in this loop turn), so packets queued together leave
    /// in one answer.
    flush_due,
    /// Over the byte limit: the outbox is dropped, and so is every later
    /// packet; the session must end (a slow consumer).
    overflow,
  };
  /// Queues a frame; events and replies have their own bounds
  /// (http::ws::outbound), `max_outbound_bytes` and `max_reply_bytes`.
  queued push(ws::frame_ptr frame, http::ws::outbound kind = http::ws::outbound::event);
  bool overflowed() const noexcept { return overflowed_; }
  bool empty() const noexcept { return outbox_.empty(); }
  /// What the client would read: payload bytes plus one per packet.
  size_t queued_bytes() const noexcept { return bytes_; }
  void clear();
  /// Empties the outbox into the caller's hands (to the WebSocket, after an
  /// upgrade).
  std::vector<ws::frame_ptr> take_all();

  // The pending GET.

  bool has_pending_get() const noexcept { return pending_get_ != nullptr; }
  http::exchange* pending_get() const noexcept { return pending_get_.get(); }
  /// Holds `get` until there is something to send. A second GET while one
  /// waits is a client error (engine.io-protocol): it is refused with 400,
  /// the first is answered with a close packet, and this returns false: the
  /// session must end.
  bool park(const http::exchange_ptr& get);
  /// Answers the pending GET with the whole outbox as one payload, if there
  /// are both.
  void flush();
  /// Answers the pending GET, if any, with a noop: the client polls again,
  /// or moves on to the WebSocket during an upgrade.
  void answer_noop();

  // The lingering close.

  /// Ends the transport with a close packet, after the outbox or, when
  /// `drop_queued`, instead of it. It leaves on the pending GET, or else
  /// waits for the next one (`lingering()`).
  void send_close(bool drop_queued);
  /// The client sent a close packet: its poll, pending or about to arrive
  /// (clients send the two concurrently), ends with a noop.
  void acknowledge_client_close();
  /// A final packet is waiting for the client's next poll.
  bool lingering() const noexcept { return lingering_; }
  /// Waits at most `limit` for that poll, then calls `expired` (which must
  /// not assume that this transport still exists).
  void linger(std::chrono::steady_clock::duration limit, std::function<void()> expired);
  /// The poll arrived: answers it with the final packet, then stops
  /// lingering.
  void collect(const http::exchange_ptr& get);
  /// Stops lingering, dropping what was left unsent.
  void finish_lingering();

 private:
  void set_bytes(size_t bytes);
  void enqueue(ws::frame_ptr frame);
  void answer(std::string body);

  const server& server_;
  http::loop& loop_;
  std::vector<ws::frame_ptr> outbox_;
  size_t bytes_ = 0;
  size_t reply_bytes_ = 0;  // the part of bytes_ that is replies
  http::exchange_ptr pending_get_;
  std::unique_ptr<boost::asio::steady_timer> linger_timer_;  // only while lingering
  bool flush_scheduled_ = false;
  bool overflowed_ = false;
  bool lingering_ = false;
};

/// The body of a polling GET: the packets' text joined by the record
/// separator, a binary one as `b` + base64. Thread-safe.
std::string encode_polling_payload(const std::vector<ws::frame_ptr>& frames);

}  // namespace brigade::engineio

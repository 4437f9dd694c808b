#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>

#include "http/connection_limit.hpp"
#include "http/loop.hpp"
#include "http/types.hpp"

namespace brigade::http {

/// The bytes under a WebSocket: a plain TCP socket, or TLS over one
/// (`http/tls.hpp`). The WebSocket code reads and writes through this, so it
/// neither knows nor cares whether the connection is encrypted.
/// Owned by one connection on one loop: every member runs on that loop's
/// thread (after `move_to`, the new loop's).
class byte_stream {
 public:
  /// Where an operation's completion goes. The stream holds a shared_ptr to
  /// it while the operation is pending, so the owner stays alive.
  class receiver {
   public:
    virtual ~receiver() = default;
    /// Bytes read (a view valid only during the call), or an error;
    /// `boost::asio::error::eof` when the peer closed.
    virtual void on_read(boost::system::error_code ec, std::string_view bytes) = 0;
    /// How many bytes of the buffers passed to `async_write` were written.
    virtual void on_written(boost::system::error_code ec, size_t written) = 0;
  };

  using buffers = std::span<const boost::asio::const_buffer>;

  byte_stream(loop& owner, connection_slot slot) : owner_(&owner), slot_(std::move(slot)) {}
  virtual ~byte_stream() = default;
  byte_stream(const byte_stream&) = delete;
  byte_stream& operator=(const byte_stream&) = delete;

  /// Reads what is available (at least one byte) into a buffer the stream
  /// owns, then calls `target->on_read`. One read at a time.
  virtual void async_read(std::shared_ptr<receiver> target) = 0;
  /// Writes some of `data` (which must stay valid until completion), then
  /// calls `target->on_written`. One write at a time; it may overlap a read.
  virtual void async_write(buffers data, std::shared_ptr<receiver> target) = 0;
  /// Shuts the socket down and closes it; pending operations complete with
  /// operation_aborted.
  virtual void close() noexcept = 0;
  /// The peer's IP address, for logs.
  virtual std::string remote_address() const = 0;

  /// Re-homes the stream on `target` (an Engine.IO upgrade joins the loop of
  /// its session). No operation may be pending. Called on `target`'s thread,
  /// after the old loop's last use of the stream. Returns false (and closes)
  /// if the socket cannot move.
  bool move_to(loop& target);

  loop& owner() const noexcept { return *owner_; }
  /// The connection's place in the connection limit (shedding, authentication).
  connection_slot& slot() noexcept { return slot_; }

 protected:
  /// Hands the socket to `target`'s io_context: `rebind` of the subclass.
  virtual bool rebind(loop& target) = 0;
  /// The socket as a new object of `target`'s io_context (the descriptor
  /// moves; nothing is read or written). Closes it on failure.
  static bool move_socket(tcp::socket& socket, loop& target);
  static bool move_socket(loop_socket& socket, loop& target);

 private:
  loop* owner_;
  connection_slot slot_;  // counts against the peer's address while open
};

/// A byte_stream over a plain TCP socket. Reads wait for readiness and then
/// read into the loop's shared buffer, so an idle connection holds no read
/// buffer of its own.
std::unique_ptr<byte_stream> make_plain_byte_stream(loop& owner, loop_socket socket, connection_slot slot);

}  // namespace brigade::http

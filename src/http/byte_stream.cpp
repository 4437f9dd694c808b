#include "http/byte_stream.hpp"

#include <unistd.h>

#include <boost/asio/post.hpp>

namespace brigade::http {

bool byte_stream::move_to(loop& target) {
  if (&target == owner_) return true;
  if (!rebind(target)) return false;
  owner_ = &target;
  return true;
}

namespace {

template <class Socket>
bool move_to_loop(Socket& socket, loop& target) {
  boost::system::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) {
    socket.close(ec);
    return false;
  }
  const int fd = socket.release(ec);
  if (ec) return false;
  Socket moved(target.context());
  moved.assign(protocol, fd, ec);
  if (ec) {
    ::close(fd);
    return false;
  }
  // Move assignment takes the other socket's io_context along with it.
  socket = std::move(moved);
  return true;
}

}  // namespace

bool byte_stream::move_socket(tcp::socket& socket, loop& target) { return move_to_loop(socket, target); }

bool byte_stream::move_socket(loop_socket& socket, loop& target) { return move_to_loop(socket, target); }

namespace {

class plain_byte_stream final : public byte_stream {
 public:
  plain_byte_stream(loop& owner, loop_socket socket, connection_slot slot)
      : byte_stream(owner, std::move(slot)), socket_(std::move(socket)) {
    // The listener sets it on every accepted socket: one ioctl saved.
    if (socket_.non_blocking()) return;
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
  }

  void async_read(std::shared_ptr<receiver> target) override {
    if (more_pending_) {
      // The last read filled the buffer: read again on the next turn
      // without waiting (an edge-triggered wakeup would not come).
      boost::asio::post(owner().context(),
                        [this, target = std::move(target)]() mutable { read_now(std::move(target)); });
      return;
    }
    socket_.async_wait(loop_socket::wait_read,
                       [this, target = std::move(target)](boost::system::error_code ec) mutable {
                         if (ec) {
                           target->on_read(ec, {});
                           return;
                         }
                         read_now(std::move(target));
                       });
  }

  void async_write(buffers data, std::shared_ptr<receiver> target) override {
    socket_.async_write_some(data, [target = std::move(target)](boost::system::error_code ec, size_t written) {
      target->on_written(ec, written);
    });
  }

  void close() noexcept override {
    boost::system::error_code ignored;
    socket_.shutdown(loop_socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  std::string remote_address() const override {
    boost::system::error_code ec;
    const auto endpoint = socket_.remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
  }

 protected:
  bool rebind(loop& target) override {
    if (!move_socket(socket_, target)) return false;
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    return true;
  }

 private:
  // Reads into the loop's shared buffer; the receiver must consume the
  // bytes before it returns.
  void read_now(std::shared_ptr<receiver> target) {
    auto& buffer = owner().read_buffer();
    boost::system::error_code ec;
    const size_t n = socket_.read_some(boost::asio::buffer(buffer), ec);
    if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
      more_pending_ = false;
      async_read(std::move(target));
      return;
    }
    more_pending_ = !ec && n == buffer.size();
    target->on_read(ec, std::string_view(buffer.data(), ec ? 0 : n));
  }

  loop_socket socket_;
  bool more_pending_ = false;
};

}  // namespace

std::unique_ptr<byte_stream> make_plain_byte_stream(loop& owner, loop_socket socket, connection_slot slot) {
  return std::make_unique<plain_byte_stream>(owner, std::move(socket), std::move(slot));
}

}  // namespace brigade::http

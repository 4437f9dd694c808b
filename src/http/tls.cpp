#include "http/tls.hpp"

#include <array>
#include <stdexcept>

#include <openssl/ssl.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ssl/error.hpp>

namespace brigade::http {

std::shared_ptr<tls_context> make_tls_context(const std::string& cert_chain_file, const std::string& private_key_file) {
  auto context = std::make_shared<tls_context>(tls_context::tls_server);
  // TLS 1.0 and 1.1 are deprecated (RFC 8996); every browser and Node.js
  // client of the last years speaks 1.2 or 1.3.
  context->set_options(tls_context::default_workarounds | tls_context::no_sslv2 | tls_context::no_sslv3 |
                       tls_context::no_tlsv1 | tls_context::no_tlsv1_1 | tls_context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_chain_file, ec);
  if (ec) throw std::runtime_error("TLS certificate " + cert_chain_file + ": " + ec.message());
  context->use_private_key_file(private_key_file, tls_context::pem, ec);
  if (ec) {
    throw std::runtime_error("TLS private key " + private_key_file + " (of certificate " + cert_chain_file +
                             "): " + ec.message());
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    throw std::runtime_error("TLS private key " + private_key_file + " does not match the certificate " +
                             cert_chain_file);
  }
  return context;
}

namespace {

class tls_byte_stream final : public byte_stream {
 public:
  tls_byte_stream(loop& owner, tls_stream stream, connection_slot slot)
      : byte_stream(owner, std::move(slot)), stream_(std::move(stream)) {
    boost::system::error_code ec;
    const auto endpoint = boost::beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  // Completions run on the owning loop, whichever io_context the stream
  // was made on.
  template <class Handler>
  auto on_owner(Handler&& handler) {
    return boost::asio::bind_executor(owner().context().get_executor(), std::forward<Handler>(handler));
  }

  void async_read(std::shared_ptr<receiver> target) override {
    stream_.async_read_some(boost::asio::buffer(buffer_),
                            on_owner([this, target = std::move(target)](boost::system::error_code ec, size_t n) {
                              // A peer that closes TCP without TLS's close_notify
                              // (most do) has simply gone.
                              if (ec == boost::asio::ssl::error::stream_truncated) ec = boost::asio::error::eof;
                              target->on_read(ec, std::string_view(buffer_.data(), ec ? 0 : n));
                            }));
  }

  void async_write(buffers data, std::shared_ptr<receiver> target) override {
    stream_.async_write_some(data, on_owner([target = std::move(target)](boost::system::error_code ec, size_t n) {
                               target->on_written(ec, n);
                             }));
  }

  void close() noexcept override {
    // No close_notify: the WebSocket close frame already said goodbye, and
    // waiting for the peer's answer would hold the connection open.
    auto& socket = boost::beast::get_lowest_layer(stream_).socket();
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  std::string remote_address() const override { return remote_address_; }

 protected:
  bool rebind(loop& target) override {
    // The TLS state stays in this object; only the descriptor changes loop.
    // Completions run on the owner's executor (on_owner), so nothing of the
    // stream runs on the old loop's thread afterwards.
    return move_socket(boost::beast::get_lowest_layer(stream_).socket(), target);
  }

 private:
  tls_stream stream_;
  std::string remote_address_;
  // One TLS record's plaintext at most (RFC 8446 5.1).
  std::array<char, 16 * 1024> buffer_{};
};

}  // namespace

std::unique_ptr<byte_stream> make_tls_byte_stream(loop& owner, tls_stream stream, connection_slot slot) {
  return std::make_unique<tls_byte_stream>(owner, std::move(stream), std::move(slot));
}

}  // namespace brigade::http

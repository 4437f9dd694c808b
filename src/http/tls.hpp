#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/byte_stream.hpp"

namespace brigade::http {

/// TLS over a Beast TCP stream (whose timeouts guard the handshake and the
/// reads). Beast's ssl_stream coalesces a write of several small buffers
/// into one TLS record, which keeps WebSocket frame batches cheap.
using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using tls_context = boost::asio::ssl::context;

/// A server TLS context from a PEM certificate chain (leaf first) and its
/// private key, accepting TLS 1.2 and 1.3 only. Throws std::runtime_error
/// naming the file that cannot be read or does not match.
/// The context is immutable once made and shared by every loop.
std::shared_ptr<tls_context> make_tls_context(const std::string& cert_chain_file, const std::string& private_key_file);

/// A byte_stream over an established TLS stream (a WebSocket upgrade on an
/// HTTPS connection). Every completion handler is bound to the owning loop,
/// so after `move_to` the stream's work runs on the new loop only.
std::unique_ptr<byte_stream> make_tls_byte_stream(loop& owner, tls_stream stream, connection_slot slot);

}  // namespace brigade::http

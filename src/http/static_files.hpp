#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "http/exchange.hpp"
#include "http/file_cache.hpp"
#include "http/types.hpp"

namespace brigade::http {

/// Serves a directory of static files, the web apps' Vite build
/// (`index.html`, content-hashed `assets/`), on GET and HEAD:
/// - `Content-Type` by extension, `Content-Length`, an `ETag` answered with
///   304 on a matching `If-None-Match`, `X-Content-Type-Options: nosniff`;
/// - `Cache-Control: public, max-age=31536000, immutable` under `assets/`
///   (the names change with the content), `no-cache` elsewhere, so a browser
///   revalidates index.html and picks up a new build;
/// - a Content-Security-Policy on HTML pages: scripts, styles, fonts and
///   media from this origin only, images also as `data:`, connections to this
///   origin and its `ws:`/`wss:` (Socket.IO), no plugins, no framing;
/// - index.html for a client-side route (see `is_client_route`).
/// Nothing outside the root is ever served: the path must pass
/// `safe_relative_path`, and the file, with every symlink resolved, must lie
/// inside the root (also resolved on each request, so the root may be a
/// symlink switched atomically to a new build). Anything refused or absent
/// is a 404 JSON error; other methods are 405 with `Allow`.
/// Thread-safety: `serve` and `handle` may run on every I/O loop at once (the
/// file cache is the only shared state and guards itself). Must outlive the
/// router that calls it.
class static_files {
 public:
  /// `root` relative: to the working directory at construction.
  explicit static_files(const std::filesystem::path& root);

  const std::filesystem::path& root() const noexcept { return root_; }

  /// Whether the root now holds an index.html (the apps are built).
  bool has_index() const;

  /// The response to `req` (its target is the whole path: mount at "/").
  response serve(const request& req) const;

  /// Answers the exchange with `serve` at once.
  void handle(const exchange_ptr& ex) const { ex->respond(serve(ex->req())); }

 private:
  enum class resolution : uint8_t { found, missing, outside, too_large };
  struct resolved {
    resolution status;
    std::shared_ptr<const cached_file> file;  // set when found
  };
  /// `name` (a safe relative path) under the canonical `root`, every
  /// symlink resolved.
  resolved resolve(const std::filesystem::path& root, const std::string& name) const;

  std::filesystem::path root_;
  mutable file_cache cache_;
};

/// Whether a request for `relative_path` (as `safe_relative_path` gives it)
/// that names no file gets index.html instead of a 404, so that a reload on a
/// client-side route (`/kitchen`, `/waiter/tables/4`) still loads the app: a
/// GET or HEAD, outside `assets/`, whose last segment has no extension (a
/// missing `app.js` or `logo.png` is a real 404), from a client that accepts
/// HTML (a browser navigating; `fetch` of JSON gets the 404 JSON).
/// Pure function; thread-safe.
bool is_client_route(const request& req, std::string_view relative_path);

/// Whether an `Accept` header value admits `text/html` (RFC 9110 section
/// 12.5.1: `text/html`, `text/*` or `*/*` without `q=0`). An absent (empty)
/// header accepts anything. Pure function; thread-safe.
bool accepts_html(std::string_view accept);

}  // namespace brigade::http

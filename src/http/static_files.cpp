#include "http/static_files.hpp"

#include <algorithm>
#include <string>
#include <system_error>

#include <spdlog/spdlog.h>
#include <boost/beast/core/string.hpp>

#include "http/content_types.hpp"
#include "http/error_codes.hpp"
#include "http/url_path.hpp"

namespace brigade::http {
namespace {

namespace fs = std::filesystem;
using beast_http::verb;

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssets = "assets";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Calls `each` with the trimmed items of a comma-separated header value.
template <class Fn>
bool any_item(std::string_view list, Fn each) {
  while (true) {
    const size_t comma = list.find(',');
    if (each(trim(list.substr(0, comma)))) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

bool under_assets(std::string_view relative) {
  return relative == kAssets || (relative.starts_with(kAssets) && relative.substr(kAssets.size()).starts_with('/'));
}

// Component-wise, so that /srv/web2 is not inside /srv/web.
bool inside(const fs::path& root, const fs::path& file) {
  const auto [in_root, in_file] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return in_root == root.end() && in_file != file.end();
}

// RFC 9110 section 13.1.2: weak comparison (a `W/` prefix does not matter
// for If-None-Match), `*` matches any current file.
bool none_match_hits(std::string_view if_none_match, std::string_view etag) {
  return any_item(if_none_match, [etag](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag == "*" || tag == etag;
  });
}

// The Host header as it may appear in a CSP source (host[:port] or an IPv6
// literal); anything else is left out rather than spliced into the header.
bool plain_host(std::string_view host) {
  return !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '[' || c == ']';
  });
}

// Vite emits no inline script or style, so none is allowed. Small assets it
// inlines become `data:` URLs (images, fonts). `connect-src` names ws:/wss:
// of this host because older browsers do not count them as 'self'.
std::string content_security_policy(std::string_view host) {
  std::string connect = "'self'";
  if (plain_host(host)) {
    connect += " ws://";
    connect += host;
    connect += " wss://";
    connect += host;
  }
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
         "media-src 'self'; connect-src " +
         connect + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

response not_found(unsigned version) {
  return json_error(status::not_found, kNotFound, "No such file", version);
}

response not_built(unsigned version) {
  return json_error(status::not_found, kNotFound,
                    "The web apps are not built: run `npm run build --workspace web` and reload", version);
}

response too_large(unsigned version) {
  return json_error(status::internal_server_error, kInternal, "The file is too large to serve", version);
}

response file_response(const request& req, std::string_view name, const cached_file& file) {
  response res{status::ok, req.version()};
  const std::string_view type = content_type_for(name);
  res.set(field::content_type, type);
  res.set(field::cache_control, under_assets(name) ? kImmutable : std::string_view("no-cache"));
  res.set("X-Content-Type-Options", "nosniff");
  if (type.starts_with("text/html")) {
    res.set("Content-Security-Policy", content_security_policy(req[field::host]));
    res.set("Referrer-Policy", "same-origin");
  }
  if (!file.etag.empty()) {
    res.set(field::etag, file.etag);
    const auto condition = req.find(field::if_none_match);
    if (condition != req.end() && none_match_hits(condition->value(), file.etag)) {
      // RFC 9110 section 15.4.5: the validators and caching headers a 200
      // would have had, and no content.
      res.result(status::not_modified);
      return res;
    }
  }
  if (req.method() == verb::head) {
    res.content_length(file.body.size());
  } else {
    res.body() = file.body;
    res.prepare_payload();
  }
  return res;
}

// Whether media-range parameters hold q=0 (also written 0.0, 0.000): "not
// acceptable" (RFC 9110 section 12.4.2).
bool zero_quality(std::string_view params) {
  while (true) {
    const size_t semicolon = params.find(';');
    const std::string_view param = trim(params.substr(0, semicolon));
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string_view value = param.substr(2);
      return value.front() == '0' && value.find_first_not_of("0.") == std::string_view::npos;
    }
    if (semicolon == std::string_view::npos) return false;
    params.remove_prefix(semicolon + 1);
  }
}

}  // namespace

bool accepts_html(std::string_view accept) {
  if (trim(accept).empty()) return true;
  return any_item(accept, [](std::string_view range) {
    const size_t semicolon = range.find(';');
    const std::string_view type = trim(range.substr(0, semicolon));
    const bool html =
        boost::beast::iequals(type, "text/html") || boost::beast::iequals(type, "text/*") || type == "*/*";
    return html && (semicolon == std::string_view::npos || !zero_quality(range.substr(semicolon + 1)));
  });
}

bool is_client_route(const request& req, std::string_view relative_path) {
  if (req.method() != verb::get && req.method() != verb::head) return false;
  if (under_assets(relative_path)) return false;
  const std::string_view last = relative_path.substr(relative_path.rfind('/') + 1);
  return last.find('.') == std::string_view::npos && accepts_html(req[field::accept]);
}

static_files::static_files(const fs::path& root) {
  std::error_code ec;
  root_ = fs::absolute(root, ec);
  if (ec) root_ = root;
}

bool static_files::has_index() const {
  std::error_code ec;
  return fs::is_regular_file(root_ / kIndex, ec);
}

// Every request resolves the root and the file afresh (realpath: a few
// syscalls, cheap beside the response): a new build, or a root symlink
// switched to one, is served at once.
response static_files::serve(const request& req) const {
  const unsigned version = req.version();
  if (req.method() != verb::get && req.method() != verb::head) {
    auto res =
        json_error(status::method_not_allowed, kMethodNotAllowed, "Only GET and HEAD are allowed here", version);
    res.set(field::allow, "GET, HEAD");
    return res;
  }
  const std::string_view target = req.target();
  const auto relative = safe_relative_path(target.substr(0, target.find('?')));
  if (!relative) return not_found(version);
  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (ec) return not_built(version);

  if (!relative->empty()) {
    const auto file = resolve(root, *relative);
    if (file.status == resolution::found) return file_response(req, *relative, *file.file);
    if (file.status == resolution::too_large) return too_large(version);
    // A symlink out of the root is refused, not a reason to fall back.
    if (file.status == resolution::outside || !is_client_route(req, *relative)) return not_found(version);
  }
  const auto index = resolve(root, std::string(kIndex));
  if (index.status == resolution::too_large) return too_large(version);
  if (index.status != resolution::found) return not_built(version);
  auto res = file_response(req, kIndex, *index.file);
  // Whether an extensionless path gets the app or a 404 depends on Accept.
  if (!relative->empty()) res.set(field::vary, "Accept");
  return res;
}

static_files::resolved static_files::resolve(const fs::path& root, const std::string& name) const {
  std::error_code ec;
  const fs::path file = fs::canonical(root / name, ec);
  if (ec) return {resolution::missing, nullptr};
  if (!inside(root, file)) return {resolution::outside, nullptr};
  auto found = cache_.get(file.string());
  switch (found.status) {
    case file_cache::outcome::found:
      return {resolution::found, std::move(found.file)};
    case file_cache::outcome::too_large:
      spdlog::warn("static file {} is over the size limit: not served", file.string());
      return {resolution::too_large, nullptr};
    case file_cache::outcome::missing:
      break;
  }
  return {resolution::missing, nullptr};
}

}  // namespace brigade::http

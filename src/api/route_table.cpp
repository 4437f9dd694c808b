#include "api/route_table.hpp"

#include <charconv>
#include <limits>
#include <stdexcept>

#include "api/request_decoding.hpp"

namespace brigade::api {
namespace {

// Splits "/a/b/c" into "a", "b", "c"; an empty segment ("//", trailing "/")
// is kept so it can never match a literal or an id.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace

int64_t path_params::id(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  throw std::out_of_range("route has no path parameter " + std::string(name));
}

path_pattern::path_pattern(std::string_view pattern) : text_(pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("path pattern must start with '/': " + text_);
  }
  for (const std::string_view seg : split_path(pattern)) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      segments_.push_back({std::string(seg.substr(1, seg.size() - 2)), true});
    } else if (seg.empty() || seg.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("malformed path pattern: " + text_);
    } else {
      segments_.push_back({std::string(seg), false});
    }
  }
}

std::optional<path_params> path_pattern::match(std::string_view path) const {
  const auto segments = split_path(path);
  if (segments.size() != segments_.size()) return std::nullopt;
  path_params params;
  for (size_t i = 0; i < segments.size(); ++i) {
    const segment& expected = segments_[i];
    if (!expected.capture) {
      if (segments[i] != expected.text) return std::nullopt;
      continue;
    }
    const auto id = parse_positive_id(segments[i]);
    if (!id) return std::nullopt;
    params.add(expected.text, *id);
  }
  return params;
}

}  // namespace brigade::api

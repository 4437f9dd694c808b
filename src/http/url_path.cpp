#include "http/url_path.hpp"

namespace brigade::http {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // a cut-off escape
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool allowed_segment(std::string_view name) {
  // A leading dot covers ".", ".." and hidden files alike.
  if (name.empty() || name.front() == '.') return false;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '/' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view target_path) {
  if (target_path.empty() || target_path.front() != '/') return std::nullopt;
  std::string relative;
  size_t start = 1;
  while (start <= target_path.size()) {
    size_t end = target_path.find('/', start);
    if (end == std::string_view::npos) end = target_path.size();
    const std::string_view raw = target_path.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) continue;
    const auto name = percent_decode(raw);
    if (!name || !allowed_segment(*name)) return std::nullopt;
    if (!relative.empty()) relative += '/';
    relative += *name;
  }
  return relative;
}

}  // namespace brigade::http

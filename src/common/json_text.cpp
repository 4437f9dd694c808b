#include "common/json_text.hpp"

#include "common/json_string.hpp"
#include "common/utf8.hpp"

namespace brigade {
namespace {

// `text` with each byte that does not start a well-formed UTF-8 character
// replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text) {
  std::string clean;
  clean.reserve(text.size() + 8);
  while (!text.empty()) {
    const utf8_result checked = check_utf8(text);
    clean.append(text.substr(0, checked.complete));
    if (checked.status == utf8_status::valid) break;
    clean += "\xEF\xBF\xBD";
    text.remove_prefix(checked.complete + 1);
  }
  return clean;
}

}  // namespace

json_text& json_text::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  after_value_ = false;
  return *this;
}

json_text& json_text::value(std::string_view text) {
  separate();
  if (check_utf8(text).status == utf8_status::valid) {
    append_json_string(out_, text);
  } else {
    append_json_string(out_, replace_invalid_utf8(text));
  }
  after_value_ = true;
  return *this;
}

json_text& json_text::null() {
  separate();
  out_ += "null";
  after_value_ = true;
  return *this;
}

}  // namespace brigade

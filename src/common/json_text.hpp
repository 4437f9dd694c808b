#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace brigade {

/// Writes compact JSON text straight into a string, for hot paths that would
/// otherwise build a nlohmann tree only to dump it (every order's outbox
/// event is written inside the store's one writer). The caller writes a
/// well-formed document, a key before each value inside an object; the
/// writer places the commas. A string that is not valid UTF-8 has each bad
/// byte replaced by U+FFFD, as nlohmann's error_handler_t::replace does, so
/// any text a client sent stays storable.
/// Thread-safety: one writer per string, used by one thread at a time.
class json_text {
 public:
  explicit json_text(std::string& out) : out_(out) {}

  json_text& begin_object() { return open('{'); }
  json_text& end_object() { return close('}'); }
  json_text& begin_array() { return open('['); }
  json_text& end_array() { return close(']'); }

  /// An object's key; the next call writes its value.
  json_text& key(std::string_view name);

  json_text& value(std::string_view text);
  json_text& null();
  template <std::integral T>
  json_text& value(T number) {
    separate();
    if constexpr (std::same_as<T, bool>) {
      out_ += number ? "true" : "false";
    } else {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
      out_.append(digits, end);
    }
    after_value_ = true;
    return *this;
  }

  /// key(name) then value(v).
  template <typename T>
  json_text& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  json_text& null_field(std::string_view name) { return key(name).null(); }

 private:
  void separate() {
    if (after_value_) out_ += ',';
  }
  json_text& open(char bracket) {
    separate();
    out_ += bracket;
    after_value_ = false;
    return *this;
  }
  json_text& close(char bracket) {
    out_ += bracket;
    after_value_ = true;
    return *this;
  }

  std::string& out_;
  bool after_value_ = false;  // the next key or value needs a comma first
};

}  // namespace brigade

#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace brigade::kitchen {

/// {"key":"value",...}: an audit entry's details, every value a JSON
/// string. Pure.
std::string details_json(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

/// What an update changed, as an audit entry's details:
/// {"field":{"from":…,"to":…},…}. Value type; not thread-safe.
class change_log {
 public:
  void note(std::string_view field, std::string_view from, std::string_view to);
  bool empty() const noexcept { return json_.empty(); }
  std::string json() const { return "{" + json_ + "}"; }

 private:
  std::string json_;  // the members, without braces
};

}  // namespace brigade::kitchen

#include "kitchen/audit_details.hpp"

#include "common/json_string.hpp"

namespace brigade::kitchen {

std::string details_json(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  }
  out += '}';
  return out;
}

void change_log::note(std::string_view field, std::string_view from, std::string_view to) {
  if (!json_.empty()) json_ += ',';
  append_json_string(json_, field);
  json_ += ':';
  json_ += details_json({{"from", from}, {"to", to}});
}

}  // namespace brigade::kitchen

#include "store/line_details_json.hpp"

#include "kitchen/ports.hpp"

namespace brigade::store {
namespace {

using json = nlohmann::json;

json parse_array(std::string_view text) {
  json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) throw kitchen::store_failure("a list column of the database is not a JSON array");
  return parsed;
}

}  // namespace

void write_strings(json_text& out, const std::vector<std::string>& values) {
  out.begin_array();
  for (const auto& v : values) out.value(v);
  out.end_array();
}

std::string strings_text(const std::vector<std::string>& values) {
  std::string text;
  json_text out{text};
  write_strings(out, values);
  return text;
}

std::vector<std::string> strings_from(const json& array) {
  try {
    return array.get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw kitchen::store_failure(std::string("a stored list of names is damaged: ") + e.what());
  }
}

std::vector<std::string> strings_from_text(std::string_view text) { return strings_from(parse_array(text)); }

void write_modifiers(json_text& out, const std::vector<kitchen::chosen_modifier>& modifiers) {
  out.begin_array();
  for (const auto& m : modifiers) {
    out.begin_object()
        .field("option", m.option)
        .field("group", m.group)
        .field("name", m.name)
        .field("price_delta", m.price_delta)
        .end_object();
  }
  out.end_array();
}

std::string modifiers_text(const std::vector<kitchen::chosen_modifier>& modifiers) {
  std::string text;
  json_text out{text};
  write_modifiers(out, modifiers);
  return text;
}

std::vector<kitchen::chosen_modifier> modifiers_from(const json& array) {
  std::vector<kitchen::chosen_modifier> out;
  try {
    for (const auto& m : array) {
      out.push_back({m.at("option").get<int64_t>(), m.at("group").get<std::string>(), m.at("name").get<std::string>(),
                     m.at("price_delta").get<int64_t>()});
    }
  } catch (const json::exception& e) {
    throw kitchen::store_failure(std::string("stored modifiers are damaged: ") + e.what());
  }
  return out;
}

std::vector<kitchen::chosen_modifier> modifiers_from_text(std::string_view text) {
  return modifiers_from(parse_array(text));
}

}  // namespace brigade::store

#include "api/json_body.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "api/error_codes.hpp"
#include "api/money_input.hpp"
#include "common/json_depth.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

std::string_view trim(std::string_view text) {
  const auto not_space = [](char c) { return c != ' ' && c != '\t'; };
  const auto first = std::find_if(text.begin(), text.end(), not_space);
  const auto last = std::find_if(text.rbegin(), text.rend(), not_space).base();
  return first < last ? std::string_view(first, last) : std::string_view{};
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_blank(std::string_view body) {
  return std::all_of(body.begin(), body.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

error invalid_json(std::string message) {
  return error{std::string(kInvalidJson), std::move(message)};
}

}  // namespace

bool is_utf8_media_type(std::string_view content_type, std::string_view type) {
  const size_t semicolon = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semicolon)), type)) return false;
  std::string_view params =
      semicolon == std::string_view::npos ? std::string_view{} : content_type.substr(semicolon + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    const std::string_view param = trim(params.substr(0, next));
    const size_t eq = param.find('=');
    if (eq != std::string_view::npos && iequals(trim(param.substr(0, eq)), "charset")) {
      std::string_view value = trim(param.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      if (!iequals(value, "utf-8") && !iequals(value, "utf8")) return false;
    }
    if (next == std::string_view::npos) break;
    params.remove_prefix(next + 1);
  }
  return true;
}

result<nlohmann::json> read_json_object(std::string_view body,
                                        std::optional<std::string_view> content_type,
                                        body_presence presence) {
  if (presence == body_presence::optional && is_blank(body)) return nlohmann::json::object();
  if (!content_type || !is_json_media_type(*content_type)) {
    return error{std::string(kUnsupportedMediaType),
                 "Send the body as JSON with Content-Type: application/json"};
  }
  if (is_blank(body)) return invalid_json("Request body is empty; expected a JSON object");
  if (json_nested_deeper_than(body, kMaxJsonDepth)) {
    return invalid_json(fmt::format("Request body is nested deeper than {} levels", kMaxJsonDepth));
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return invalid_json("Request body is not valid JSON");
  if (!parsed.is_object()) return invalid_json("Request body must be a JSON object");
  return parsed;
}

size_t count_code_points(std::string_view utf8) {
  // Every code point has exactly one byte that is not a continuation byte.
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string field_reader::name(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

const nlohmann::json* field_reader::find(std::string_view key) const {
  const auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

status field_reader::only(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : object_->items()) {
    bool listed = false;
    for (const std::string_view k : known) listed = listed || k == key;
    if (listed) continue;
    const std::string field = name(key);
    std::string expected;
    for (const std::string_view k : known) expected += fmt::format("{}{}", expected.empty() ? "" : ", ", k);
    return kitchen::validation_error(
        field, known.size() == 0 ? fmt::format("Unknown field {}: this request takes no fields", field)
                                 : fmt::format("Unknown field {}; expected only {}", field, expected));
  }
  return ok_v;
}

result<std::optional<int64_t>> field_reader::optional_id(std::string_view key) const {
  if (find(key) == nullptr) return std::optional<int64_t>{};
  auto value = id(key);
  if (!value) return value.error();
  return std::optional<int64_t>{*value};
}

result<int64_t> field_reader::id(std::string_view key) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr)
    return kitchen::validation_error(field, fmt::format("{} is required", field));
  if (value->is_number_integer()) {
    // nlohmann keeps non-negative integers as unsigned; both read as int64
    // when they fit, and a bigger one cannot name a row.
    if (value->is_number_unsigned() &&
        value->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
      return kitchen::validation_error(field,
                                       fmt::format("{} must be a positive integer id", field));
    }
    const auto id = value->get<int64_t>();
    if (id > 0) return id;
  }
  return kitchen::validation_error(field, fmt::format("{} must be a positive integer id", field));
}

result<bool> field_reader::boolean(std::string_view key) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr) return kitchen::validation_error(field, fmt::format("{} is required", field));
  if (!value->is_boolean()) return kitchen::validation_error(field, fmt::format("{} must be true or false", field));
  return value->get<bool>();
}

result<int64_t> field_reader::integer(std::string_view key, int64_t min, int64_t max) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr)
    return kitchen::validation_error(field, fmt::format("{} is required", field));
  const std::string rule = fmt::format("{} must be an integer from {} to {}", field, min, max);
  if (!value->is_number_integer()) return kitchen::validation_error(field, rule);
  if (value->is_number_unsigned() &&
      value->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
    return kitchen::validation_error(field, rule);
  }
  const auto number = value->get<int64_t>();
  if (number < min || number > max) return kitchen::validation_error(field, rule);
  return number;
}

result<std::string> field_reader::text(std::string_view key, size_t min_chars,
                                       size_t max_chars) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr)
    return kitchen::validation_error(field, fmt::format("{} is required", field));
  if (!value->is_string())
    return kitchen::validation_error(field, fmt::format("{} must be a string", field));
  const auto& s = value->get_ref<const std::string&>();
  const size_t length = count_code_points(s);
  if (length < min_chars || length > max_chars) {
    return kitchen::validation_error(
        field, min_chars == 0
                   ? fmt::format("{} must be at most {} characters", field, max_chars)
                   : fmt::format("{} must be {} to {} characters", field, min_chars, max_chars));
  }
  return s;
}

result<std::string> field_reader::optional_text(std::string_view key, size_t max_chars) const {
  if (find(key) == nullptr) return std::string{};
  return text(key, 0, max_chars);
}

result<const nlohmann::json*> field_reader::array(std::string_view key, size_t min_size,
                                                  size_t max_size) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr)
    return kitchen::validation_error(field, fmt::format("{} is required", field));
  const std::string rule =
      fmt::format("{} must be an array of {} to {} elements", field, min_size, max_size);
  if (!value->is_array() || value->size() < min_size || value->size() > max_size) {
    return kitchen::validation_error(field, rule);
  }
  return value;
}

result<int64_t> field_reader::money(std::string_view key, int64_t min, int64_t max) const {
  const std::string field = name(key);
  const nlohmann::json* value = find(key);
  if (value == nullptr) return kitchen::validation_error(field, fmt::format("{} is required", field));
  const auto amount = money_from_json(*value);
  if (!amount || *amount < min || *amount > max) {
    return kitchen::validation_error(
        field, fmt::format("{} must be a number from {}.{:02} to {}.{:02} with at most two decimals", field,
                           min / 100, std::abs(min % 100), max / 100, max % 100));
  }
  return *amount;
}

result<std::vector<std::string>> field_reader::text_list(std::string_view key, size_t max_size,
                                                         size_t max_chars) const {
  auto list = array(key, 0, max_size);
  if (!list) return list.error();
  std::vector<std::string> out;
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const auto& value = (**list)[i];
    const size_t length = value.is_string() ? count_code_points(value.get_ref<const std::string&>()) : 0;
    if (length < 1 || length > max_chars) {
      const std::string field = fmt::format("{}[{}]", name(key), i);
      return kitchen::validation_error(field, fmt::format("{} must be a string of 1 to {} characters", field, max_chars));
    }
    out.push_back(value.get<std::string>());
  }
  return out;
}

result<std::vector<int64_t>> field_reader::id_list(std::string_view key, size_t max_size) const {
  auto list = array(key, 0, max_size);
  if (!list) return list.error();
  std::vector<int64_t> out;
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const auto& value = (**list)[i];
    const bool id = value.is_number_integer() && !(value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) &&
                    value.get<int64_t>() > 0;
    if (!id) {
      const std::string field = fmt::format("{}[{}]", name(key), i);
      return kitchen::validation_error(field, fmt::format("{} must be a positive integer id", field));
    }
    out.push_back(value.get<int64_t>());
  }
  return out;
}

result<field_reader> field_reader::element(const nlohmann::json& array_json, size_t index,
                                           std::string_view array_key) const {
  std::string field = fmt::format("{}[{}]", name(array_key), index);
  const nlohmann::json& value = array_json.at(index);
  if (!value.is_object()) {
    std::string message = fmt::format("{} must be an object", field);
    return kitchen::validation_error(std::move(field), std::move(message));
  }
  return field_reader(value, std::move(field));
}

}  // namespace brigade::api

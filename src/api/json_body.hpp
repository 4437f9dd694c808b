#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace brigade::api {

/// Whether an endpoint needs a body: `required` for commands with fields,
/// `optional` for bodyless commands (confirm, acknowledge, …), which take
/// an empty body or any JSON object (its fields are ignored).
enum class body_presence { required, optional };

/// Deepest nesting of arrays and objects a body may have. Our bodies need
/// 3; the cap keeps recursive work (dump, compare) on untrusted input shallow.
inline constexpr size_t kMaxJsonDepth = 32;

/// Whether `content_type` is the media type `type` ("text/csv"), any case,
/// with optional parameters, of which a charset must be utf-8: the server
/// reads text bodies as UTF-8 only. Pure function; thread-safe.
bool is_utf8_media_type(std::string_view content_type, std::string_view type);

/// `application/json` as is_utf8_media_type reads it (RFC 8259 §8.1).
/// Pure function; thread-safe.
inline bool is_json_media_type(std::string_view content_type) {
  return is_utf8_media_type(content_type, "application/json");
}

/// A request body as a JSON object, given its Content-Type header (nullopt
/// when the request has none). Errors: unsupported_media_type (415) when a
/// body is required or present without a JSON Content-Type; invalid_json
/// (400) when it is empty but required, malformed, not UTF-8, nested deeper
/// than kMaxJsonDepth, or not an object. An absent optional body reads as
/// `{}`. api/request_body.hpp reads a Beast request with it. Pure function;
/// thread-safe.
result<nlohmann::json> read_json_object(std::string_view body,
                                        std::optional<std::string_view> content_type,
                                        body_presence presence);

/// Strict, typed reads of one JSON object's fields. Every failure is a
/// `validation` error whose `field` detail is the field's full path, e.g.
/// `items[2].quantity`: missing (or null), wrong type, out of range. Ids and
/// quantities must be JSON integers (5.0 is refused); string lengths count
/// Unicode code points. `only` refuses fields the schema does not name.
/// Borrows `object`, which must outlive the reader; not synchronised.
class field_reader {
 public:
  explicit field_reader(const nlohmann::json& object, std::string path = {})
      : object_(&object), path_(std::move(path)) {}

  /// The full path of a field of this object: `tableId`, `items[2].notes`.
  std::string name(std::string_view key) const;

  /// A `validation` error naming the first field of the object that is not
  /// in `known` (a misspelt or unexpected field is refused, not ignored).
  status only(std::initializer_list<std::string_view> known) const;
  /// Whether the field is there and not null.
  bool present(std::string_view key) const { return find(key) != nullptr; }
  /// A required id: a positive integer.
  result<int64_t> id(std::string_view key) const;
  /// An optional id: absent or null reads as nullopt.
  result<std::optional<int64_t>> optional_id(std::string_view key) const;
  /// A required integer within [min, max].
  /// A required true or false.
  result<bool> boolean(std::string_view key) const;
  result<int64_t> integer(std::string_view key, int64_t min, int64_t max) const;
  /// A required string of min_chars to max_chars code points.
  result<std::string> text(std::string_view key, size_t min_chars, size_t max_chars) const;
  /// An optional string: absent or null reads as "".
  result<std::string> optional_text(std::string_view key, size_t max_chars) const;
  /// A required amount of money: a number with at most two decimals, in
  /// [min, max] minor units.
  result<int64_t> money(std::string_view key, int64_t min, int64_t max) const;
  /// A required array of at most max_size strings of 1 to max_chars code points.
  result<std::vector<std::string>> text_list(std::string_view key, size_t max_size, size_t max_chars) const;
  /// A required array of at most max_size positive integer ids.
  result<std::vector<int64_t>> id_list(std::string_view key, size_t max_size) const;
  /// A required array of min_size to max_size elements (pointer into the
  /// borrowed object).
  result<const nlohmann::json*> array(std::string_view key, size_t min_size, size_t max_size) const;
  /// A reader over element `index` of `array_json`, which must be an object;
  /// `array_key` is the array's field name in this object.
  result<field_reader> element(const nlohmann::json& array_json, size_t index,
                               std::string_view array_key) const;

 private:
  /// The field, or nullptr when absent or null.
  const nlohmann::json* find(std::string_view key) const;

  const nlohmann::json* object_;
  std::string path_;
};

/// Number of Unicode code points in a UTF-8 string. Pure function.
size_t count_code_points(std::string_view utf8);

}  // namespace brigade::api

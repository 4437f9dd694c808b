#include "kitchen/validation.hpp"

#include <fmt/format.h>

#include "kitchen/errors.hpp"

namespace brigade::kitchen {

size_t count_characters(std::string_view utf8) {
  size_t count = 0;
  for (const char c : utf8) {
    // 10xxxxxx continues a multi-byte sequence.
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

std::optional<error> check_length(std::string_view field, std::string_view text, size_t min,
                                  size_t max) {
  const size_t length = count_characters(text);
  if (length >= min && length <= max) return std::nullopt;
  if (length < min) {
    return validation_error(std::string(field),
                            min == 1 ? fmt::format("{} is required", field)
                                     : fmt::format("{} needs at least {} characters", field, min));
  }
  return validation_error(std::string(field),
                          fmt::format("{} may have at most {} characters", field, max));
}

std::string item_field(size_t index, std::string_view property) {
  return fmt::format("items[{}].{}", index, property);
}

}  // namespace brigade::kitchen

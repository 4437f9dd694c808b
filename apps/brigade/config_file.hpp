#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace brigade::cli {

/// A start-up configuration that cannot be used: an unreadable or malformed
/// file, an unknown key, a value of the wrong type. The message names the
/// file or variable and the key, so the operator knows what to fix.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What kind of value a TOML entry held: the layering checks it against the
/// option's kind, so `port = "eighty"` fails naming `port`, not a conversion.
enum class value_kind { text, integer, number, boolean, list };

/// One top-level entry of the configuration file, as the strings an option
/// parser takes (a list holds one string per element).
struct file_setting {
  std::vector<std::string> values;
  value_kind kind = value_kind::text;
  size_t line = 0;  // where it was written, for error messages
};

/// The settings of a TOML configuration file, by key. Keys are the long
/// option names without their dashes; `max_payload` is read as
/// `max-payload`, so either spelling works. Plain value type.
using file_settings = std::map<std::string, file_setting, std::less<>>;

/// Reads and flattens the TOML file at `path` (toml++). Throws config_error
/// for a missing or malformed file, and for a table or nested array (the file
/// is flat: one key per option).
file_settings read_config_file(const std::string& path);

/// The same, from TOML text (`source_name` for messages). Pure.
file_settings parse_config_text(std::string_view text, const std::string& source_name);

}  // namespace brigade::cli

#include "config_print.hpp"

#include <fmt/format.h>

#include "app/server_app.hpp"

namespace brigade::cli {
namespace {

// Keys whose values never leave the process in clear.
bool is_secret(std::string_view key) {
  return key == "jwt-secret" || key == "operator-token";
}

bool is_bare(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  return option.get_items_expected_max() == 0 || type.starts_with("INT") || type.starts_with("UINT") ||
         type.starts_with("FLOAT");
}

std::string toml_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      quoted += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      quoted += c;
    }
  }
  return quoted + '"';
}

std::string toml_value(const CLI::Option& option, const std::vector<std::string>& values) {
  const auto one = [&](const std::string& value) { return is_bare(option) ? value : toml_string(value); };
  if (option.get_items_expected_max() == 0) return values.empty() || values.back() == "false" ? "false" : "true";
  if (option.get_items_expected_max() <= 1) return one(values.empty() ? std::string() : values.back());
  std::string list = "[";
  for (size_t i = 0; i < values.size(); ++i) list += (i ? ", " : "") + one(values[i]);
  return list + "]";
}

// An option's declared default as values: CLI11 shows lists as "[a,b]".
std::vector<std::string> default_values(const CLI::Option& option) {
  std::string text = option.get_default_str();
  if (option.get_items_expected_max() <= 1) return text.empty() ? std::vector<std::string>{} : std::vector{text};
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  std::vector<std::string> values;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    values.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

std::string describe(const setting_origin& origin) {
  switch (origin.source) {
    case setting_source::command_line:
      return "command line";
    case setting_source::environment:
      return "environment " + origin.where;
    case setting_source::file:
      return origin.where;
    case setting_source::default_value:
      break;
  }
  return "default";
}

}  // namespace

std::string render_configuration(const std::vector<CLI::Option*>& options,
                                 const std::map<std::string, setting_origin>& origins, const std::string& file_name,
                                 const derived_values& derived) {
  std::string out = fmt::format(
      "# Brigade's effective configuration: command line > BRIGADE_* environment > {} > defaults.\n"
      "# Usable as a --config file; secrets are masked, unset options commented out.\n",
      file_name.empty() ? "--config file (none given)" : file_name);
  for (const auto* option : options) {
    const std::string key = config_key(*option);
    const auto origin = origins.contains(key) ? origins.at(key) : setting_origin{};
    std::vector<std::string> values;
    if (origin.source != setting_source::default_value) {
      values = option->results();
    } else if (const auto found = derived.find(key); found != derived.end()) {
      values = found->second;
    } else {
      values = default_values(*option);
    }
    if (values.empty() && option->get_items_expected_max() == 1) {
      out += fmt::format("# {} = (not set)\n", key);
      continue;
    }
    std::string value = is_secret(key) ? toml_string("********") : toml_value(*option, values);
    // The store's URL may carry a password: only that part is masked.
    if (key == "store" && !values.empty()) value = toml_string(app::redact_store_url(values.back()));
    out += fmt::format("{} = {}  # {}\n", key, value, describe(origin));
  }
  return out;
}

}  // namespace brigade::cli

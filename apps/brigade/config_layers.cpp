#include "config_layers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

namespace brigade::cli {
namespace {

bool is_flag(const CLI::Option& option) {
  return option.get_items_expected_max() == 0;
}
bool takes_many(const CLI::Option& option) {
  return option.get_items_expected_max() > 1;
}
bool is_integer(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  return type.starts_with("INT") || type.starts_with("UINT");
}
bool is_number(const CLI::Option& option) {
  return is_integer(option) || option.get_type_name().starts_with("FLOAT");
}

// Levenshtein distance, for "did you mean" on a misspelt key.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view key, const std::set<std::string, std::less<>>& known_keys) {
  const std::string* best = nullptr;
  size_t best_distance = 3;  // more than two edits away is not a typo
  for (const auto& candidate : known_keys) {
    const size_t distance = edit_distance(key, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = &candidate;
    }
  }
  return best ? fmt::format(" (did you mean {}?)", *best) : std::string();
}

void reject_unknown_keys(const file_settings& file, const std::string& file_name,
                         const std::set<std::string, std::less<>>& known_keys) {
  for (const auto& [key, setting] : file) {
    if (!known_keys.contains(key)) {
      throw config_error(fmt::format("{}:{}: unknown key {}{}; `brigade serve --help` lists every option", file_name,
                                     setting.line, key, suggestion(key, known_keys)));
    }
  }
}

// The file's value must be of the option's kind: a port is a number, a flag
// true or false, a single option not a list.
void check_kind(const CLI::Option& option, const file_setting& setting, const std::string& where) {
  const auto refuse = [&](std::string_view expected) {
    throw config_error(fmt::format("{}: {} must be {}", where, config_key(option), expected));
  };
  if (setting.kind == value_kind::list && !takes_many(option)) refuse("a single value, not a list");
  if (is_flag(option)) {
    if (setting.kind != value_kind::boolean) refuse("true or false");
  } else if (is_integer(option)) {
    if (setting.kind != value_kind::integer && setting.kind != value_kind::list) refuse("a whole number");
  } else if (is_number(option)) {
    if (setting.kind != value_kind::integer && setting.kind != value_kind::number && setting.kind != value_kind::list) {
      refuse("a number");
    }
  } else if (setting.kind == value_kind::boolean) {
    refuse("a string or a number, not true or false");
  }
}

// An environment variable as the option's values: a flag takes the usual
// spellings of yes and no, a repeatable option a comma-separated list.
std::vector<std::string> environment_values(const CLI::Option& option, const std::string& text,
                                            const std::string& variable) {
  if (is_flag(option)) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") return {"true"};
    if (lower == "0" || lower == "false" || lower == "no" || lower == "off" || lower.empty()) return {"false"};
    throw config_error(fmt::format("{}={}: expected true or false (1/0, yes/no, on/off)", variable, text));
  }
  if (!takes_many(option)) return {text};
  std::vector<std::string> values;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) values.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

// Feeds `values` through the option as if typed on the command line, so
// the same conversions and checks apply (ranges, existing files, enums).
void assign(CLI::Option& option, const std::vector<std::string>& values, const std::string& where) {
  for (const auto& value : values) option.add_result(value);
  try {
    option.run_callback();
  } catch (const CLI::Error& refused) {
    option.clear();
    throw config_error(fmt::format("{}: {}: {}", where, config_key(option), refused.what()));
  }
}

}  // namespace

environment_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string config_key(const CLI::Option& option) {
  const auto& names = option.get_lnames();
  return names.empty() ? option.get_name() : names.front();
}

std::string environment_name(const std::string& key) {
  std::string name = "BRIGADE_";
  for (const char c : key) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::vector<CLI::Option*> configurable_options(const std::vector<CLI::App*>& commands) {
  std::vector<CLI::Option*> options;
  for (auto* command : commands) {
    for (auto* option : command->get_options()) {
      if (option->get_lnames().empty() || option == command->get_help_ptr()) continue;
      if (config_key(*option) == "config" || config_key(*option) == "help-all") continue;
      options.push_back(option);
    }
  }
  return options;
}

std::map<std::string, setting_origin> apply_config_layers(const std::vector<CLI::Option*>& options,
                                                          const file_settings& file, const std::string& file_name,
                                                          const std::set<std::string, std::less<>>& known_keys,
                                                          const environment_lookup& environment) {
  reject_unknown_keys(file, file_name, known_keys);
  std::map<std::string, setting_origin> origins;
  for (auto* option : options) {
    const std::string key = config_key(*option);
    if (option->count() > 0) {
      origins[key] = {setting_source::command_line, {}};
      continue;
    }
    const std::string variable = environment_name(key);
    if (const auto text = environment(variable)) {
      assign(*option, environment_values(*option, *text, variable), variable);
      origins[key] = {setting_source::environment, variable};
      continue;
    }
    if (const auto entry = file.find(key); entry != file.end()) {
      const std::string where = fmt::format("{}:{}", file_name, entry->second.line);
      check_kind(*option, entry->second, where);
      assign(*option, entry->second.values, where);
      origins[key] = {setting_source::file, where};
      continue;
    }
    origins[key] = {setting_source::default_value, {}};
  }
  return origins;
}

}  // namespace brigade::cli

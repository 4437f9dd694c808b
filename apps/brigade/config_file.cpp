#include "config_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace brigade::cli {
namespace {

std::string option_key(std::string_view key) {
  std::string normalised(key);
  std::replace(normalised.begin(), normalised.end(), '_', '-');
  return normalised;
}

// One scalar as the text an option parser reads; nullopt for a table or array.
std::optional<std::pair<std::string, value_kind>> scalar_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return std::pair{text->get(), value_kind::text};
  if (const auto* integer = node.as_integer()) return std::pair{std::to_string(integer->get()), value_kind::integer};
  if (const auto* number = node.as_floating_point())
    return std::pair{fmt::format("{}", number->get()), value_kind::number};
  if (const auto* boolean = node.as_boolean())
    return std::pair{std::string(boolean->get() ? "true" : "false"), value_kind::boolean};
  return std::nullopt;
}

file_setting flatten(const std::string& source_name, const std::string& key, const toml::node& node) {
  file_setting setting;
  setting.line = node.source().begin.line;
  if (auto scalar = scalar_text(node)) {
    setting.values.push_back(std::move(scalar->first));
    setting.kind = scalar->second;
    return setting;
  }
  if (const auto* list = node.as_array()) {
    setting.kind = value_kind::list;
    for (const auto& element : *list) {
      auto scalar = scalar_text(element);
      if (!scalar) {
        throw config_error(
            fmt::format("{}:{}: {}: a list of plain values was expected", source_name, setting.line, key));
      }
      setting.values.push_back(std::move(scalar->first));
    }
    return setting;
  }
  throw config_error(fmt::format("{}:{}: {}: a value was expected, not a table (the file is flat: one key per option)",
                                 source_name, setting.line, key));
}

}  // namespace

file_settings parse_config_text(std::string_view text, const std::string& source_name) {
  toml::table table;
  try {
    table = toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    throw config_error(fmt::format("{}:{}:{}: {}", source_name, error.source().begin.line, error.source().begin.column,
                                   error.description()));
  }
  file_settings settings;
  for (const auto& [key, node] : table) {
    const std::string name = option_key(key.str());
    if (settings.contains(name)) {
      throw config_error(fmt::format("{}:{}: {} is set twice (as {} and {})", source_name, node.source().begin.line,
                                     name, name, key.str()));
    }
    settings.emplace(name, flatten(source_name, name, node));
  }
  return settings;
}

file_settings read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config_error(fmt::format("config file {}: cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config_text(text.str(), path);
}

}  // namespace brigade::cli

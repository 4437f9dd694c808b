#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "config_file.hpp"

namespace brigade::cli {

/// Where an option's effective value came from, highest precedence first.
enum class setting_source { command_line, environment, file, default_value };

struct setting_origin {
  setting_source source = setting_source::default_value;
  /// The variable (BRIGADE_PORT) or file and line (brigade.toml:3); empty
  /// for the command line and defaults.
  std::string where;
};

/// Reads one environment variable; injected so tests need not touch the
/// process environment.
using environment_lookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment.
environment_lookup process_environment();

/// An option's configuration key: its long name without dashes (`max-payload`).
std::string config_key(const CLI::Option& option);

/// An option's environment variable: BRIGADE_ and its key upper-cased,
/// dashes as underscores (`BRIGADE_MAX_PAYLOAD`).
std::string environment_name(const std::string& key);

/// The options of `commands` that a file or the environment may set: every
/// option with a long name but --help and --config.
std::vector<CLI::Option*> configurable_options(const std::vector<CLI::App*>& commands);

/// Completes what CLI11 parsed from the command line, keeping one precedence
/// chain: command line > BRIGADE_* environment > the file > defaults. Each
/// of `options` the command line left unset takes its environment variable,
/// else its key of `file`, through the option's own validation. Throws
/// config_error naming the variable or key for a value the option refuses,
/// and for a key of `file` that is not in `known_keys` (with a suggestion
/// when one is close). Keys known to other subcommands are left alone.
/// Returns where each option's value came from, by key.
std::map<std::string, setting_origin> apply_config_layers(const std::vector<CLI::Option*>& options,
                                                          const file_settings& file, const std::string& file_name,
                                                          const std::set<std::string, std::less<>>& known_keys,
                                                          const environment_lookup& environment);

}  // namespace brigade::cli

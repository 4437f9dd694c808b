#pragma once

#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "app/backup_command.hpp"
#include "app/conformance_app.hpp"
#include "app/network_options.hpp"
#include "app/restaurant_command.hpp"
#include "app/server_app.hpp"
#include "app/token_command.hpp"
#include "config_layers.hpp"

namespace brigade::cli {

/// Brigade's command line (CLI11): the subcommands, each option bound to the
/// field it sets, and the configuration layers under it. Build it, `parse`,
/// then `configure` once; the options structs then hold the effective
/// settings. Not thread-safe; used by main() alone.
struct command_line {
  command_line();
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;

  /// Completes the parsed command line from the environment and the
  /// --config file (command line > BRIGADE_* > file > defaults). Throws
  /// config_error naming the key or variable when a setting cannot be used.
  void configure(const environment_lookup& environment);

  /// The effective configuration of `serve` (or `config print`) as TOML,
  /// each line saying where its value came from, secrets masked.
  std::string effective_configuration() const;

  CLI::App app{"Brigade: real-time order and kitchen server (Socket.IO v5 / Engine.IO v4)"};
  CLI::App* serve = nullptr;
  CLI::App* token = nullptr;
  CLI::App* backup = nullptr;
  CLI::App* restaurant = nullptr;
  CLI::App* restaurant_create = nullptr;
  CLI::App* restaurant_list = nullptr;
  CLI::App* conformance = nullptr;
  CLI::App* config_print = nullptr;

  std::string log_level = "info";
  std::string log_format = "text";
  std::string config_file;
  std::string mode = "production";  // serve's --mode, as typed; see security_options::mode
  int64_t stats_interval_ms = app::serve_options{}.stats_interval.count();
  int64_t auto_fire_check_ms = app::serve_options{}.auto_fire_check.count();
  app::serve_options serve_options;
  app::token_options token_options;
  app::backup_options backup_options;
  app::restaurant_options restaurant_options;
  app::network_options conformance_options = app::conformance_defaults();

 private:
  void add_serve_options(CLI::App& command);
  /// The running subcommand (the leaf: `print` for `config print`).
  CLI::App* running() const;

  std::vector<CLI::Option*> layered_;
  std::map<std::string, setting_origin> origins_;
};

}  // namespace brigade::cli

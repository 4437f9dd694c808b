// brigade: the real-time order and kitchen server's command line.

#include <sys/resource.h>

#include <cstdio>
#include <iostream>
#include <string_view>

#include "app/backup_command.hpp"
#include "app/conformance_app.hpp"
#include "app/restaurant_command.hpp"
#include "app/server_app.hpp"
#include "app/token_command.hpp"
#include "command_line.hpp"
#include "common/log.hpp"
#include "kitchen/ports.hpp"

namespace {

// Each connection is a file descriptor: use all the process may have.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  brigade::cli::command_line commands;
  try {
    commands.app.parse(argc, argv);
    commands.configure(brigade::cli::process_environment());
  } catch (const CLI::ParseError& error) {
    // `brigade restaurant …` refuses in one line with exit code 2, like its
    // other refusals (help and --version still print as usual).
    if (error.get_exit_code() != 0 && argc > 1 && std::string_view(argv[1]) == "restaurant") {
      std::fprintf(stderr, "brigade restaurant: %s\n", error.what());
      return 2;
    }
    return commands.app.exit(error);
  } catch (const brigade::cli::config_error& error) {
    std::fprintf(stderr, "brigade: %s\n", error.what());
    return 2;
  }
  if (commands.config_print->parsed()) {
    std::fputs(commands.effective_configuration().c_str(), stdout);
    return 0;
  }
  brigade::setup_logging(commands.log_level,
                         commands.log_format == "json" ? brigade::log_format::json : brigade::log_format::text);
  // It reports its own failures in one line, whatever the log format.
  if (commands.backup->parsed()) return brigade::app::run_backup_command(commands.backup_options);
  raise_open_file_limit();

  // Errors at start-up (a database that cannot be opened, a missing secret,
  // TLS files that cannot work, a port in use) end the process with one
  // clear line.
  const std::string& db_path = commands.token->parsed()        ? commands.token_options.db_path
                              : commands.restaurant->parsed() ? commands.restaurant_options.db_path
                                                              : commands.serve_options.db_path;
  const std::string& store_url = commands.token->parsed()        ? commands.token_options.store_url
                                : commands.restaurant->parsed() ? commands.restaurant_options.store_url
                                                                : commands.serve_options.store_url;
  try {
    if (commands.serve->parsed()) return brigade::app::run_server(commands.serve_options);
    if (commands.token->parsed()) return brigade::app::run_token_command(commands.token_options);
    if (commands.restaurant_create->parsed())
      return brigade::app::run_restaurant_create(commands.restaurant_options, std::cin);
    if (commands.restaurant_list->parsed()) return brigade::app::run_restaurant_list(commands.restaurant_options);
    if (commands.conformance->parsed()) return brigade::app::run_conformance(commands.conformance_options);
  } catch (const brigade::kitchen::store_failure& failure) {
    spdlog::critical("database {}: {}", store_url.empty() ? db_path : brigade::app::redact_store_url(store_url),
                     failure.what());
    return 1;
  } catch (const std::runtime_error& failure) {
    spdlog::critical("cannot start: {}", failure.what());
    return 1;
  }
  return 0;
}

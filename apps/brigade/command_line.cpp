#include "command_line.hpp"

#include <set>
#include <string_view>

#include "config_print.hpp"

namespace brigade::cli {
namespace {

// The options every server subcommand shares, with `options` holding the
// subcommand's defaults.
void add_network_options(CLI::App& command, app::network_options& options) {
  command.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  command.add_option("--port", options.port, "Port (0 picks a free one)")->capture_default_str();
  command.add_option("--threads", options.threads, "I/O threads (0: one per core)")->capture_default_str();
  command.add_option("--ping-interval", options.ping_interval_ms, "Engine.IO pingInterval, ms")->capture_default_str();
  command.add_option("--ping-timeout", options.ping_timeout_ms, "Engine.IO pingTimeout, ms")->capture_default_str();
  command.add_option("--connect-timeout", options.connect_timeout_ms, "Socket.IO connectTimeout, ms")
      ->capture_default_str();
  command.add_option("--max-payload", options.max_payload, "maxHttpBufferSize: largest message or body, bytes")
      ->capture_default_str();
  command
      .add_option("--max-outbound-bytes", options.max_outbound_bytes,
                  "Unsent bytes per client before it is disconnected as a slow consumer")
      ->capture_default_str();
  command
      .add_option("--write-coalesce-ms", options.write_coalesce_ms,
                  "A loop turn writing to at least --write-coalesce-min connections waits this long, so the "
                  "next events join the same writes (0: off)")
      ->capture_default_str();
  command
      .add_option("--write-coalesce-min", options.write_coalesce_min,
                  "Connections written in one loop turn from which --write-coalesce-ms applies")
      ->capture_default_str();
  command
      .add_option("--cors-origin", options.cors_origins,
                  "Allowed browser origin (repeatable; * for any; http://host:* for any port). "
                  "serve: default same origin only, plus localhost in --mode dev")
      ->capture_default_str();
  command.add_option("--handshake-rate", options.handshake_rate, "New connections per second per IP (0: no limit)")
      ->capture_default_str();
  command.add_option("--handshake-burst", options.handshake_burst, "New connections at once per IP")
      ->capture_default_str();
  command.add_option("--event-rate", options.event_rate, "Incoming events per second per connection (0: no limit)")
      ->capture_default_str();
  command.add_option("--event-burst", options.event_burst, "Incoming events at once per connection")
      ->capture_default_str();
  command
      .add_option("--max-refused-events", options.max_refused_events,
                  "Events over the limit within 10 s before a connection is closed (0: never)")
      ->capture_default_str();
  command
      .add_option("--max-connections-per-ip", options.max_connections_per_ip,
                  "Open connections from one IP address, an IPv6 client counted by its /64 (0: no limit)")
      ->capture_default_str();
  command
      .add_option("--max-connections", options.max_connections,
                  "Open connections in all; the oldest unauthenticated one is shed for a new one at the cap "
                  "(0: derived from the descriptor limit)")
      ->capture_default_str();
  command.add_option("--tls-cert", options.tls_cert, "PEM certificate chain: serve HTTPS and WSS (with --tls-key)")
      ->check(CLI::ExistingFile);
  command.add_option("--tls-key", options.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
}

// "0", "0s", "00m", …: a duration of nothing.
bool is_zero_duration(std::string_view text) {
  if (!text.empty() && std::string_view("smhd").find(text.back()) != std::string_view::npos) text.remove_suffix(1);
  return !text.empty() && text.find_first_not_of('0') == std::string_view::npos;
}

// A lifetime option: "12h", "30m", "7d" or seconds. With `zero_means_off` it
// also takes 0 (or 0s, 0m, …), which turns its feature off.
void add_duration_option(CLI::App& command, const std::string& name, std::chrono::seconds& target,
                         const std::string& description, bool zero_means_off = false) {
  command
      .add_option_function<std::string>(
          name,
          [&target, name, zero_means_off](const std::string& text) {
            if (zero_means_off && is_zero_duration(text)) {
              target = std::chrono::seconds::zero();
              return;
            }
            const auto parsed = app::parse_duration(text);
            if (!parsed) {
              throw CLI::ValidationError(name, zero_means_off
                                                   ? "expected a duration such as 12h, 30m, 7d or 3600, or 0 for off"
                                                   : "expected a duration such as 12h, 30m, 7d or 3600");
            }
            target = *parsed;
          },
          description)
      ->default_str(std::to_string(target.count()) + "s");
}

// The signing options `serve` and `token` share.
void add_secret_options(CLI::App& command, app::security_options& options) {
  command.add_option("--jwt-secret", options.jwt_secret,
                     "HS256 key for tokens, at least 32 characters; better set in the environment than on the "
                     "command line, where other users can see it");
  add_duration_option(command, "--token-ttl", options.token_ttl, "Lifetime of a staff member's token");
  add_duration_option(command, "--device-token-ttl", options.device_token_ttl, "Lifetime of a screen's token");
}

// --store: a PostgreSQL database instead of the SQLite file of --db.
void add_store_option(CLI::App& command, std::string& url) {
  command
      .add_option("--store", url,
                  "PostgreSQL database shared by several nodes, postgresql://user:password@host:port/db "
                  "(empty: the SQLite file of --db)")
      ->capture_default_str()
      ->check([](const std::string& value) { return app::store_url_problem(value); });
}

void add_config_option(CLI::App& command, std::string& path) {
  command.add_option("--config", path,
                     "TOML file of settings: keys are these options' names (port = 8000); the command line and "
                     "BRIGADE_* variables override it (env: BRIGADE_CONFIG)");
}

// Tells, in --help, which variable sets each option.
void mention_environment(const std::vector<CLI::Option*>& options) {
  for (auto* option : options) {
    option->description(option->get_description() + " (env: " + environment_name(config_key(*option)) + ")");
  }
}

}  // namespace

command_line::command_line() {
  app.require_subcommand(1);
  // `brigade serve --log-format json` as well as `brigade --log-format json serve`.
  app.fallthrough();
  app.add_option("--log-level", log_level, "Least severe log level written")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-format", log_format, "text: one readable line per entry; json: one JSON object per line")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));

  serve =
      app.add_subcommand("serve", "Run Brigade: REST API, Socket.IO and the web apps on one port, orders in SQLite");
  add_serve_options(*serve);

  token = app.add_subcommand(
      "token", "Print a token: a new kitchen or table display's (registered in the database), or --staff's");
  add_config_option(*token, config_file);
  token->add_option("--db", token_options.db_path, "SQLite database file")->capture_default_str();
  add_store_option(*token, token_options.store_url);
  add_secret_options(*token, token_options.security);
  token->add_option("--role", token_options.role, "kitchen_display or table_display")->capture_default_str();
  token->add_option("--table", token_options.table, "The table of a table_display");
  token->add_option("--name", token_options.name, "The screen's name, e.g. \"Pass\" (default: from its role)");
  token->add_option("--restaurant", token_options.restaurant,
                    "Restaurant id (default: the database's only restaurant)");
  token->add_option("--staff", token_options.staff, "A staff username: issue that person's token instead");
  token->add_flag("--json", token_options.json, "Print {token, expiresAt, id, name, role, …} as JSON");

  backup = app.add_subcommand(
      "backup", "Copy the database into a checked backup file while the server keeps running (docs/operations.md)");
  add_config_option(*backup, config_file);
  backup->add_option("--db", backup_options.db_path, "SQLite database file to back up")->capture_default_str();
  backup->add_option("--to", backup_options.destination, "The backup file to write")->required();
  backup->add_flag("--force", backup_options.force, "Replace --to if it exists");
  restaurant = app.add_subcommand("restaurant", "Create a restaurant with its first manager, or list them");
  restaurant->require_subcommand(1);
  restaurant_create = restaurant->add_subcommand(
      "create", "Create a restaurant and its first manager (a one-time password unless --password-stdin)");
  // Required options are checked by the command, so that a missing one is
  // one line and exit code 2 like every other refusal.
  restaurant_create->add_option("--db", restaurant_options.db_path, "SQLite database file")->capture_default_str();
  add_store_option(*restaurant_create, restaurant_options.store_url);
  restaurant_create->add_option("--name", restaurant_options.name, "The restaurant's name (required)");
  restaurant_create->add_option("--timezone", restaurant_options.timezone,
                                "IANA time zone, e.g. Europe/Paris (required): order numbers restart at its midnight");
  restaurant_create->add_option("--currency", restaurant_options.currency, "ISO 4217 code, e.g. EUR (required)");
  restaurant_create->add_option("--manager", restaurant_options.manager, "The first manager's username (required)");
  restaurant_create->add_option("--manager-name", restaurant_options.manager_name,
                                "The manager's name as staff see it (default: the username)");
  restaurant_create->add_flag("--password-stdin", restaurant_options.password_stdin,
                              "Read the manager's password from the first line of standard input instead of "
                              "printing a one-time password");
  restaurant_create->add_flag("--json", restaurant_options.json, "Print {restaurant, manager, oneTimePassword} as JSON");
  restaurant_list = restaurant->add_subcommand("list", "List the restaurants: id, name, time zone, currency, staff");
  restaurant_list->add_option("--db", restaurant_options.db_path, "SQLite database file")->capture_default_str();
  add_store_option(*restaurant_list, restaurant_options.store_url);
  restaurant_list->add_flag("--json", restaurant_options.json, "Print a JSON array");

  conformance = app.add_subcommand("conformance",
                                   "Server set up like the reference servers of the official protocol test suites");
  add_network_options(*conformance, conformance_options);

  auto* config = app.add_subcommand("config", "Inspect the configuration");
  config->require_subcommand(1);
  config_print = config->add_subcommand(
      "print", "Print the effective configuration of `serve` (same options) as TOML, secrets masked");
  add_serve_options(*config_print);

  mention_environment(configurable_options({&app, serve}));
}

void command_line::add_serve_options(CLI::App& command) {
  // A server answers its own pages' origin; others only when configured.
  serve_options.network.cors_origins.clear();
  add_config_option(command, config_file);
  add_network_options(command, serve_options.network);
  command.add_option("--db", serve_options.db_path, "SQLite database file (created on first start)")
      ->capture_default_str();
  add_store_option(command, serve_options.store_url);
  command.add_flag("--demo", serve_options.demo,
                   "Load the demo restaurant (tables, stations, menu, staff waiter1/chef1/manager1) into an empty "
                   "database");
  command.add_option("--db-threads", serve_options.db_threads, "Threads running database work")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  command
      .add_option("--login-threads", serve_options.login_threads,
                  "Threads verifying passwords, apart from the database threads (0: half the cores, at least 1)")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  command
      .add_option("--web-root", serve_options.web_root,
                  "Directory of the built web apps (index.html, assets/), served on /; relative to the working "
                  "directory")
      ->capture_default_str();
  command
      .add_option("--adapter", serve_options.adapter_url,
                  "Cluster bus, redis://host[:port] or unix:///path/redis.sock: broadcasts also reach the other "
                  "nodes and Node.js Socket.IO servers using @socket.io/redis-adapter (empty: one node)")
      ->capture_default_str()
      ->check([](const std::string& url) { return app::adapter_url_problem(url); });
  add_secret_options(command, serve_options.security);
  command.add_option("--mode", mode, "production: refuse to start without a JWT secret; dev: make a throwaway one")
      ->capture_default_str()
      ->check(CLI::IsMember({"production", "dev"}));
  command.add_option("--http-rate", serve_options.security.http_rate, "REST requests per second per IP (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--http-burst", serve_options.security.http_burst, "REST requests at once per IP")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--login-queue", serve_options.security.login_queue,
                  "Logins waiting for or running a password check at once (over: 429)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{10'000}));
  command
      .add_option("--max-logins-per-ip", serve_options.security.max_logins_per_ip,
                  "Logins in flight at once from one IP address (over: 429)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{10'000}));
  command
      .add_option("--max-rooms-per-socket", serve_options.security.max_rooms_per_socket,
                  "Rooms one connection may be in at once")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100'000}));
  command
      .add_option("--operator-token", serve_options.security.operator_token,
                  "Secret of the server's operator, at least 32 characters: GET /metrics then needs it as a "
                  "bearer token, and the /admin feed's server-wide view takes it as auth {operatorToken} "
                  "(unset: /metrics is open, for a firewall to guard, and no one sees server-wide figures live)")
      ->check([](const std::string& value) -> std::string {
        return value.size() >= 32 ? "" : "the operator token needs at least 32 characters";
      });
  add_duration_option(command, "--shutdown-timeout", serve_options.shutdown_timeout,
                      "On SIGTERM, the most to wait for in-flight requests and queued messages");
  add_duration_option(command, "--recovery-window", serve_options.recovery_window,
                      "How long a disconnected screen can recover its session and missed events (0: off)",
                      /*zero_means_off=*/true);
  command
      .add_option("--stats-interval-ms", stats_interval_ms,
                  "Least time between two kitchen:stats_update events of a restaurant")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{60'000}));
  command
      .add_option("--auto-fire-check-ms", auto_fire_check_ms,
                  "How often the server looks for held courses due to auto-fire (autoFireMinutes) and lines due to their turn (fireByPrepTime)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{50}, int64_t{600'000}));
}

CLI::App* command_line::running() const {
  for (auto* command : {serve, token, backup, restaurant_create, restaurant_list, conformance, config_print}) {
    if (command->parsed()) return command;
  }
  return nullptr;
}

void command_line::configure(const environment_lookup& environment) {
  CLI::App* command = running();
  std::set<std::string, std::less<>> known_keys;
  for (auto* option : configurable_options({&app, serve})) known_keys.insert(config_key(*option));

  // Only settings a server has come from the environment or the file: a
  // BRIGADE_NAME meant for something else never renames a screen.
  layered_.clear();
  for (auto* option : configurable_options({&app, command})) {
    if (known_keys.contains(config_key(*option))) layered_.push_back(option);
  }
  if (config_file.empty()) {
    if (auto path = environment("BRIGADE_CONFIG")) config_file = *path;
  }
  const file_settings file = config_file.empty() ? file_settings{} : read_config_file(config_file);
  origins_ = apply_config_layers(layered_, file, config_file, known_keys, environment);

  serve_options.security.mode = mode == "dev" ? app::run_mode::dev : app::run_mode::production;
  serve_options.stats_interval = std::chrono::milliseconds(stats_interval_ms);
  serve_options.auto_fire_check = std::chrono::milliseconds(auto_fire_check_ms);
  // Browsers: the server's own pages always; other origins only as
  // configured, plus any page on this machine in dev mode.
  if (command == serve || command == config_print) {
    if (command->get_option("--cors-origin")->count() == 0 && serve_options.security.mode == app::run_mode::dev) {
      serve_options.network.cors_origins = {"http://localhost:*", "http://127.0.0.1:*"};
    }
  }
}

std::string command_line::effective_configuration() const {
  return render_configuration(layered_, origins_, config_file, {{"cors-origin", serve_options.network.cors_origins}});
}

}  // namespace brigade::cli

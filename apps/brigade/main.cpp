// brigade: the real-time order and kitchen server's command line.

#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include "app/conformance_app.hpp"
#include "app/server_app.hpp"
#include "app/token_command.hpp"
#include "common/log.hpp"
#include "kitchen/ports.hpp"

namespace {

// The options every server subcommand shares, with `options` holding the
// subcommand's defaults.
void add_network_options(CLI::App& command, brigade::app::network_options& options) {
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
                  "Open connections from one IP address (0: no limit)")
      ->capture_default_str();
  command.add_option("--tls-cert", options.tls_cert, "PEM certificate chain: serve HTTPS and WSS (with --tls-key)")
      ->check(CLI::ExistingFile);
  command.add_option("--tls-key", options.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
}

// A lifetime option: "12h", "30m", "7d" or seconds.
void add_duration_option(CLI::App& command, const std::string& name, std::chrono::seconds& target,
                         const std::string& description) {
  command
      .add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            const auto parsed = brigade::app::parse_duration(text);
            if (!parsed) throw CLI::ValidationError(name, "expected a duration such as 12h, 30m, 7d or 3600");
            target = *parsed;
          },
          description)
      ->default_str(std::to_string(target.count()) + "s");
}

// The signing options `serve` and `token` share.
void add_secret_options(CLI::App& command, brigade::app::security_options& options) {
  command.add_option("--jwt-secret", options.jwt_secret,
                     "HS256 key for tokens, at least 32 characters (default: $BRIGADE_JWT_SECRET)");
  add_duration_option(command, "--token-ttl", options.token_ttl, "Lifetime of a staff member's token");
  add_duration_option(command, "--device-token-ttl", options.device_token_ttl, "Lifetime of a screen's token");
}

// Each connection is a file descriptor: use all the process may have.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int run_serve(const CLI::App& serve, brigade::app::serve_options& options, int64_t stats_interval_ms) {
  // Browsers: the server's own pages always; other origins only as
  // configured, plus any page on this machine in dev mode.
  if (serve.count("--cors-origin") == 0) {
    options.network.cors_origins.clear();
    if (options.security.mode == brigade::app::run_mode::dev)
      options.network.cors_origins = {"http://localhost:*", "http://127.0.0.1:*"};
  }
  options.stats_interval = std::chrono::milliseconds(stats_interval_ms);
  return brigade::app::run_server(options);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Brigade: real-time order and kitchen server (Socket.IO v5 / Engine.IO v4)"};
  cli.require_subcommand(1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();

  brigade::app::serve_options serve_options;
  auto* serve =
      cli.add_subcommand("serve", "Run Brigade: REST API, Socket.IO and the web apps on one port, orders in SQLite");
  add_network_options(*serve, serve_options.network);
  serve->add_option("--db", serve_options.db_path, "SQLite database file (created on first start)")
      ->capture_default_str();
  serve->add_flag("--demo", serve_options.demo,
                  "Load the demo restaurant (tables, stations, menu, staff waiter1/chef1/manager1) "
                  "into an empty "
                  "database");
  serve->add_option("--db-threads", serve_options.db_threads, "Threads running database work")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));

  serve
      ->add_option("--web-root", serve_options.web_root,
                   "Directory of the built web apps (index.html, assets/), served on /; relative to the working "
                   "directory")
      ->capture_default_str();

  add_secret_options(*serve, serve_options.security);
  serve
      ->add_option("--mode", serve_options.security.mode,
                   "production: refuse to start without a JWT secret; dev: make a throwaway one")
      ->transform(CLI::CheckedTransformer(std::map<std::string, brigade::app::run_mode>{
          {"production", brigade::app::run_mode::production}, {"dev", brigade::app::run_mode::dev}}))
      ->default_str("production");
  serve->add_option("--http-rate", serve_options.security.http_rate, "REST requests per second per IP (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--http-burst", serve_options.security.http_burst, "REST requests at once per IP")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--max-rooms-per-socket", serve_options.security.max_rooms_per_socket,
                   "Rooms one connection may be in at once")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100'000}));

  int64_t stats_interval_ms = serve_options.stats_interval.count();
  serve
      ->add_option("--stats-interval-ms", stats_interval_ms,
                   "Least time between two kitchen:stats_update events of a restaurant")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{60'000}));

  brigade::app::token_options token_options;
  auto* token = cli.add_subcommand(
      "token", "Print a token: a new kitchen or table display's (registered in the database), or --staff's");
  token->add_option("--db", token_options.db_path, "SQLite database file")->capture_default_str();
  add_secret_options(*token, token_options.security);
  token->add_option("--role", token_options.role, "kitchen_display or table_display")->capture_default_str();
  token->add_option("--table", token_options.table, "The table of a table_display");
  token->add_option("--name", token_options.name, "The screen's name, e.g. \"Pass\" (default: from its role)");
  token->add_option("--restaurant", token_options.restaurant,
                    "Restaurant id (default: the database's only restaurant)");
  token->add_option("--staff", token_options.staff, "A staff username: issue that person's token instead");
  token->add_flag("--json", token_options.json, "Print {token, expiresAt, id, name, role, …} as JSON");

  brigade::app::network_options conformance_options = brigade::app::conformance_defaults();
  auto* conformance = cli.add_subcommand(
      "conformance", "Server set up like the reference servers of the official protocol test suites");
  add_network_options(*conformance, conformance_options);

  CLI11_PARSE(cli, argc, argv);
  brigade::setup_logging(log_level);
  raise_open_file_limit();

  // Errors at start-up (a database that cannot be opened, a missing secret,
  // TLS files that cannot work, a port in use) end the process with one
  // clear line.
  const std::string& db_path = *token ? token_options.db_path : serve_options.db_path;
  try {
    if (*serve) return run_serve(*serve, serve_options, stats_interval_ms);
    if (*token) return brigade::app::run_token_command(token_options);
    if (*conformance) return brigade::app::run_conformance(conformance_options);
  } catch (const brigade::kitchen::store_failure& failure) {
    spdlog::critical("database {}: {}", db_path, failure.what());
    return 1;
  } catch (const std::runtime_error& failure) {
    spdlog::critical("cannot start: {}", failure.what());
    return 1;
  }
  return 0;
}

// brigade: the real-time order and kitchen server's command line.

#include <CLI/CLI.hpp>

#include "app/conformance_app.hpp"
#include "app/server_app.hpp"
#include "common/log.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Brigade: real-time order and kitchen server (Socket.IO v5 / Engine.IO v4)"};
  cli.require_subcommand(1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();

  brigade::app::server_options serve_opts;
  auto* serve = cli.add_subcommand("serve", "Run Brigade");
  serve->add_option("--host", serve_opts.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", serve_opts.port, "Port (0 picks a free one)")->capture_default_str();
  serve->add_option("--threads", serve_opts.threads, "I/O threads (0: one per core)")->capture_default_str();
  serve->add_option("--cors-origin", serve_opts.cors_origins, "Allowed browser origin (repeatable; * for any)")
      ->capture_default_str();
  serve->add_option("--max-outbound-bytes", serve_opts.max_outbound_bytes,
                    "Unsent bytes per client before it is disconnected as a slow consumer")
      ->capture_default_str();

  brigade::app::conformance_options conformance;
  int ping_interval = static_cast<int>(conformance.ping_interval.count());
  int ping_timeout = static_cast<int>(conformance.ping_timeout.count());
  int connect_timeout = static_cast<int>(conformance.connect_timeout.count());
  auto* conf = cli.add_subcommand(
      "conformance", "Server set up like the reference servers of the official protocol test suites");
  conf->add_option("--host", conformance.host, "Address to listen on")->capture_default_str();
  conf->add_option("--port", conformance.port, "Port (0 picks a free one)")->capture_default_str();
  conf->add_option("--ping-interval", ping_interval, "Engine.IO pingInterval, ms")->capture_default_str();
  conf->add_option("--ping-timeout", ping_timeout, "Engine.IO pingTimeout, ms")->capture_default_str();
  conf->add_option("--connect-timeout", connect_timeout, "Socket.IO connectTimeout, ms")->capture_default_str();
  conf->add_option("--max-payload", conformance.max_payload, "maxHttpBufferSize, bytes")->capture_default_str();
  conf->add_option("--max-outbound-bytes", conformance.max_outbound_bytes,
                   "Unsent bytes per client before it is disconnected as a slow consumer")
      ->capture_default_str();
  conf->add_option("--threads", conformance.threads, "I/O threads (0: one per core)")->capture_default_str();

  CLI11_PARSE(cli, argc, argv);
  brigade::setup_logging(log_level);

  if (*serve) return brigade::app::run_server(serve_opts);
  if (*conf) {
    conformance.ping_interval = std::chrono::milliseconds(ping_interval);
    conformance.ping_timeout = std::chrono::milliseconds(ping_timeout);
    conformance.connect_timeout = std::chrono::milliseconds(connect_timeout);
    return brigade::app::run_conformance(conformance);
  }
  return 0;
}

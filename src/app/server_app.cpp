#include "app/server_app.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "api/kitchen_api.hpp"
#include "app/course_auto_fire.hpp"
#include "app/lifecycle.hpp"
#include "app/process_metrics.hpp"
#include "app/readiness.hpp"
#include "app/thread_priority.hpp"
#include "auth/token_service.hpp"
#include "common/log.hpp"
#include "auth/secret_compare.hpp"
#include "cluster/redis_adapter.hpp"
#include "common/metrics/catalog.hpp"
#include "http/connection.hpp"
#include "http/exchange.hpp"
#include "http/io_pool.hpp"
#include "http/listener.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "kitchen/account_service.hpp"
#include "kitchen/announcement_sequencer.hpp"
#include "kitchen/kitchen_service.hpp"
#include "realtime/access_enforcer.hpp"
#include "realtime/admin_feed.hpp"
#include "realtime/event_broadcaster.hpp"
#include "realtime/recovery_service.hpp"
#include "realtime/room_gateway.hpp"
#include "realtime/socket_service.hpp"
#include "realtime/stats_throttle.hpp"
#include "socketio/server.hpp"
#include "store/demo_data.hpp"
#include "store/open_store.hpp"

namespace brigade::app {
namespace {

void serve_health(http::router& routes, const realtime::socket_service& sockets) {
  routes.add_probe("/healthz", [&sockets](const http::exchange_ptr& ex) {
    http::response res{http::status::ok, ex->req().version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = nlohmann::json{{"status", "ok"}, {"clients", sockets.clients_count()}}.dump();
    res.prepare_payload();
    ex->respond(std::move(res));
  });
}

// Prometheus scrapes here: with an operator token, only with it as a bearer
// token; without one, openly, for a firewall or the proxy to guard, as is
// usual for /metrics (docs/security.md).
void serve_metrics(http::router& routes, std::string operator_token) {
  routes.add_probe("/metrics", [operator_token = std::move(operator_token)](const http::exchange_ptr& ex) {
    if (!operator_token.empty()) {
      const std::string_view header = ex->req()[http::field::authorization];
      constexpr std::string_view kBearer = "Bearer ";
      const bool granted = header.substr(0, kBearer.size()) == kBearer &&
                           auth::same_secret(operator_token, header.substr(kBearer.size()));
      if (!granted) {
        http::response res{http::status::unauthorized, ex->req().version()};
        res.set(http::field::content_type, "application/json");
        res.set(http::field::www_authenticate, R"(Bearer realm="brigade-metrics")");
        res.body() = R"({"error":{"code":"token_invalid","message":"/metrics needs the operator token"}})";
        res.prepare_payload();
        ex->respond(std::move(res));
        return;
      }
    }
    http::response res{http::status::ok, ex->req().version()};
    res.set(http::field::content_type, metrics::kContentType);
    res.set(http::field::cache_control, "no-store");
    res.body() = metrics::default_registry().render_text();
    res.prepare_payload();
    ex->respond(std::move(res));
  });
}

// What only the composition root sees: the default namespace's rooms, the
// process and the build.
void register_server_metrics(socketio::io_namespace& root) {
  auto& r = metrics::default_registry();
  (void)metrics::brigade();  // every layer's metrics appear from the first scrape, at zero
  r.add_callback(
      "brigade_rooms",
      "Rooms of the default namespace with at least one member, counted once per event loop that has "
      "members in it.",
      metrics::metric_type::gauge, [&root] {
        return std::vector<metrics::sample>{{"", {}, static_cast<double>(root.published_room_totals().rooms)}};
      });
  r.add_callback(
      "brigade_room_members", "Room memberships in the default namespace (a socket in 3 rooms counts 3).",
      metrics::metric_type::gauge, [&root] {
        return std::vector<metrics::sample>{{"", {}, static_cast<double>(root.published_room_totals().members)}};
      });
  register_process_metrics(r);
}

// The listener's open connections against their cap, read from its
// connection limit when scraped.
void register_connection_metrics(std::shared_ptr<const http::connection_limit> connections) {
  auto& r = metrics::default_registry();
  r.add_callback("brigade_open_connections",
                 "Open TCP connections counted against --max-connections, by whether they proved who they are "
                 "(a valid token, an accepted Socket.IO handshake); unauthenticated ones are shed first at the cap.",
                 metrics::metric_type::gauge, [connections] {
                   const auto open = connections->open();
                   return std::vector<metrics::sample>{
                       {"", {{"state", "authenticated"}}, static_cast<double>(open.authenticated)},
                       {"", {{"state", "unauthenticated"}}, static_cast<double>(open.unauthenticated)}};
                 });
  r.add_callback("brigade_max_connections",
                 "The cap on open connections (--max-connections, or derived from the descriptor limit); probes "
                 "may use a small headroom over it.",
                 metrics::metric_type::gauge, [connections] {
                   return std::vector<metrics::sample>{
                       {"", {}, static_cast<double>(connections->limits().max_total)}};
                 });
}

// The store's group commit: durable commits and the commands they carried.
void register_cluster_metrics(const cluster::redis_adapter& bus) {
  auto& r = metrics::default_registry();
  const auto add = [&r](const char* name, const char* help, metrics::metric_type type, std::function<double()> value) {
    r.add_callback(name, help, type, [value = std::move(value)] { return std::vector<metrics::sample>{{"", {}, value()}}; });
  };
  add("brigade_cluster_bus_up", "1 while both Redis connections of the cluster bus are up and subscribed, else 0.",
      metrics::metric_type::gauge, [&bus] { return bus.connected() ? 1.0 : 0.0; });
  add("brigade_cluster_servers",
      "Servers of the cluster, this one included: Brigade nodes and Node.js servers listening on the request channel.",
      metrics::metric_type::gauge, [&bus] { return static_cast<double>(bus.server_count()); });
  add("brigade_cluster_requests_answered_total", "Requests of other nodes this node answered (fetchSockets, allRooms, ...).",
      metrics::metric_type::counter, [&bus] { return static_cast<double>(bus.answered()); });
  add("brigade_cluster_published_total", "Broadcasts this node published on the cluster bus.",
      metrics::metric_type::counter, [&bus] { return static_cast<double>(bus.published()); });
  add("brigade_cluster_delivered_total", "Broadcasts of other nodes delivered to this node's sockets.",
      metrics::metric_type::counter, [&bus] { return static_cast<double>(bus.delivered()); });
  add("brigade_cluster_dropped_total",
      "Broadcasts not published because Redis was away, and messages received that were not broadcasts this node "
      "understands.",
      metrics::metric_type::counter, [&bus] { return static_cast<double>(bus.dropped() + bus.malformed()); });
}

void register_store_metrics(std::function<std::pair<uint64_t, uint64_t>()> commits) {
  auto& r = metrics::default_registry();
  r.add_callback("brigade_store_commits_total",
                 "Durable commits of the database (one fsync each); a commit carries one or more commands.",
                 metrics::metric_type::counter, [commits] {
                   return std::vector<metrics::sample>{{"", {}, static_cast<double>(commits().first)}};
                 });
  r.add_callback("brigade_store_transactions_total",
                 "Commands made durable: with group commit several share one commit, so this over "
                 "brigade_store_commits_total is the mean batch.",
                 metrics::metric_type::counter, [commits] {
                   return std::vector<metrics::sample>{{"", {}, static_cast<double>(commits().second)}};
                 });
}

// The web apps on "/": the router matches the longest prefix, so /api/,
// /socket.io/ and /healthz keep their own handlers.
void serve_web_apps(http::router& routes, const http::static_files& web) {
  if (web.has_index()) {
    spdlog::info("web apps from {}", web.root().string());
  } else {
    spdlog::warn(
        "no web apps in {} (no index.html): build them with `npm run build --workspace web` or pass --web-root; "
        "the API and Socket.IO work without them",
        web.root().string());
  }
  routes.add_prefix(
      "/", [&web](const http::exchange_ptr& ex) { web.handle(ex); }, "static");
}

// A database without a restaurant is a first run: /setup creates one
// (docs/operations.md, "Creating a restaurant"). The token lets a browser
// on another machine do it; from the server's own machine none is needed.
// Logged once, after the listener is bound so the address is the real one.
void announce_setup(const std::string& setup_token, const http::listener& listener, std::string_view host) {
  const std::string_view shown = host.empty() || host == "0.0.0.0" || host == "::" ? "localhost" : host;
  const bool v6 = shown.find(':') != std::string_view::npos;
  const std::string base =
      fmt::format("{}://{}{}{}:{}", listener.scheme(), v6 ? "[" : "", shown, v6 ? "]" : "", listener.port());
  spdlog::warn("no restaurant yet: open {}/setup to create one (on this machine no token is needed; "
               "from another, open {}/setup#token={} or run `brigade restaurant create`)",
               base, base, setup_token);
}

size_t login_thread_count(size_t configured) {
  if (configured > 0) return configured;
  return std::max<size_t>(1, std::thread::hardware_concurrency() / 2);
}

}  // namespace

/// Connections a node keeps to PostgreSQL: one per thread that may run
/// database work at once (commands, logins, session saves), so none is
/// opened, and forked by PostgreSQL, under load.
size_t postgres_connections(const serve_options& options) { return options.db_threads + 4; }

std::string adapter_url_problem(const std::string& url) {
  if (url.empty()) return {};
  const auto where = cluster::redis_endpoint::parse(url);
  return where ? std::string() : where.error().message;
}

std::string store_url_problem(const std::string& url) {
  if (url.empty() || store::is_postgres_url(url)) return {};
  return "--store takes a postgresql:// or postgres:// URL (the SQLite file is --db)";
}

std::string redact_store_url(const std::string& url) {
  std::string out = url;
  const auto start = out.find("://");
  if (start != std::string::npos) {
    const auto host = start + 3;
    const auto at = out.find('@', host);
    const auto path = out.find('/', host);
    const auto colon = out.find(':', host);
    if (at != std::string::npos && (path == std::string::npos || at < path) && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (auto key = out.find("password="); key != std::string::npos; key = out.find("password=", key + 1)) {
    const auto value = key + 9;
    const auto end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

int run_server(const serve_options& options) {
  // Secrets and certificates before anything else: a production server
  // without a secret, or with TLS files that cannot work, stops here.
  // Revoked tokens (deactivated staff, revoked screens): loaded from the
  // store below, kept current by the back office.
  auth::revocation_list revoked;
  auth::token_service tokens = make_token_service(options.security);
  tokens.check_revocations(revoked);
  auto tls = load_tls(options.network);
  auth::login_throttle login_failures;
  auth::login_admission login_places(
      {.capacity = options.security.login_queue, .per_address = options.security.max_logins_per_ip});
  // The store first: a database that cannot be opened stops the start-up
  // before anything listens.
  auto opened = options.store_url.empty() ? store::open_sqlite_server_store(options.db_path)
                                          : store::open_postgres_server_store(options.store_url, postgres_connections(options));
  auto& store = opened.kitchen;
  spdlog::info("database {}", options.store_url.empty() ? options.db_path : redact_store_url(options.store_url));
  if (options.demo) {
    if (store::load_demo_data(*store)) {
      spdlog::info("demo data loaded (staff waiter1, chef1, manager1)");
    } else {
      spdlog::info("database already holds a restaurant: demo data not loaded");
    }
  }
  kitchen::kitchen_service kitchen(*store);
  kitchen::back_office office(*store);
  revoked.load(office.revocations());
  kitchen::account_service accounts(*store);
  // Set-up stays open until a restaurant exists; the token is made only
  // when it is needed, and dies with the process.
  const std::string setup_token = accounts.has_restaurant() ? std::string() : auth::random_secret();

  const auto& net = options.network;
  http::io_pool pool(net.threads, to_write_coalescing(net));
  socketio::server io(pool, to_socketio_config(net));
  boost::asio::thread_pool db_workers(options.db_threads);
  auto off_the_loops = [&db_workers](std::function<void()> work) { boost::asio::post(db_workers, std::move(work)); };
  // Password checks on threads of their own: a login flood then waits for
  // them, not for the threads every command and store read needs. They run
  // at a lower priority, so a core busy hashing still serves commands first.
  boost::asio::thread_pool login_workers(login_thread_count(options.login_threads));
  auto hash_off_the_db = [&login_workers](std::function<void()> work) {
    boost::asio::post(login_workers, [work = std::move(work)] {
      lower_thread_priority_once(10);
      work();
    });
  };

  // Committed events reach the screens through the facade only; the
  // kitchen knows nothing of Socket.IO.
  realtime::restaurant_activity activity;  // each restaurant's figures, for its managers
  realtime::socket_service sockets(io, activity);
  realtime::stats_throttle stats_updates(pool.at(0).context().get_executor(), options.stats_interval, sockets);
  realtime::event_broadcaster broadcaster(sockets, stats_updates);
  std::vector<kitchen::event_subscriber*> announced_to{&broadcaster};
  realtime::room_gateway rooms(kitchen, tokens, off_the_loops,
                               realtime::gateway_limits{options.security.max_rooms_per_socket});
  rooms.report_to(activity);
  rooms.attach(io.of("/"));
  // Connection state recovery on "/": sessions and missed events from the
  // database, so a screen recovers across drops, restarts and crashes.
  realtime::recovery_service recovery(
      kitchen, *opened.recovery_sessions, off_the_loops,
      realtime::recovery_settings{.window = options.recovery_window,
                                  .store_shared_with_other_nodes = opened.other_nodes_commits != nullptr});
  if (options.recovery_window.count() > 0) {
    recovery.recover_after_restart();
    announced_to.push_back(&recovery);
    io.of("/").enable_recovery(recovery);
    rooms.keep_sessions_in(recovery);
  }
  // Every event of the outbox is announced here once, in order per
  // restaurant, whichever node of a cluster committed it (docs/cluster.md);
  // alone, the node's commits only pass through.
  kitchen::announcement_sequencer sequencer(*store, std::move(announced_to));
  sequencer.start_from(kitchen.outbox_heads());
  kitchen.subscribe(sequencer);
  // Declared after the sequencer: stopped (joined) before it goes.
  std::unique_ptr<kitchen::outbox_feed> other_nodes_commits = std::move(opened.other_nodes_commits);
  if (other_nodes_commits) {
    other_nodes_commits->start(
        [&sequencer](kitchen::restaurant_id r, uint64_t last) { sequencer.committed_elsewhere(r, last); },
        [&sequencer] { sequencer.catch_up(); },
        [](std::string_view what) { spdlog::warn("store: {}", what); });
  }
  // The cluster bus: broadcasts on "/" also reach the screens on the other
  // nodes (Brigade's, or Node.js servers with @socket.io/redis-adapter), and
  // theirs reach this node's. Its connections live on loop 0.
  std::unique_ptr<cluster::redis_adapter> bus;
  if (!options.adapter_url.empty()) {
    auto where = cluster::redis_endpoint::parse(options.adapter_url);
    if (!where) throw std::runtime_error(where.error().message);
    bus = std::make_unique<cluster::redis_adapter>(pool.at(0).context(), *where);
    bus->attach(io.of("/"));
    // The other Brigade nodes' events come from the store, in order.
    if (other_nodes_commits) bus->share_store_with_brigade_nodes();
    bus->start();
    spdlog::info("cluster bus: Redis at {} (node {})", where->to_string(), bus->uid());
  }
  // The managers' live dashboard: samples the metrics once a second on loop 0.
  realtime::admin_feed admin(io.of("/admin"), kitchen, tokens, activity, options.security.operator_token,
                             off_the_loops, pool.at(0).context().get_executor(),
                             [] { return resident_memory_bytes().value_or(0); });
  admin.attach();
  admin.start();
  // Held courses of restaurants that auto-fire, fired when due.
  course_auto_fire auto_fire(kitchen, off_the_loops, pool.at(0).context().get_executor(), options.auto_fire_check);
  auto_fire.start();
  // A deactivated member's or a revoked screen's connections close at once.
  realtime::access_enforcer enforcer(revoked, {&io.of("/"), &io.of("/admin")});
  office.notify(enforcer);

  // The API answers the same browser origins as the Socket.IO endpoint.
  api::kitchen_api rest(kitchen, tokens, api::login_services{login_failures, login_places, hash_off_the_db},
                        off_the_loops, http::cors_policy(net.cors_origins),
                        api::kitchen_api::request_limits{options.security.http_rate, options.security.http_burst});
  rest.add_account_routes(accounts, setup_token);

  const http::static_files web(options.web_root);
  http::router routes;
  io.attach(routes, "/socket.io/");
  rest.serve_back_office(office);
  rest.attach(routes, "/api/");
  serve_health(routes, sockets);
  // Filled in below: the readiness check reads it only once requests flow.
  std::shared_ptr<http::listener> listener;
  const readiness_checks ready{
      .accepting = [&listener] { return listener && listener->accepting(); },
      .query_store = [&store] { store->read([](kitchen::kitchen_reader& reader) { (void)reader.find_restaurant(0); }); },
      .blocking = off_the_loops,
      .cluster_bus_up = bus ? std::function<bool()>([&bus] { return bus->connected(); }) : std::function<bool()>()};
  serve_readiness(routes, ready);
  if (bus) register_cluster_metrics(*bus);
  serve_metrics(routes, options.security.operator_token);
  register_server_metrics(io.of("/"));
  register_store_metrics(opened.commits);
  serve_web_apps(routes, web);

  listener = make_listener(pool, routes, net, std::move(tls));
  register_connection_metrics(listener->connections());
  if (!setup_token.empty()) announce_setup(setup_token, *listener, net.host);
  // SIGTERM: stop accepting (/readyz turns 503); close every client so it
  // reconnects elsewhere (a WebSocket gets its close after what is queued, a
  // long poll its close packet); wait for in-flight requests to be
  // answered; then stop.
  shutdown_plan plan;
  plan.close_clients = [&] {
    admin.stop();
    auto_fire.stop();
    if (bus) bus->stop();
    if (other_nodes_commits) other_nodes_commits->stop();
    recovery.stop_saving();
    io.close();
    pool.drain_connections();
  };
  plan.drained = [&] {
    return http::exchange::unanswered() == 0 && io.clients_count() == 0 && http::open_http_connections() == 0;
  };
  plan.timeout = options.shutdown_timeout;
  const int code = run_until_signal(pool, *listener, "brigade", net.host, plan);
  // Requests still in the database after a timed-out drain finish (their
  // commits stay durable); their answers have nowhere to go. The store
  // closes when it goes out of scope, after the last of them.
  // Database work may still hand a login to the hashing pool: join it first.
  db_workers.join();
  login_workers.join();
  log_event(spdlog::level::info, "shutdown_complete", {});
  return code;
}

}  // namespace brigade::app

// Concurrency stress test of `brigade serve`: hundreds of socket.io-client
// connections churn (join rooms, flood, send garbage, vanish before, during
// and right after their acks) while orders go through every kitchen state
// over REST and a few observers record every event. Passes only if the server
// survives, stays ready, reports no sanitizer error, exits 0 on SIGTERM,
// every observer got exactly the events docs/events.md routes to it, and no
// session outlives its client.
//
//   node tests/stress/churn.mjs [--seconds N | --minutes N] [--seed S]
//        [--clients N] [--raw-clients N] [--order-workers N]
//
// BRIGADE_BIN picks the binary (default build/apps/brigade/brigade); other
// BRIGADE_* variables (BRIGADE_THREADS=2, ...) reach the server as its
// configuration. See tests/stress/README.md.

import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parseArgs } from "node:util";

import { apiClient, tempDir } from "../integration/support/api.mjs";
import { orderableAsIs } from "../integration/support/menu.mjs";
import { loadRoutes } from "../integration/support/rooms.mjs";
import { brigadeBinary, startKitchenServer } from "../integration/support/server.mjs";
import { churnWorker } from "./lib/churners.mjs";
import { demoIdentities } from "./lib/identities.mjs";
import { malformedWorker } from "./lib/malformed.mjs";
import {
  OrderWatchers,
  openObserver,
  readOutbox,
  verifyObservers,
  verifySessionsClosed,
  verifyStats,
} from "./lib/observers.mjs";
import { orderWorker } from "./lib/orders.mjs";
import { newSeed, Random } from "./lib/random.mjs";
import { watchServer } from "./lib/server-watch.mjs";

const options = parseOptions(process.argv.slice(2));

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string" },
      minutes: { type: "string" },
      seed: { type: "string" },
      clients: { type: "string", default: "200" },
      "raw-clients": { type: "string", default: "12" },
      "order-workers": { type: "string", default: "6" },
    },
  });
  const number = (name, text) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a number, got "${text}"`);
    return n;
  };
  let seconds = 60;
  if (values.seconds !== undefined) seconds = number("seconds", values.seconds);
  if (values.minutes !== undefined) seconds = 60 * number("minutes", values.minutes);
  return {
    seconds,
    seed: values.seed === undefined ? newSeed() : number("seed", values.seed),
    clients: number("clients", values.clients),
    rawClients: number("raw-clients", values["raw-clients"]),
    orderWorkers: Math.max(1, number("order-workers", values["order-workers"])),
  };
}

/**
 * The server's flags. The churn comes from one address, so its per-address
 * limits are lifted. A short heartbeat lets sessions whose clients vanished
 * (abandoned long-polls) time out soon after the churn, for the leak check.
 */
const heartbeatMs = { interval: 5000, timeout: 5000 };
/** The operator's view of the admin feed counts every Engine.IO session of the server. */
const operatorToken = "stress-operator-token-0123456789abcdef";
const serverArgs = [
  "--handshake-rate", "0", "--http-rate", "0", "--operator-token", operatorToken,
  "--ping-interval", String(heartbeatMs.interval), "--ping-timeout", String(heartbeatMs.timeout),
];

/** Events one flood sends: the burst, then more refusals than the server tolerates. */
const floodSize =
  Number(process.env.BRIGADE_EVENT_BURST ?? 50) + Number(process.env.BRIGADE_MAX_REFUSED_EVENTS ?? 100) + 60;

const stats = {
  opened: 0,
  closed: 0,
  joins: 0,
  leaves: 0,
  abortedJoins: 0,
  abortedLeaves: 0,
  floods: 0,
  floodsCut: 0,
  malformed: 0,
  rawConnections: 0,
  orders: 0,
  restCalls: 0,
  eventsVerified: 0,
  sessionsLeft: 0,
  sessionsDrainedIn: undefined,
};

test(`stress: churn for ${options.seconds} s, seed ${options.seed}`, { timeout: (options.seconds + 300) * 1000 }, async () => {
  const started = performance.now();
  const binary = brigadeBinary();
  const serverEnv = Object.entries(process.env).filter(([k]) => k.startsWith("BRIGADE_") && k !== "BRIGADE_BIN");
  console.log(
    `stress: seed ${options.seed}, ${options.seconds} s of churn, ${options.clients} clients, ` +
      `binary ${binary}${serverEnv.length ? `, ${serverEnv.map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`,
  );

  const dir = tempDir("brigade-stress-");
  // scripts/stress.sh --slow-disk-ms: the slow fsync for the server alone.
  const preload = process.env.STRESS_SERVER_PRELOAD;
  if (preload) console.log(`stress: every fsync of the server waits ${process.env.STRESS_SLOW_FSYNC_US} µs first`);
  const server = await startKitchenServer({
    db: path.join(dir, "stress.db"),
    extraArgs: serverArgs,
    env: preload ? { LD_PRELOAD: preload } : {},
  });
  // Kept on failure: the whole stderr, where the tail in memory may not reach.
  const logFile = path.join(os.tmpdir(), `brigade-stress-${options.seed}-${process.pid}.log`);
  const watch = watchServer(server, logFile);
  const failures = new Failures();

  const run = new Run(server.url, new Random(options.seed), failures);
  try {
    // A crash ends the run at once: nothing after it would mean anything.
    await Promise.race([run.all(), watch.died]);
  } catch (err) {
    if (watch.exit() === null) failures.add(err.message);
    else failures.crashed(`the server died during the churn (${watch.exit()}), ${run.elapsed()} s into it`);
  }
  run.stop();
  if (watch.exit() !== null && failures.crash === undefined) failures.crashed(`the server died (${watch.exit()})`);

  failures.addAll(await shutDown(server, watch));
  stats.eventsVerified = run.verified;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(summary(failures.count === 0, seconds));
  if (failures.count === 0) {
    rmSync(logFile, { force: true });
    return;
  }
  console.log(failureReport(failures, watch, logFile));
  // scripts/stress.sh prints these again as its last lines, where a CI log's tail shows them.
  if (process.env.STRESS_FAILURES_FILE) writeFileSync(process.env.STRESS_FAILURES_FILE, `${failures.lines().slice(0, 8).join("\n")}\n`);
  // Clients of a dead server may still be timing out: do not wait for them.
  setTimeout(() => process.exit(1), 2000).unref();
  assert.fail(`${failures.count} failure(s); seed ${options.seed}`);
});

/**
 * Collects what went wrong (the first 30 in full). A crash comes first: the
 * clients' failures of the second before it are its echo, only counted.
 */
class Failures {
  constructor() {
    this.count = 0;
    this.list = [];
    this.crash = undefined;
    this.echoes = 0;
  }

  add(message) {
    this.count += 1;
    this.list.push({ message, at: performance.now() });
  }

  addAll(messages) {
    messages.forEach((m) => this.add(m));
  }

  crashed(message) {
    this.count += 1;
    this.crash = message;
    const before = performance.now() - 1000;
    const earlier = this.list.filter((f) => f.at < before);
    this.echoes = this.list.length - earlier.length;
    this.count -= this.echoes;
    this.list = earlier;
  }

  lines() {
    const lines = this.crash ? [`  - ${this.crash}`] : [];
    lines.push(...this.list.slice(0, 30).map((f) => `  - ${f.message}`));
    if (this.list.length > 30) lines.push(`  … and ${this.list.length - 30} more`);
    if (this.echoes > 0) lines.push(`  (and ${this.echoes} client failure(s) in the second before the crash: its echo)`);
    return lines;
  }
}

/** The churn itself: set-up, the workers until the deadline, then the observers' check. */
class Run {
  constructor(url, rng, failures) {
    this.url = url;
    this.rng = rng;
    this.failures = failures;
    this.stopped = false;
    this.deadline = 0;
    this.verified = 0;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.progress);
  }

  /** Seconds of churn so far. */
  elapsed() {
    return (options.seconds - Math.max(0, (this.deadline - performance.now()) / 1000)).toFixed(1);
  }

  /** Failures seen by workers; none once the run is over (a dying server makes everything fail). */
  fail = (message) => {
    if (!this.stopped) this.failures.add(message);
  };

  done = () => this.stopped || performance.now() >= this.deadline;

  async all() {
    const ctx = await this.setUp();
    this.deadline = performance.now() + options.seconds * 1000;
    this.progress = setInterval(() => this.reportProgress(), 10_000);
    const workers = [
      ...spawn(options.clients, () => churnWorker(ctx, this.rng.fork())),
      ...spawn(options.rawClients, () => malformedWorker(ctx, this.rng.fork())),
      ...spawn(options.orderWorkers, () => orderWorker(ctx, this.rng.fork())),
    ];
    await Promise.all(workers);
    clearInterval(this.progress);
    await this.verify(ctx, performance.now());
  }

  /** One line every 10 s, with the server's count of connected clients (GET /healthz). */
  async reportProgress() {
    const health = await fetch(`${this.url}/healthz`).then((r) => r.json()).catch(() => ({}));
    console.log(progressLine((this.deadline - performance.now()) / 1000, health.clients));
  }

  /** Reference data, identities and the observers, in their rooms before the first order. */
  async setUp() {
    const manager = apiClient(this.url, "manager1");
    const get = async (p) => (await manager("GET", p)).body;
    const tableIds = (await get("/api/tables")).tables.map((t) => t.tableId);
    const menuItemIds = (await get("/api/menu")).menu.filter(orderableAsIs).map((m) => m.menuItemId);
    const stationIds = (await get("/api/stations")).stations.map((s) => s.stationId);
    const identities = await demoIdentities(this.url, tableIds);
    const token = (label) => identities.find((i) => i.label === label).token;
    const [tableA, tableB] = [tableIds[2], tableIds[3]];

    const observers = [
      await this.observer("kitchen (chef1, websocket)", token("chef1"), ["websocket"], ["kitchen"]),
      await this.observer("kitchen (display, polling)", token("kitchen-display"), ["polling"], ["kitchen"]),
      await this.observer("waiters (waiter1, polling+upgrade)", token("waiter1"), ["polling", "websocket"], ["waiters"]),
      await this.observer(`table:${tableA} (its display)`, token(`table-display-${tableA}`), ["websocket"], [`table:${tableA}`]),
      await this.observer("manager1 in three rooms", token("manager1"), ["websocket"], ["kitchen", "waiters", `table:${tableB}`]),
    ];
    // The operator's admin feed (one sample a second) counts the server's sessions.
    const admin = await openObserver(this.url, "admin feed (operator)", null, ["websocket"], "/admin", { operatorToken });
    const orderWatchers = new OrderWatchers(this.url, token("waiter1"));
    this.outboxStart = (await readOutbox(manager)).at(-1)?.sequence ?? 0;

    return {
      url: this.url,
      identities,
      tableIds,
      menuItemIds,
      stationIds,
      floodSize,
      orders: [],
      observers,
      admin,
      orderWatchers,
      // A third of the orders get an observer in their order:{id} room.
      watchOrder: (order) => (order.orderId % 3 === 0 ? orderWatchers.watch(order) : undefined),
      api: {
        waiter: apiClient(this.url, "waiter1"),
        chef: apiClient(this.url, "chef1"),
        manager,
        kitchenDisplay: apiClient(this.url, token("kitchen-display")),
      },
      stats,
      fail: this.fail,
      done: this.done,
    };
  }

  async observer(label, token, transports, rooms) {
    const observer = await openObserver(this.url, label, token, transports);
    for (const room of rooms) await observer.enter(room);
    return observer;
  }

  /**
   * Every observer got exactly its routed events, the kitchen's the final
   * stats, and only the observers' sessions are left on the server.
   */
  async verify(ctx, churnEnded) {
    const observers = [...ctx.observers, ...ctx.orderWatchers.observers];
    const sessionTimeoutMs = heartbeatMs.interval + heartbeatMs.timeout + 10_000;
    const sessions = await verifySessionsClosed(ctx.admin, observers.length + 1, churnEnded, sessionTimeoutMs);
    this.failures.addAll(sessions.failures);
    stats.sessionsLeft = observers.length + 1;
    stats.sessionsDrainedIn = sessions.seconds;
    const outbox = await readOutbox(ctx.api.manager, this.outboxStart);
    const { verified, failures } = await verifyObservers(observers, outbox, loadRoutes());
    this.verified = verified;
    this.failures.addAll(failures);
    const kitchenStats = (await ctx.api.chef("GET", "/api/kitchen/stats")).body;
    this.failures.addAll(await verifyStats(observers, kitchenStats));
    for (const o of [...observers, ctx.admin].filter((o) => o.disconnects.length > 0)) {
      this.failures.add(`observer ${o.label} was disconnected during the run: ${o.disconnects.join(", ")}`);
    }
  }
}

function spawn(n, start) {
  return Array.from({ length: n }, start);
}

/**
 * The end: the server must still be alive and ready, then exit 0 on SIGTERM
 * (support/server.mjs's stop() checks that), with no sanitizer report in its
 * stderr. Returns the failures.
 */
async function shutDown(server, watch) {
  const failures = [];
  if (watch.exit() === null) {
    const ready = await fetch(`${server.url}/readyz`).catch((err) => ({ status: err.message }));
    if (ready.status !== 200) failures.push(`GET /readyz after the churn → ${ready.status}`);
    watch.stopping();
    try {
      await server.stop();
    } catch {
      failures.push(`the server did not exit cleanly on SIGTERM (${watch.exit()})`);
    }
  } else {
    await server.stop().catch(() => {}); // marks it stopped; the death is reported already
  }
  await watch.close(); // the end of a report may still be in the pipe
  const reports = watch.reports().map((line) => (line.length > 240 ? `${line.slice(0, 240)}…` : line));
  if (reports.length > 0) failures.push(`sanitizer report in the server's stderr:\n      ${reports.join("\n      ")}`);
  return failures;
}

function progressLine(secondsLeft, clients) {
  return (
    `  … ${Math.max(0, Math.round(secondsLeft))} s left: connections ${stats.opened} opened / ${stats.closed} closed ` +
    `(server: ${clients ?? "?"} clients now), joins ${stats.joins}, aborted ${stats.abortedJoins}, ` +
    `floods ${stats.floods}, malformed ${stats.malformed}, orders ${stats.orders}`
  );
}

function summary(passed, seconds) {
  return (
    `stress ${passed ? "PASS" : "FAIL"} (seed ${options.seed}, ${options.seconds} s churn, ${seconds} s in all): ` +
    `cycles ${stats.opened} (connections opened ${stats.opened}, closed ${stats.closed}), ` +
    `joins ${stats.joins} (+${stats.leaves} leaves), aborted joins ${stats.abortedJoins} (+${stats.abortedLeaves} leaves), ` +
    `floods ${stats.floods} (${stats.floodsCut} cut by the server), ` +
    `malformed packets ${stats.malformed} on ${stats.rawConnections} raw connections, ` +
    `orders ${stats.orders} (${stats.restCalls} REST calls), events verified ${stats.eventsVerified}, ` +
    sessionsSummary()
  );
}

function sessionsSummary() {
  if (stats.sessionsLeft === 0) return "sessions not checked";
  if (stats.sessionsDrainedIn === undefined) return `sessions never down to the observers' ${stats.sessionsLeft}`;
  return `sessions down to the observers' ${stats.sessionsLeft} ${stats.sessionsDrainedIn.toFixed(1)} s after the churn`;
}

function failureReport(failures, watch, logFile) {
  return [
    `FAILURES (seed ${options.seed}; rerun with --seed ${options.seed}):`,
    ...failures.lines(),
    `server exit: ${watch.exit() ?? "still running"}; its whole stderr: ${logFile}`,
    "server stderr, last 40 lines:",
    ...watch.tail(40).map((l) => `  | ${l}`),
  ].join("\n");
}

#!/usr/bin/env node
// The `service` scenario: restaurants in service, from each command to every
// screen that should hear it, against Brigade and against the specification's
// own stack (Express + socket.io, bench/peers/express-peer.mjs) in one run.
// Figures and commands: README.md beside this file, docs/benchmarks.md.
//
//   node bench/load/service.mjs                                             # 200 restaurants × (3+6+8) screens, 500 commands/s
//   node bench/load/service.mjs --restaurants 5 --kitchens 2 --waiters 2 --tables 2 --rate 20 --duration 10   # a quick look
//
// For each server, in a fresh process: R restaurants are set up as a manager
// would (service-setup.mjs); K kitchen displays, W waiter phones and T table
// displays per restaurant connect (raw `ws` Socket.IO clients in --workers
// processes, service-worker.mjs) and join their app's room (`kitchen`,
// `waiters`, `table:{id}`). Then commands go out over keep-alive HTTP at an
// aggregate --rate, open loop (on schedule, whatever the answers do): each
// order takes its plan (service-plan.mjs) one command at a time, the next
// once the previous is answered; orders waiting for their next command are
// served oldest first, and a new order is created whenever fewer than
// --open-orders wait. After --warmup seconds the measured window runs for
// --duration seconds; then the driver waits for the answers and for the
// screens to go quiet.
//
// Measured:
//   - per delivery owed (docs/events.md's routing table: each event a command
//     commits, to each screen in its rooms): arrival − the moment the command's
//     request was sent; a delivery that never arrives is "missing", one no
//     command owed is "unowed" (both failures);
//   - server CPU (utime + stime of every thread, /proc/PID/stat) over the
//     window and the drain, per command and per delivered event frame; RSS;
//   - the REST reads the apps would make on those events (service-app-reads.mjs),
//     counted, or made with --app-reads;
//   - the client's own CPU (driver + screen processes), so that a saturated
//     generator shows.

import { fork } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import { readEventRoutes } from "../peers/event-routes.mjs";
import { restClient } from "./service-http.mjs";
import { commands, expectedMix, owedDeliveries, planOrder, seededRandom, statusKeyedEvents } from "./service-plan.mjs";
import { kindTable, mainTable, summary } from "./service-report.mjs";
import { processCpu, repoRoot, residentKiB, startBrigade, startPeer } from "./service-servers.mjs";
import { setUpRestaurants } from "./service-setup.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const usage = `usage: node bench/load/service.mjs [options]
  --servers LIST         brigade,peer (default), or one of them; run in that order
  --restaurants R        (default 200)
  --kitchens K           kitchen displays per restaurant (default 3)
  --waiters W            waiter phones per restaurant (default 6)
  --tables T             table displays per restaurant, one per table (default 8)
  --rate X               commands per second, all restaurants together (default 500)
  --duration S           measured seconds (default 30)
  --warmup S             seconds of commands before the window, not measured (default 3)
  --open-orders N        orders waiting for their next command before a new one is created (default 2 × R)
  --cancel-share F       share of orders cancelled after confirmation (default 0.05)
  --priority-share F     share of the others whose priority changes (default 0.1)
  --add-items-share F    share of the others that get dishes added while cooking (default 0.3)
  --app-reads            make the REST reads the apps make on each event (default: count them only)
  --pipeline             every order is only created (order:created and order:new to every kitchen screen):
                         with --restaurants 1 --kitchens 1000 --waiters 0 --tables 0, the one huge room
  --workers N            screen processes (default 4)
  --http-connections N   keep-alive connections for the commands (default 64)
  --seed N               seed of the plans (default 1)
  --threads N            brigade serve --threads (default: one loop per core)
  --brigade-bin PATH     (default build/apps/brigade/brigade)
  --brigade-arg ARG      one more argument for brigade serve (repeatable: --brigade-arg=--write-coalesce-ms=0)
  --db-dir DIR           where Brigade's database goes (default $TMPDIR); not a tmpfs
  --drain-seconds S      most time to wait for the last deliveries (default 15)
  --request-timeout S    most time one request may take (default 30)
  --max-seconds S        hard limit for the whole run (default 900)
  --out PATH             (default bench/load/results/service-DATE-rR-xRATE.json)
  --no-save`;

function die(message) {
  process.stderr.write(`service.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseOptions(argv) {
  const o = {
    servers: ["brigade", "peer"],
    restaurants: 200,
    kitchens: 3,
    waiters: 6,
    tables: 8,
    rate: 500,
    duration: 30,
    warmup: 3,
    openOrders: undefined,
    cancelShare: 0.05,
    priorityShare: 0.1,
    addItemsShare: 0.3,
    appReads: false,
    pipeline: false,
    workers: 4,
    httpConnections: 64,
    seed: 1,
    threads: undefined,
    brigadeBin: path.join(repoRoot, "build/apps/brigade/brigade"),
    brigadeArgs: [],
    dbDir: undefined,
    drainSeconds: 15,
    requestTimeout: 30,
    maxSeconds: 900,
    out: undefined,
    save: true,
  };
  const numeric = {
    "--restaurants": "restaurants", "--kitchens": "kitchens", "--waiters": "waiters", "--tables": "tables", "--rate": "rate",
    "--duration": "duration", "--warmup": "warmup", "--open-orders": "openOrders", "--cancel-share": "cancelShare",
    "--priority-share": "priorityShare", "--add-items-share": "addItemsShare", "--workers": "workers",
    "--http-connections": "httpConnections", "--seed": "seed", "--threads": "threads", "--drain-seconds": "drainSeconds",
    "--request-timeout": "requestTimeout", "--max-seconds": "maxSeconds",
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    if (flag === "-h" || flag === "--help") {
      console.log(usage);
      process.exit(0);
    }
    if (flag === "--no-save") o.save = false;
    else if (flag === "--app-reads") o.appReads = true;
    else if (flag === "--pipeline") o.pipeline = true;
    else {
      let value;
      const eq = flag.indexOf("=");
      if (eq !== -1) [flag, value] = [flag.slice(0, eq), flag.slice(eq + 1)];
      else value = argv[++i];
      if (value === undefined) die(`missing value for ${flag}`);
      if (flag === "--servers") o.servers = value.split(",");
      else if (flag === "--brigade-bin") o.brigadeBin = path.resolve(value);
      else if (flag === "--brigade-arg") o.brigadeArgs.push(value);
      else if (flag === "--db-dir") o.dbDir = path.resolve(value);
      else if (flag === "--out") o.out = path.resolve(value);
      else if (flag in numeric) {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0) die(`${flag} needs a number ≥ 0`);
        o[numeric[flag]] = n;
      } else die(`unknown option ${flag}`);
    }
  }
  if (!o.servers.length || o.servers.some((s) => s !== "brigade" && s !== "peer")) die("--servers takes brigade, peer or both");
  if (o.restaurants < 1 || o.rate <= 0 || o.duration <= 0 || o.workers < 1) die("--restaurants, --rate, --duration and --workers must be positive");
  if (o.kitchens + o.waiters + o.tables < 1) die("a restaurant needs at least one screen");
  o.openOrders ??= Math.max(4, 2 * o.restaurants);
  return o;
}

const opts = parseOptions(process.argv.slice(2));
const log = (...a) => process.stderr.write(`[service ${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const loadavg = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
const cpuSeconds = ({ user, system }) => user + system;

setTimeout(() => {
  process.stderr.write(`service.mjs: --max-seconds ${opts.maxSeconds} reached\n`);
  process.exit(3);
}, opts.maxSeconds * 1000).unref();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

// ---------------------------------------------------------------- screen processes

/** The screen processes of one run, and waiting for their answers over IPC. */
class ScreenWorkers {
  #inbox = [];
  #wake = null;

  constructor(count) {
    this.children = Array.from({ length: count }, (_, i) => {
      const child = fork(path.join(here, "service-worker.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
      child.on("message", (m) => {
        this.#inbox.push({ from: i, m });
        this.#wake?.();
      });
      return child;
    });
    process.once("exit", () => this.children.forEach((c) => c.kill("SIGKILL")));
  }

  /** One message of `type` from every worker, in worker order. */
  async collect(type, timeoutMs) {
    const got = new Array(this.children.length);
    let count = 0;
    const deadline = now() + timeoutMs;
    for (;;) {
      for (let i = 0; i < this.#inbox.length; i++) {
        const { from, m } = this.#inbox[i];
        if (m.type === type && got[from] === undefined) {
          got[from] = m;
          count++;
          this.#inbox.splice(i--, 1);
        }
      }
      if (count === this.children.length) return got;
      if (now() > deadline) throw new Error(`screen processes: no "${type}" from ${this.children.length - count} of them in ${timeoutMs} ms`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  send(messageFor) {
    this.children.forEach((child, i) => child.send(messageFor(i)));
  }

  /** Counters of every worker, now: {frames, statsFrames, readsOwed, cpuSeconds}. */
  async mark() {
    this.send(() => ({ type: "mark" }));
    const marks = await this.collect("mark", 10_000);
    const sum = (f) => marks.reduce((a, m) => a + f(m), 0);
    return { frames: sum((m) => m.frames), statsFrames: sum((m) => m.statsFrames), readsOwed: sum((m) => m.readsOwed), cpuSeconds: sum((m) => (m.cpu.user + m.cpu.system) / 1e6) };
  }

  exit() {
    this.send(() => ({ type: "exit" }));
  }
}

// ---------------------------------------------------------------- one server

/** Numbers every screen and files it under its restaurant's rooms. */
function placeScreens(restaurants) {
  const screens = [];
  for (const r of restaurants) {
    r.rooms = { kitchen: [], waiters: [] };
    for (const s of r.screens) {
      const screen = { id: screens.length, kind: s.kind, token: s.token, tableId: s.tableId };
      screens.push(screen);
      const room = s.kind === "kitchen" ? "kitchen" : s.kind === "waiter" ? "waiters" : `table:${s.tableId}`;
      (r.rooms[room] ??= []).push(screen.id);
    }
  }
  return screens;
}

/** The command flow: on schedule at --rate, each order's next command once the previous is answered. */
async function runCommands(base, restaurants, onWindowStart) {
  const call = restClient(base, { connections: opts.httpConnections, timeoutMs: opts.requestTimeout * 1000 });
  const rng = seededRandom(opts.seed);
  const shares = {
    cancelShare: opts.cancelShare,
    priorityShare: opts.priorityShare,
    addItemsShare: opts.addItemsShare,
    pipeline: opts.pipeline,
  };
  const waiting = [];
  const records = [];
  const inFlight = new Set();
  let created = 0;
  let maxLagMs = 0;

  const issue = (measured) => {
    let order = waiting.length >= opts.openOrders ? waiting.shift() : null;
    if (!order) {
      const restaurant = restaurants[created++ % restaurants.length];
      order = { restaurant, tableId: restaurant.tableIds[Math.floor(rng() * restaurant.tableIds.length)], plan: planOrder(rng, shares), step: 0 };
    }
    const kind = order.plan[order.step];
    const { who, request } = commands[kind];
    const { method, path: url, body, headers } = request(order, rng, order.restaurant);
    const record = { kind, measured, restaurant: order.restaurant };
    records.push(record);
    const answered = call(method, url, { token: order.restaurant.tokens[who], body, headers }).then((res) => {
      inFlight.delete(answered);
      Object.assign(record, { sentAt: res.sentAt, answeredAt: res.answeredAt, status: res.status });
      if (res.status < 200 || res.status > 299) {
        record.error = `${res.status} ${method} ${url}: ${JSON.stringify(res.body).slice(0, 200)}`;
        return;
      }
      record.order = { orderId: res.body.orderId, tableId: res.body.tableId, status: res.body.status };
      order.orderId = res.body.orderId;
      order.ticketId = res.body.kitchenOrder?.kitchenOrderId;
      if (++order.step < order.plan.length) waiting.push(order);
    });
    inFlight.add(answered);
  };

  const interval = 1000 / opts.rate;
  const start = now();
  const windowStart = start + opts.warmup * 1000;
  const end = windowStart + opts.duration * 1000;
  let windowOpen = false;
  for (let k = 0; ; k++) {
    const due = start + k * interval;
    if (due >= end) break;
    const t = now();
    if (t < due) await sleep(due - t);
    else if (k % 16 === 0) await new Promise(setImmediate); // behind schedule: still let the answers in
    const measured = due >= windowStart;
    if (measured && !windowOpen) {
      windowOpen = true;
      onWindowStart();
    }
    if (measured) maxLagMs = Math.max(maxLagMs, now() - due);
    issue(measured);
  }
  const flowEnd = now();
  await Promise.all([...inFlight]);
  call.close();
  return { records, maxLagMs, windowStart, flowEnd, lastAnswer: now() };
}

/** Waits until the screens have gone quiet (no frame for 500 ms), at most --drain-seconds. */
async function drain(workers) {
  const deadline = now() + opts.drainSeconds * 1000;
  let last = await workers.mark();
  let quietSince = now();
  while (now() < deadline) {
    await sleep(100);
    const mark = await workers.mark();
    if (mark.frames !== last.frames) [last, quietSince] = [mark, now()];
    else if (now() - quietSince >= 500) return { mark, timedOut: false };
  }
  return { mark: last, timedOut: true };
}

/** Matches each owed delivery with its arrival; latency from the command's request. */
function matchDeliveries(records, reports, routes, screensById) {
  const arrivals = new Map();
  let duplicates = 0;
  for (const report of reports) {
    for (const [key, list] of report.arrivals) {
      let byScreen = arrivals.get(key);
      if (!byScreen) arrivals.set(key, (byScreen = new Map()));
      for (let i = 0; i < list.length; i += 2) {
        if (byScreen.has(list[i])) duplicates++;
        else byScreen.set(list[i], list[i + 1]);
      }
    }
  }
  const latencies = [];
  const byKind = {};
  const byScreenKind = { kitchen: [], waiter: [], table: [] };
  let owed = 0;
  let missing = 0;
  let firstMissing = null;
  for (const record of records) {
    if (!record.order) continue;
    const kind = (byKind[record.kind] ??= { latencies: [], answers: [], commands: 0 });
    if (record.measured) {
      kind.commands++;
      kind.answers.push(record.answeredAt - record.sentAt);
    }
    for (const { key, rooms } of owedDeliveries(routes, record.kind, record.order)) {
      const byScreen = arrivals.get(key);
      for (const room of rooms) {
        for (const screen of record.restaurant.rooms[room] ?? []) {
          owed++;
          const at = byScreen?.get(screen);
          if (at === undefined) {
            missing++;
            firstMissing ??= `${key} at screen ${screen} (${screensById[screen].kind})`;
            continue;
          }
          byScreen.delete(screen);
          if (!record.measured) continue;
          latencies.push(at - record.sentAt);
          kind.latencies.push(at - record.sentAt);
          byScreenKind[screensById[screen].kind].push(at - record.sentAt);
        }
      }
    }
  }
  let unowed = 0;
  let firstUnowed = null;
  for (const [key, byScreen] of arrivals) {
    unowed += byScreen.size;
    if (byScreen.size) firstUnowed ??= key;
  }
  return { owed, missing, firstMissing, unowed, firstUnowed, duplicates, latencies, byKind, byScreenKind };
}

async function runServer(name, routes) {
  const timeoutMs = 30_000;
  const server = name === "brigade" ? await startBrigade({ brigadeBin: opts.brigadeBin, extraArgs: opts.brigadeArgs, threads: opts.threads, dbDir: opts.dbDir, timeoutMs }) : await startPeer({ timeoutMs });
  let workers;
  try {
    log(`${name}: listening on ${server.base} (pid ${server.pid}); setting up ${opts.restaurants} restaurants`);
    if (server.dbFileSystem === "tmpfs") log("WARNING: Brigade's database is on a tmpfs, where fsync is free: --db-dir on a disk for durable figures");
    const setupStarted = now();
    const restaurants = await setUpRestaurants(server, opts.restaurants, { kitchens: opts.kitchens, waiters: opts.waiters, tables: opts.tables }, { log });
    const setupSeconds = (now() - setupStarted) / 1000;
    const rssAfterSetup = residentKiB(server.pid);
    const screens = placeScreens(restaurants);
    log(`${name}: set up in ${setupSeconds.toFixed(1)} s; connecting ${screens.length} screens`);

    workers = new ScreenWorkers(Math.min(opts.workers, screens.length));
    await workers.collect("hello", 10_000);
    workers.send((i) => ({
      type: "connect",
      base: server.base,
      screens: screens.filter((s) => s.id % workers.children.length === i),
      statusKeyed: statusKeyedEvents(routes),
      appReads: opts.appReads,
      readConnections: 32,
      concurrency: 50,
    }));
    const connected = await workers.collect("connected", 120_000);
    const joined = connected.reduce((a, m) => a + m.joined, 0);
    if (joined !== screens.length) throw new Error(`${name}: ${joined}/${screens.length} screens joined their rooms; first error: ${connected.find((m) => m.firstError)?.firstError}`);
    await sleep(500);
    const rssIdle = residentKiB(server.pid);
    log(`${name}: ${joined} screens in their rooms; ${opts.rate} commands/s for ${opts.warmup} + ${opts.duration} s`);

    let startMark;
    let peakRss = rssIdle;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, residentKiB(server.pid))), 200);
    const flow = await runCommands(server.base, restaurants, () => {
      startMark = { at: now(), server: processCpu(server.pid), driver: process.cpuUsage(), workers: workers.mark() };
    });
    const startWorkers = await startMark.workers;
    const { mark: endWorkers, timedOut } = await drain(workers);
    const endMark = { at: now(), server: processCpu(server.pid), driver: process.cpuUsage(startMark.driver) };
    clearInterval(rssTimer);
    const rssEnd = residentKiB(server.pid);

    workers.send(() => ({ type: "report" }));
    const reports = await workers.collect("report", 120_000);
    const matched = matchDeliveries(flow.records, reports, routes, screens);
    const seconds = (endMark.at - startMark.at) / 1000;
    const cpu = { user: endMark.server.user - startMark.server.user, system: endMark.server.system - startMark.server.system };
    const measured = flow.records.filter((r) => r.measured);
    const failed = flow.records.filter((r) => r.error || r.status === 0);
    const frames = endWorkers.frames - startWorkers.frames;
    const readsOwed = endWorkers.readsOwed - startWorkers.readsOwed;
    const readLatencies = reports.flatMap((r) => [...r.reads.latencies]);
    const mix = expectedMix(opts);
    const result = {
      name,
      args: server.args,
      dbFileSystem: server.dbFileSystem ?? null,
      restaurants: opts.restaurants,
      screens: screens.length,
      setupSeconds,
      windowSeconds: (flow.flowEnd - flow.windowStart) / 1000,
      cpuWindowSeconds: seconds,
      drainTimedOut: timedOut,
      generatorMaxLagMs: flow.maxLagMs,
      commands: {
        measured: measured.length,
        perSecond: measured.length / ((flow.flowEnd - flow.windowStart) / 1000),
        failed: failed.length,
        firstFailure: failed[0]?.error ?? null,
      },
      deliveries: {
        owed: matched.owed,
        missing: matched.missing,
        firstMissing: matched.firstMissing,
        unowed: matched.unowed,
        firstUnowed: matched.firstUnowed,
        duplicates: matched.duplicates,
        frames,
        statsFrames: endWorkers.statsFrames - startWorkers.statsFrames,
      },
      latencyMs: summary(matched.latencies),
      answerMs: summary(measured.filter((r) => r.answeredAt).map((r) => r.answeredAt - r.sentAt)),
      byKind: Object.fromEntries(
        Object.keys(commands).map((kind) => {
          const k = matched.byKind[kind] ?? { latencies: [], answers: [], commands: 0 };
          return [kind, { share: mix[kind], commands: k.commands, latencyMs: summary(k.latencies), answerMs: summary(k.answers) }];
        }),
      ),
      byScreenKind: Object.fromEntries(Object.entries(matched.byScreenKind).map(([k, v]) => [k, summary(v)])),
      server: {
        cpuSeconds: cpu.user + cpu.system,
        cores: (cpu.user + cpu.system) / seconds,
        userCores: cpu.user / seconds,
        systemCores: cpu.system / seconds,
        cpuPerCommandUs: (1e6 * (cpu.user + cpu.system)) / measured.length,
        cpuPerDeliveryUs: (1e6 * (cpu.user + cpu.system)) / frames,
        rssKiB: { afterSetup: rssAfterSetup, idle: rssIdle, peak: peakRss, end: rssEnd },
      },
      appReads: {
        owed: readsOwed,
        perCommand: readsOwed / measured.length,
        sent: reports.reduce((a, r) => a + r.reads.sent, 0),
        failed: reports.reduce((a, r) => a + r.reads.failed, 0),
        firstFailure: reports.find((r) => r.reads.firstFailure)?.reads.firstFailure ?? null,
        latencyMs: summary(readLatencies),
      },
      client: {
        cores: ((endMark.driver.user + endMark.driver.system) / 1e6 + endWorkers.cpuSeconds - startWorkers.cpuSeconds) / seconds,
        driverCores: (endMark.driver.user + endMark.driver.system) / 1e6 / seconds,
      },
      screensOpenAtEnd: reports.reduce((a, r) => a + r.open, 0),
      screenAnomalies: reports.map((r) => r.anomalies),
      shapes: Object.assign({}, ...reports.map((r) => r.shapes)),
    };
    result.ok =
      result.commands.failed === 0 &&
      result.deliveries.missing === 0 &&
      result.deliveries.unowed === 0 &&
      result.deliveries.duplicates === 0 &&
      result.screensOpenAtEnd === screens.length &&
      !timedOut;
    log(
      `${name}: ${measured.length} commands, ${matched.owed} deliveries owed, ${matched.missing} missing, ${matched.unowed} unowed; ` +
        `p50/p99 ${result.latencyMs.p50.toFixed(1)}/${result.latencyMs.p99.toFixed(1)} ms; server ${result.server.cores.toFixed(2)} cores, client ${result.client.cores.toFixed(2)}`,
    );
    return result;
  } finally {
    workers?.exit();
    const end = await server.stop();
    if (name === "brigade" && end.code !== 0) log(`brigade exited with ${end.signal ?? end.code} on SIGTERM:\n${server.stderrTail()}`);
  }
}

/**
 * Payload shapes (keys at every level, in order) of the events both servers sent:
 * {compared, differences}; an event only one run happened to send is not compared.
 */
function compareShapes(runs) {
  if (!runs.brigade || !runs.peer) return null;
  const compared = Object.keys(runs.brigade.shapes).filter((event) => event in runs.peer.shapes);
  const differences = compared
    .filter((event) => JSON.stringify(runs.brigade.shapes[event]) !== JSON.stringify(runs.peer.shapes[event]))
    .map((event) => ({ event, brigade: runs.brigade.shapes[event], peer: runs.peer.shapes[event] }));
  return { compared, differences };
}

async function main() {
  const routes = readEventRoutes();
  const started = new Date();
  const loads = [loadavg()];
  const loadTimer = setInterval(() => loads.push(loadavg()), 1000);
  const binaryMtime = opts.servers.includes("brigade") ? statSync(opts.brigadeBin).mtime.toISOString() : null;
  log(`${opts.restaurants} restaurants × (${opts.kitchens} kitchen + ${opts.waiters} waiter + ${opts.tables} table) screens, ${opts.rate} commands/s; load ${loadavg()}`);
  const runs = {};
  for (const name of opts.servers) runs[name] = await runServer(name, routes);
  clearInterval(loadTimer);

  const shapes = compareShapes(runs);
  const result = {
    bench: "brigade-service",
    date: started.toISOString(),
    machine: { cores: os.cpus().length, node: process.version, loadavgStart: loads[0], loadavgMax: Math.max(...loads) },
    brigadeBinaryMtime: binaryMtime,
    options: opts,
    mix: expectedMix(opts),
    payloadShapes: shapes,
    runs: Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, { ...run, shapes: undefined }])),
  };
  console.log(mainTable(runs));
  console.log();
  console.log(kindTable(runs));
  console.log();
  if (opts.appReads) console.log("With --app-reads every screen made its app's REST reads: the servers' CPU includes them.");
  console.log(
    `Brigade commits each command durably (SQLite WAL, synchronous=FULL) before it answers; the peer keeps everything in memory. ` +
      `Payload shapes: ${shapes === null ? "one server only" : shapes.differences.length === 0 ? `the same for the ${shapes.compared.length} events both sent` : `DIFFER for ${shapes.differences.map((d) => d.event).join(", ")}`}. ` +
      `1-minute load average ${loads[0].toFixed(2)} at the start, ${Math.max(...loads).toFixed(2)} at most${binaryMtime ? `; brigade built ${binaryMtime}` : ""}.`,
  );
  for (const run of Object.values(runs)) {
    if (!run.ok) console.log(`${run.name} FAILED: ${JSON.stringify({ firstFailure: run.commands.firstFailure, firstMissing: run.deliveries.firstMissing, firstUnowed: run.deliveries.firstUnowed, duplicates: run.deliveries.duplicates, open: run.screensOpenAtEnd, drainTimedOut: run.drainTimedOut })}`);
  }
  const json = JSON.stringify(result);
  console.log(json);
  if (opts.save) {
    const file = opts.out ?? path.join(here, "results", `service-${result.date.slice(0, 10)}-r${opts.restaurants}-x${opts.rate}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${json}\n`);
    log(`saved ${path.relative(repoRoot, file)}`);
  }
  const ok = Object.values(runs).every((r) => r.ok) && (shapes === null || shapes.differences.length === 0);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`service.mjs: ${err?.stack ?? err}\n`);
  process.exit(1);
});

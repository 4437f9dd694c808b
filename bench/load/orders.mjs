#!/usr/bin/env node
// Orders load benchmark: how many orders per second Brigade's REST API makes
// durable, against the physical floor of one durable SQLite commit on the
// same disk, measured in the same run. See README.md beside this file and
// docs/benchmarks.md ("Orders: REST + durable SQLite").
//
//   node bench/load/orders.mjs                       # ~1 min: C = 1, 8, 32, 10 s each
//   node bench/load/orders.mjs --duration 5 --concurrency 1,4
//
// Steps, all in one run:
//   1. floor (peer): `brigade_bench` BM_SqliteFsyncFloor (BEGIN IMMEDIATE;
//      INSERT one row; COMMIT with the store's PRAGMAs: WAL,
//      synchronous=FULL), plus BM_CreateOrder and BM_GetOrder (the same
//      order through kitchen_service, no HTTP), with TMPDIR = the server's
//      database directory so both write to the same file system;
//   2. a fresh `brigade serve --demo` on port 0 and an empty database;
//   3. for each concurrency C: C closed-loop clients POST /api/orders (one
//      request in flight each, a unique Idempotency-Key per request) for
//      --warmup + --duration seconds; only the last --duration seconds count;
//   4. GET /api/orders/{id} of the orders just created, at --read-concurrency;
//   5. the floor again, so a disk that drifted during the run shows up.
// Any answer other than 201 (create) or 200 (read) is an error: the run stops,
// prints it and exits with status 1. Raw figures are saved as JSON.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const usage = `usage: node bench/load/orders.mjs [options]
  --concurrency LIST     comma-separated client counts for POST /api/orders (default 1,8,32)
  --duration S           measured seconds per concurrency (default 10)
  --warmup S             unmeasured seconds before each measured window (default 1)
  --read-concurrency C   clients for the GET /api/orders/{id} phase (default 8; 0 skips it)
  --floor-seconds S      --benchmark_min_time of each floor run (default 3)
  --db-threads N         brigade serve --db-threads (default: not passed → the server's default)
  --store URL            brigade serve --store: an empty PostgreSQL database instead of a fresh
                         SQLite file (scripts/pg-test-server.sh starts one); the floor stays SQLite's
  --adapter URL          brigade serve --adapter: publish every event on a Redis bus too (its cost)
  --threads N            brigade serve --threads (default: not passed → one I/O loop per core)
  --build-dir DIR        where brigade and brigade_bench are built (default build)
  --brigade-bin PATH     (default DIR/apps/brigade/brigade)
  --bench-bin PATH       (default DIR/bench/brigade_bench)
  --out PATH             raw results (default bench/load/results/orders-YYYY-MM-DD.json)
  --no-save              do not write the raw results`;

function die(message) {
  process.stderr.write(`orders.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    concurrency: [1, 8, 32],
    duration: 10,
    warmup: 1,
    readConcurrency: 8,
    floorSeconds: 3,
    dbThreads: undefined,
    threads: undefined,
    buildDir: path.join(root, "build"),
    brigadeBin: undefined,
    benchBin: undefined,
    out: path.join(here, "results", `orders-${new Date().toISOString().slice(0, 10)}.json`),
    save: true,
  };
  const numeric = {
    "--duration": "duration",
    "--warmup": "warmup",
    "--read-concurrency": "readConcurrency",
    "--floor-seconds": "floorSeconds",
    "--db-threads": "dbThreads",
    "--threads": "threads",
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    if (flag === "--help" || flag === "-h") {
      console.log(usage);
      process.exit(0);
    }
    if (flag === "--no-save") {
      o.save = false;
      continue;
    }
    let value;
    const eq = flag.indexOf("=");
    if (eq !== -1) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else {
      value = argv[++i];
    }
    if (value === undefined) die(`missing value for ${flag}`);
    if (flag === "--concurrency") {
      o.concurrency = value.split(",").map(Number);
      if (!o.concurrency.length || o.concurrency.some((c) => !Number.isInteger(c) || c < 1))
        die(`--concurrency needs positive integers, got ${value}`);
    } else if (flag === "--build-dir") o.buildDir = path.resolve(value);
    else if (flag === "--brigade-bin") o.brigadeBin = path.resolve(value);
    else if (flag === "--bench-bin") o.benchBin = path.resolve(value);
    else if (flag === "--out") o.out = path.resolve(value);
    else if (flag === "--store") o.store = value;
    else if (flag === "--adapter") o.adapter = value;
    else if (flag in numeric) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) die(`${flag} needs a non-negative number, got ${value}`);
      o[numeric[flag]] = n;
    } else die(`unknown option ${flag}`);
  }
  if (o.duration <= 0) die("--duration must be > 0");
  o.brigadeBin ??= path.join(o.buildDir, "apps/brigade/brigade");
  o.benchBin ??= path.join(o.buildDir, "bench/brigade_bench");
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => process.stderr.write(`[orders] ${a.join(" ")}\n`);

// ---------------------------------------------------------------- helpers

const nowMs = () => performance.now();

// Server CPU (all threads) in seconds, from /proc/PID/stat: utime + stime.
// Only what the server spends is wanted; the client's own CPU is reported
// separately so a generator-bound phase can be recognised.
const clkTck = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function serverCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name, which may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clkTck; // utime, stime
}
const clientCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const loadavg1 = () => Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);

// Nearest-rank percentile of an ascending array, in the array's unit.
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function gitCommit() {
  try {
    return execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

// ---------------------------------------------------------------- the floor

// Runs the store micro benchmarks and returns their figures. Google
// Benchmark's JSON goes to stdout; its console chatter (CPU info, warnings)
// to stderr, which is only shown when the run fails.
function runFloor(tmpdir) {
  const args = [
    // UseRealTime() appends "/real_time" to the names.
    "--benchmark_filter=^BM_(SqliteFsyncFloor|CreateOrder|GetOrder)(/|$)",
    "--benchmark_format=json",
    `--benchmark_min_time=${opts.floorSeconds}`,
  ];
  log(`floor: ${path.relative(root, opts.benchBin)} ${args.join(" ")}`);
  let out;
  try {
    out = execFileSync(opts.benchBin, args, {
      encoding: "utf8",
      env: { ...process.env, TMPDIR: tmpdir },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
  } catch (e) {
    throw new Error(`${opts.benchBin} failed: ${e.message}\n${e.stderr ?? ""}`);
  }
  const byName = {};
  for (const b of JSON.parse(out).benchmarks) {
    if (b.error_occurred) throw new Error(`${b.name}: ${b.error_message}`);
    const perUnit = { ns: 1e-3, us: 1, ms: 1e3, s: 1e6 }[b.time_unit];
    byName[b.name.split("/")[0]] = {
      perSecond: b.items_per_second,
      microseconds: b.real_time * perUnit,
      iterations: b.iterations,
    };
  }
  for (const name of ["BM_SqliteFsyncFloor", "BM_CreateOrder", "BM_GetOrder"])
    if (!byName[name]) throw new Error(`${name} missing from the benchmark output`);
  return { floor: byName.BM_SqliteFsyncFloor, createOrder: byName.BM_CreateOrder, getOrder: byName.BM_GetOrder };
}

// ---------------------------------------------------------------- the server

const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

// Starts `brigade serve` and resolves once it prints its listening line,
// which it does only after the database is open and the demo data loaded.
async function startServer(dbPath) {
  // Every client runs on this machine: the per-address and per-connection
  // abuse limits are off so that they cannot throttle the load.
  const database = opts.store ? ["--store", opts.store] : ["--db", dbPath];
  const args = ["serve", "--host", "127.0.0.1", "--port", "0", ...database, "--demo", "--handshake-rate", "0", "--event-rate", "0",
    "--mode", "dev", "--http-rate", "0", "--max-connections-per-ip", "0"];
  if (opts.dbThreads !== undefined) args.push("--db-threads", String(opts.dbThreads));
  if (opts.threads !== undefined) args.push("--threads", String(opts.threads));
  if (opts.adapter !== undefined) args.push("--adapter", opts.adapter);
  log(`server: ${path.relative(root, opts.brigadeBin)} ${args.join(" ")}`);
  const child = spawn(opts.brigadeBin, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const stderrTail = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    for (const line of chunk.split("\n")) {
      if (!line) continue;
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    }
  });
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server: no listening line within 15 s")), 15_000);
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening: ${stderrTail.join(" | ")}`));
    });
  });
  // The waiter's token (a real login), sent with every request as a screen would.
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "waiter1", password: "waiter1pass" }),
  });
  if (login.status !== 200) throw new Error(`server: login as waiter1 failed with ${login.status}`);
  waiterAuth = `Bearer ${(await login.json()).token}`;
  return { child, pid: child.pid, port, exited, stderrTail };
}

let waiterAuth = "";

// SIGTERM is the server's orderly shutdown (drain, flush, close the store);
// SIGKILL only if that does not finish in 10 s.
async function stopServer(server) {
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

// ---------------------------------------------------------------- the clients

// One request, resolved with { status, location, body } once the whole
// response has arrived (the body must be read for the keep-alive socket to
// be reused). `body` is kept only for errors, to show what went wrong.
function request(agent, port, method, urlPath, headers, payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: "127.0.0.1", port, method, path: urlPath, headers },
      (res) => {
        const chunks = [];
        res.on("data", (c) => {
          if (res.statusCode >= 300) chunks.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

// The REST API's example order (docs/api.md): table 4, 2 × Classic Burger,
// 1 × French Fries — the same order BM_CreateOrder makes.
const orderBody = JSON.stringify({
  tableId: 4,
  items: [
    { menuItemId: 6, quantity: 2 },
    { menuItemId: 10, quantity: 1 },
  ],
});
const runId = `${process.pid}-${Date.now().toString(36)}`;
let keySeq = 0;
const createdIds = [];

// C closed-loop clients, each with its own keep-alive connection (the agent
// holds exactly C sockets), each sending its next request as soon as the
// previous answer arrived. The first `warmup` seconds connect the sockets
// and warm the server. The measured window opens at the first completion
// after the warm-up and closes when the last client's last request (none is
// started after --duration) has completed, so every request the server
// worked on inside the window is both counted and in its CPU reading.
// Latency is the full round trip seen by the client.
async function closedLoop({ port, concurrency, makeRequest, expect }) {
  const commitsBefore = await storeCommits(port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const start = nowMs();
  const windowStart = start + opts.warmup * 1000;
  const windowEnd = windowStart + opts.duration * 1000;
  const latencies = [];
  let failure = null;
  let opened = null;

  // The window's opening CPU reading is taken by the first request that
  // completes after the warm-up, so it coincides with the counting.
  const markStart = () => {
    opened ??= {
      t: nowMs(),
      serverCpu: serverCpuSeconds(serverPid),
      clientCpu: clientCpuSeconds(),
      loadavg: loadavg1(),
    };
  };

  async function client() {
    while (!failure && nowMs() < windowEnd) {
      const t0 = nowMs();
      let res;
      try {
        res = await makeRequest(agent);
      } catch (e) {
        failure ??= { error: e.message };
        return;
      }
      const t1 = nowMs();
      if (res.status !== expect) {
        failure ??= { status: res.status, body: res.body.slice(0, 500) };
        return;
      }
      if (t1 >= windowStart) {
        markStart();
        latencies.push(t1 - t0);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const end = { t: nowMs(), serverCpu: serverCpuSeconds(serverPid), clientCpu: clientCpuSeconds() };
  agent.destroy();
  const commitsAfter = await storeCommits(port);
  if (failure) return { failure };
  if (!opened) return { failure: { error: "no request completed inside the measured window" } };

  latencies.sort((a, b) => a - b);
  const seconds = (end.t - opened.t) / 1000;
  const requests = latencies.length;
  return {
    concurrency,
    requests,
    seconds,
    perSecond: requests / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1],
    serverCpuMicrosPerRequest: ((end.serverCpu - opened.serverCpu) / requests) * 1e6,
    serverCores: (end.serverCpu - opened.serverCpu) / seconds,
    clientCores: (end.clientCpu - opened.clientCpu) / seconds,
    loadavgAtStart: opened.loadavg,
    // Group commit: commands per durable commit over the whole phase, warm-up included.
    meanBatch:
      (commitsAfter.transactions - commitsBefore.transactions) / Math.max(1, commitsAfter.commits - commitsBefore.commits),
  };
}

// The store's commit counters from /metrics (docs/operations.md).
async function storeCommits(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return { commits: value("brigade_store_commits_total"), transactions: value("brigade_store_transactions_total") };
}

let serverPid = 0;

function createOrder(port) {
  return async (agent) => {
    const res = await request(
      agent,
      port,
      "POST",
      "/api/orders",
      {
        Authorization: waiterAuth,
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(orderBody),
        // Unique per request: every POST creates an order (no replays).
        "Idempotency-Key": `bench-${runId}-${++keySeq}`,
      },
      orderBody,
    );
    if (res.status === 201) {
      const m = /\/orders\/(\d+)$/.exec(res.location ?? "");
      if (!m) return { status: -1, body: `201 without a usable Location header: ${res.location}` };
      createdIds.push(Number(m[1]));
    }
    return res;
  };
}

function readOrder(port) {
  let i = 0;
  return (agent) => {
    // Walk over every created order, newest first, as screens reading the
    // orders they were just told about would.
    const id = createdIds[createdIds.length - 1 - (i++ % createdIds.length)];
    return request(agent, port, "GET", `/api/orders/${id}`, { Authorization: waiterAuth });
  };
}

// ---------------------------------------------------------------- run

function fmt(n, digits = 0) {
  return Number(n).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/,/g, " ");
}

async function main() {
  for (const bin of [opts.brigadeBin, opts.benchBin]) {
    try {
      statSync(bin);
    } catch {
      die(`${bin} not found: build it (see README.md) or pass --build-dir`);
    }
  }
  const tmpdir = mkdtempSync(path.join(os.tmpdir(), "brigade-orders-"));
  const results = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    brigadeBin: path.relative(root, opts.brigadeBin),
    brigadeBinMtime: statSync(opts.brigadeBin).mtime.toISOString(),
    benchBin: path.relative(root, opts.benchBin),
    tmpdir,
    cores: os.cpus().length,
    node: process.version,
    options: { ...opts, brigadeBin: undefined, benchBin: undefined, buildDir: undefined, out: undefined },
    floorBefore: null,
    creates: [],
    reads: null,
    floorAfter: null,
  };
  let server = null;
  let ok = false;
  try {
    results.floorBefore = runFloor(tmpdir);
    log(`floor: ${fmt(results.floorBefore.floor.perSecond)} commits/s, BM_CreateOrder ${fmt(results.floorBefore.createOrder.perSecond)}/s`);

    server = await startServer(path.join(tmpdir, "brigade.db"));
    serverPid = server.pid;
    results.serverThreads = Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))[1]);

    for (const c of opts.concurrency) {
      log(`POST /api/orders, C=${c}: ${opts.warmup} s warm-up + ${opts.duration} s`);
      const r = await closedLoop({ port: server.port, concurrency: c, makeRequest: createOrder(server.port), expect: 201 });
      if (r.failure) throw new Error(`POST /api/orders at C=${c} failed: ${JSON.stringify(r.failure)}`);
      log(`  ${fmt(r.perSecond)} orders/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.meanBatch.toFixed(2)} orders per commit`);
      results.creates.push(r);
    }
    if (opts.readConcurrency > 0) {
      const c = opts.readConcurrency;
      log(`GET /api/orders/{id}, C=${c}: ${opts.warmup} s warm-up + ${opts.duration} s over ${createdIds.length} orders`);
      const r = await closedLoop({ port: server.port, concurrency: c, makeRequest: readOrder(server.port), expect: 200 });
      if (r.failure) throw new Error(`GET /api/orders/{id} at C=${c} failed: ${JSON.stringify(r.failure)}`);
      log(`  ${fmt(r.perSecond)} reads/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`);
      results.reads = r;
    }
    const stopped = await stopServer(server);
    server = null;
    if (stopped.code !== 0) throw new Error(`server exited with ${stopped.code ?? stopped.signal} on SIGTERM`);
    results.ordersInDatabase = createdIds.length;

    results.floorAfter = runFloor(tmpdir);
    log(`floor again: ${fmt(results.floorAfter.floor.perSecond)} commits/s`);
    ok = true;
  } catch (e) {
    process.stderr.write(`orders.mjs: ${e.message}\n`);
    if (server) process.stderr.write(`server stderr (last lines): ${server.stderrTail.join("\n")}\n`);
  } finally {
    if (server) await stopServer(server);
    rmSync(tmpdir, { recursive: true, force: true });
  }
  if (!ok) process.exit(1);

  // The peer is the mean of the two floor runs that bracket the HTTP phases.
  const floor = (results.floorBefore.floor.perSecond + results.floorAfter.floor.perSecond) / 2;
  const serviceCreate = (results.floorBefore.createOrder.perSecond + results.floorAfter.createOrder.perSecond) / 2;
  results.floorPerSecond = floor;
  results.serviceCreatePerSecond = serviceCreate;

  const rows = [
    "| what | C | per second | p50 (ms) | p99 (ms) | server CPU / request (µs) | server / client cores | orders per commit | ÷ floor |",
    "|---|---|---|---|---|---|---|---|---|",
    `| floor: raw SQLite commit, 1 row (BM_SqliteFsyncFloor, before / after) | 1 | ${fmt(results.floorBefore.floor.perSecond)} / ${fmt(results.floorAfter.floor.perSecond)} | ${(results.floorBefore.floor.microseconds / 1000).toFixed(2)} / ${(results.floorAfter.floor.microseconds / 1000).toFixed(2)} (mean) | | | | 1 | 1.00 |`,
    `| kitchen_service::create_order, no HTTP (BM_CreateOrder, before / after) | 1 | ${fmt(results.floorBefore.createOrder.perSecond)} / ${fmt(results.floorAfter.createOrder.perSecond)} | ${(results.floorBefore.createOrder.microseconds / 1000).toFixed(2)} / ${(results.floorAfter.createOrder.microseconds / 1000).toFixed(2)} (mean) | | | | 1 | ${(serviceCreate / floor).toFixed(2)} |`,
    ...results.creates.map(
      (r) =>
        `| POST /api/orders → 201 | ${r.concurrency} | ${fmt(r.perSecond)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${fmt(r.serverCpuMicrosPerRequest)} | ${r.serverCores.toFixed(2)} / ${r.clientCores.toFixed(2)} | ${r.meanBatch.toFixed(2)} | ${(r.perSecond / floor).toFixed(2)} |`,
    ),
  ];
  if (results.reads) {
    // A read commits nothing, so the fsync floor is no peer for it; its peer
    // is the same read without HTTP (BM_GetOrder, one thread).
    const r = results.reads;
    const b = results.floorBefore.getOrder;
    const a = results.floorAfter.getOrder;
    rows.push(
      `| kitchen_service::get_order, no HTTP (BM_GetOrder, before / after) | 1 | ${fmt(b.perSecond)} / ${fmt(a.perSecond)} | ${(b.microseconds / 1000).toFixed(3)} / ${(a.microseconds / 1000).toFixed(3)} (mean) | | | | | — |`,
      `| GET /api/orders/{id} → 200 | ${r.concurrency} | ${fmt(r.perSecond)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${fmt(r.serverCpuMicrosPerRequest)} | ${r.serverCores.toFixed(2)} / ${r.clientCores.toFixed(2)} | | — |`,
    );
  }
  console.log(rows.join("\n"));
  console.log(
    `\nfloor = mean of the two BM_SqliteFsyncFloor runs = ${fmt(floor)} commits/s; ` +
      `commit ${results.commit}, ${results.cores} cores, server threads ${results.serverThreads}, ` +
      `${results.ordersInDatabase} orders created, every answer 201/200`,
  );

  if (opts.save) {
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, JSON.stringify(results, null, 2) + "\n");
    log(`raw results: ${path.relative(root, opts.out)}`);
  }
}

main().catch((e) => {
  process.stderr.write(`orders.mjs: ${e.stack ?? e}\n`);
  process.exit(1);
});

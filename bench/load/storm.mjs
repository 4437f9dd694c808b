#!/usr/bin/env node
// Reconnect storm: C stock socket.io-client screens (kitchen, waiters, table
// displays) connected to `brigade serve`, the server restarted under them
// (SIGTERM, or kill -9) on the same database and port, and every screen
// reconnecting at once. Measures how long until every screen is connected
// again with `socket.recovered === true`, back in its room and holding every
// event it missed; how many recovered; the server's peak RSS and CPU during
// the storm. The same storm against Node socket.io 4.8 with
// `connectionStateRecovery` (storm-peer.mjs), restarted the same way, in the
// same run. Figures, method and commands: docs/benchmarks.md, "Reconnect storm and slow consumer".
//
//   node bench/load/storm.mjs --clients 10000
//   node bench/load/storm.mjs --clients 1000 --kill sigterm --server brigade   # quick look

import { execFileSync, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, copyFileSync, fdatasyncSync, mkdirSync, openSync, readdirSync, writeSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const usage = `usage: node bench/load/storm.mjs [options]
  --clients N            socket.io-client screens (default 10000)
  --workers W            client processes (default 4)
  --kill K               sigterm | sigkill | both (default both)
  --server S             brigade | peer | both (default both; peer = storm-peer.mjs, socket.io 4.8)
  --cases LIST           events,empty (default both for Brigade; the peer runs "events" only):
                         events = every screen heard an event (has an offset) before the restart,
                         empty  = fresh screens that heard nothing yet
  --orders-after K       orders created right after the restart (default: one per table, 12)
  --reconnect-delay MS   socket.io-client reconnectionDelay (default 1000)
  --randomization F      socket.io-client randomizationFactor (default 0.5: first try 0.5–1.5 s)
  --reconnect-delay-max MS  reconnectionDelayMax (default 5000)
  --concurrency C        initial connections in flight per worker (default 50)
  --storm-timeout S      give up on a storm after S seconds (default 100; the window is 120 s)
  --threads T            brigade serve --threads (default: one per core)
  --db-dir DIR           where the servers' SQLite database goes (default: a new directory in
                         $TMPDIR or /tmp); /dev/shm takes the disk's fsync out of the figures
  --brigade-bin PATH     (default build/apps/brigade/brigade)
  --max-seconds S        hard limit for the whole run (default 3600)
  --out PATH             (default bench/load/results/storm-YYYY-MM-DD-n<C>.json)
  --no-save              do not write the JSON
  --keep                 keep the temporary database directory
  --perf DIR             diagnosis: "perf record --call-graph dwarf" the restarted Brigade during each storm into DIR`;

function die(message) {
  process.stderr.write(`storm.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    clients: 10000,
    workers: 4,
    kill: "both",
    server: "both",
    cases: ["events", "empty"],
    ordersAfter: undefined,
    reconnectDelay: 1000,
    randomization: 0.5,
    reconnectDelayMax: 5000,
    concurrency: 50,
    stormTimeout: 100,
    threads: undefined,
    brigadeBin: path.join(root, "build/apps/brigade/brigade"),
    maxSeconds: 3600,
    out: undefined,
    save: true,
    keep: false,
  };
  const numeric = {
    "--clients": "clients",
    "--workers": "workers",
    "--orders-after": "ordersAfter",
    "--reconnect-delay": "reconnectDelay",
    "--randomization": "randomization",
    "--reconnect-delay-max": "reconnectDelayMax",
    "--concurrency": "concurrency",
    "--storm-timeout": "stormTimeout",
    "--threads": "threads",
    "--max-seconds": "maxSeconds",
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
    if (flag === "--keep") {
      o.keep = true;
      continue;
    }
    let value;
    const eq = flag.indexOf("=");
    if (eq !== -1) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else value = argv[++i];
    if (value === undefined) die(`missing value for ${flag}`);
    if (flag === "--kill") o.kill = value;
    else if (flag === "--server") o.server = value;
    else if (flag === "--cases") o.cases = value.split(",").filter(Boolean);
    else if (flag === "--brigade-bin") o.brigadeBin = path.resolve(value);
    else if (flag === "--out") o.out = path.resolve(value);
    else if (flag === "--db-dir") o.dbDir = path.resolve(value);
    else if (flag === "--perf") o.perf = path.resolve(value);
    else if (flag in numeric) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) die(`${flag} needs a non-negative number, got ${value}`);
      o[numeric[flag]] = n;
    } else die(`unknown option ${flag}`);
  }
  const kills = { sigterm: ["SIGTERM"], sigkill: ["SIGKILL"], both: ["SIGTERM", "SIGKILL"] };
  if (!(o.kill in kills)) die("--kill must be sigterm, sigkill or both");
  o.signals = kills[o.kill];
  const servers = { brigade: ["brigade"], peer: ["peer"], both: ["brigade", "peer"] };
  if (!(o.server in servers)) die("--server must be brigade, peer or both");
  o.servers = servers[o.server];
  for (const c of o.cases) if (c !== "events" && c !== "empty") die(`unknown case ${c}`);
  if (o.clients < 1 || o.workers < 1) die("--clients and --workers must be ≥ 1");
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => process.stderr.write(`[storm ${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- /proc

let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
} catch {
  // Linux's USER_HZ
}

/** utime + stime of a process (all threads), seconds; NaN once it is gone. */
function cpuSeconds(pid) {
  return cpuSplit(pid).total;
}
function cpuSplit(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const user = Number(f[11]) / clkTck;
    const sys = Number(f[12]) / clkTck;
    return { user, sys, total: user + sys };
  } catch {
    return { user: NaN, sys: NaN, total: NaN };
  }
}

function memKiB(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1]), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1]) };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/**
 * Mean time of one small write + fdatasync in `dir`, ms: what one durable
 * SQLite commit costs at least on that file system right now (the machine
 * is shared; the figure moves with the other jobs' I/O).
 */
function fsyncProbe(dir, count = 200) {
  const file = path.join(dir, "fsync-probe");
  const fd = openSync(file, "w");
  const buf = Buffer.alloc(100, 0x78);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    writeSync(fd, buf);
    fdatasyncSync(fd);
  }
  const ms = (performance.now() - t0) / count;
  closeSync(fd);
  rmSync(file, { force: true });
  return ms;
}
const fsyncProbes = [];

/**
 * The kernel's TCP counters that say whether connection attempts were
 * dropped (system-wide: other jobs on the machine count too). An accept
 * queue that overflows drops SYNs; the client's kernel retries after 1, 3,
 * 7, 15 s — which is what a storm's tail then measures.
 */
function tcpCounters() {
  const out = {};
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const keys = lines[i].split(/\s+/);
      const values = lines[i + 1].split(/\s+/);
      if (keys[0] !== "TcpExt:") continue;
      keys.forEach((k, j) => {
        if (["ListenOverflows", "ListenDrops", "TCPSynRetrans", "TCPTimeouts", "SyncookiesSent", "TCPReqQFullDrop"].includes(k)) out[k] = Number(values[j]);
      });
    }
  } catch {
    // not Linux
  }
  return out;
}
const tcpDelta = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));

/**
 * Run and run-queue wait time of all threads of a process, seconds
 * (/proc/PID/task/TID/schedstat): wait is how long its threads were ready to
 * run but had no CPU — on a shared 2-core machine, the other jobs' share.
 */
function schedstat(pid) {
  let run = 0;
  let wait = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [r, w] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
        run += r;
        wait += w;
      } catch {
        // the thread ended
      }
    }
  } catch {
    return { run: NaN, wait: NaN };
  }
  return { run: run / 1e9, wait: wait / 1e9 };
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

// ---------------------------------------------------------------- processes

const children = new Set();
function killAll() {
  for (const c of children) {
    try {
      c.kill("SIGKILL");
    } catch {
      // gone
    }
  }
}
let tmpDir = null;
process.on("exit", () => {
  killAll();
  if (tmpDir && !opts.keep) rmSync(tmpDir, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
setTimeout(() => {
  process.stderr.write(`storm.mjs: --max-seconds ${opts.maxSeconds} reached; stopping everything\n`);
  process.exit(3);
}, opts.maxSeconds * 1000).unref();

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

const jwtSecret = randomBytes(32).toString("hex"); // same secret across restarts: tokens stay valid

/** Brigade's command line: everything the storm relaxes is listed here. */
function brigadeArgs(port, db) {
  const args = ["serve", "--host", "127.0.0.1", "--port", String(port), "--db", db, "--demo"];
  if (opts.threads !== undefined) args.push("--threads", String(opts.threads));
  // Thousands of screens from a few loopback addresses reconnecting within a
  // second, and the bench's own REST calls: the per-address abuse limits would
  // refuse most of the storm and measure themselves.
  args.push("--handshake-rate", "0", "--max-connections-per-ip", "0", "--http-rate", "0");
  return args;
}

async function startServer(kind, port, db, firstOrderId) {
  const [cmd, args, env] =
    kind === "brigade"
      ? [opts.brigadeBinCopy, brigadeArgs(port, db), { ...process.env, BRIGADE_JWT_SECRET: jwtSecret }]
      : [process.execPath, [path.join(here, "storm-peer.mjs"), "--port", String(port), "--first-order-id", String(firstOrderId)], process.env];
  const spawnedAt = now();
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const stderrTail = [];
  // Start-up, shutdown and recovery lines, with the driver's clock.
  const notable = [];
  const counts = { warnings: 0, errors: 0 };
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 30) stderrTail.shift();
    if (/ warning /.test(line)) counts.warnings++;
    if (/ error /.test(line)) counts.errors++;
    if (/shutdown_|recovery:|listening|database|demo data/.test(line) && notable.length < 50) {
      notable.push(`+${((now() - spawnedAt) / 1000).toFixed(3)} s ${line}`);
    }
  });
  const server = { kind, child, pid: child.pid, port, spawnedAt, stderrTail, notable, counts, exit: null };
  server.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      server.exit = { code, signal, at: now() };
      children.delete(child);
      resolve(server.exit);
    });
  });
  const rl = readline.createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${kind}: no listening line within 60 s: ${stderrTail.join(" | ")}`)), 60_000);
    rl.on("line", (line) => {
      if (/listening on http/.test(line)) {
        clearTimeout(t);
        resolve();
      }
    });
    server.exited.then((e) => {
      clearTimeout(t);
      reject(new Error(`${kind} exited (${e.code ?? e.signal}) before listening: ${stderrTail.join(" | ")}`));
    });
  });
  server.listeningAt = now();
  server.cpuAtListening = cpuSeconds(child.pid);
  server.cpuSplitAtListening = cpuSplit(child.pid);
  server.schedAtListening = schedstat(child.pid);
  // RSS sampler: the peak is max(VmHWM, samples) — VmHWM is the process's own.
  server.samples = [];
  server.sampler = setInterval(() => {
    const m = memKiB(server.pid);
    const c = cpuSplit(server.pid);
    const q = schedstat(server.pid);
    if (Number.isFinite(m.rss)) server.samples.push([now(), m.rss, c.total, c.sys, q.run, q.wait]);
  }, 100);
  server.exited.then(() => clearInterval(server.sampler));
  return server;
}

// ---------------------------------------------------------------- REST

async function api(base, method, url, { token, json } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${url}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

async function login(base, username) {
  const r = await api(base, "POST", "/api/auth/login", { json: { username, password: `${username}pass` } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** Tokens: one login per demo user, one device token per screen kind/table. */
async function brigadeIdentities(base) {
  const chef = await login(base, "chef1");
  const waiter = await login(base, "waiter1");
  const manager = await login(base, "manager1");
  const tables = await api(base, "GET", "/api/tables", { token: waiter });
  if (tables.status !== 200) throw new Error(`GET /api/tables: ${tables.status}`);
  const tableIds = tables.body.tables.map((t) => t.tableId);
  const device = async (json) => {
    const r = await api(base, "POST", "/api/auth/devices", { token: manager, json });
    if (r.status !== 201) throw new Error(`device token: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token;
  };
  const kitchenDisplay = await device({ role: "kitchen_display", name: "Storm pass" });
  const tableDisplays = {};
  for (const t of tableIds) tableDisplays[t] = await device({ role: "table_display", tableId: t, name: `Storm table ${t}` });
  return { chef, waiter, manager, kitchenDisplay, tableDisplays, tableIds };
}

/**
 * Screen i: 30 % kitchen (chef1 / a kitchen display), 30 % waiters (waiter1 /
 * manager1), 40 % table displays spread over every table.
 */
function screens(ids, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = i % 10;
    if (r < 3) out.push({ room: "kitchen", token: i % 2 ? ids.chef : ids.kitchenDisplay });
    else if (r < 6) out.push({ room: "waiters", token: i % 2 ? ids.waiter : ids.manager });
    else {
      const tableId = ids.tableIds[Math.floor(i / 10) % ids.tableIds.length];
      out.push({ room: "table", tableId, token: ids.tableDisplays[tableId] });
    }
  }
  return out;
}

/** One order per table in `tableIds` (in parallel); returns [{orderId, tableId, at}]. */
async function createOrders(base, token, tableIds) {
  return Promise.all(
    tableIds.map(async (tableId) => {
      const r = await api(base, "POST", "/api/orders", { token, json: { tableId, items: [{ menuItemId: 6, quantity: 1 }] } });
      if (r.status !== 201) throw new Error(`POST /api/orders: ${r.status} ${JSON.stringify(r.body)}`);
      return { orderId: r.body.orderId ?? r.body.id, tableId, at: now() };
    }),
  );
}

// ---------------------------------------------------------------- workers

const workers = [];
const inbox = [];
let wake = null;

function startWorkers() {
  for (let i = 0; i < opts.workers; i++) {
    const w = fork(path.join(here, "storm-worker.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.add(w);
    w.index = i;
    w.on("message", (message) => {
      inbox.push({ worker: i, message });
      wake?.();
    });
    w.on("exit", () => children.delete(w));
    workers.push(w);
  }
}

async function collect(type, timeoutMs) {
  const got = new Map();
  const deadline = Date.now() + timeoutMs;
  while (got.size < workers.length) {
    for (let i = 0; i < inbox.length; i++) {
      if (inbox[i].message.type === type && !got.has(inbox[i].worker)) {
        got.set(inbox[i].worker, inbox[i].message);
        inbox.splice(i, 1);
        i--;
      }
    }
    if (got.size === workers.length) break;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timeout after ${timeoutMs} ms waiting for ${type} from the workers`);
    await new Promise((resolve) => {
      const t = setTimeout(resolve, Math.min(left, 1000));
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    wake = null;
  }
  return [...got.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
}

const tell = (m) => workers.forEach((w) => w.send(m));
async function ask(type, timeoutMs = 30_000) {
  tell({ type });
  return collect(type === "close" ? "closed" : type, timeoutMs);
}
const sumOf = (ms, key) => ms.reduce((a, m) => a + m[key], 0);
const workersCpu = () => workers.reduce((a, w) => a + cpuSeconds(w.pid), 0);
const workersSched = () =>
  workers.reduce((a, w) => {
    const q = schedstat(w.pid);
    return { run: a.run + q.run, wait: a.wait + q.wait };
  }, { run: 0, wait: 0 });

async function connectScreens(url, list) {
  const parts = workers.map(() => []);
  list.forEach((c, i) => parts[i % workers.length].push(c));
  workers.forEach((w, k) =>
    w.send({
      type: "connect",
      url,
      clients: parts[k],
      concurrency: opts.concurrency,
      reconnectionDelay: opts.reconnectDelay,
      reconnectionDelayMax: opts.reconnectDelayMax,
      randomizationFactor: opts.randomization,
      // Its own loopback source address per worker: ephemeral ports are
      // per address, and every storm reconnects every screen.
      localAddress: `127.0.${1 + k}.1`,
    }),
  );
  const ms = await collect("connected", 600_000);
  return { ready: sumOf(ms, "ready"), joined: sumOf(ms, "joined"), failed: sumOf(ms, "failed") };
}

async function waitWarm(orders, timeoutMs) {
  tell({ type: "warm", orders: orders.map(({ orderId, tableId }) => ({ orderId, tableId })) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await ask("progress");
    if (sumOf(p, "done") === opts.clients) return;
    if (Date.now() > deadline) throw new Error(`only ${sumOf(p, "done")}/${opts.clients} screens heard the warm-up orders`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------- one scenario

const pct = (xs, p) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
};

async function scenario(kind, signal, caseName, state) {
  const res = { server: kind, signal, case: caseName, clients: opts.clients, loadavgStart: loadavg() };
  const base = `http://127.0.0.1:${state.port}`;
  const loads = [res.loadavgStart[0]];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]), 1000);
  try {
    // Fresh screens for every scenario: nothing carries over between them.
    log(`${kind} ${signal} ${caseName}: connecting ${opts.clients} screens`);
    await ask("close", 120_000);
    const c0 = now();
    const cpu0 = cpuSplit(state.server.pid);
    const conn = await connectScreens(`${base}`, screens(state.ids, opts.clients));
    await sleep(1000); // the last joins' session saves
    const cpu1 = cpuSplit(state.server.pid);
    res.initialConnect = {
      ...conn,
      seconds: (now() - c0) / 1000,
      // A fresh connection + CONNECT + join with its ack (and, for Brigade,
      // the token check and two session saves), per screen.
      serverCpuUsPerScreen: ((cpu1.total - cpu0.total) * 1e6) / opts.clients,
      serverSysUsPerScreen: ((cpu1.sys - cpu0.sys) * 1e6) / opts.clients,
    };
    if (conn.joined !== opts.clients) throw new Error(`only ${conn.joined}/${opts.clients} screens connected and joined (${conn.failed} failed)`);
    log(`${kind} ${signal} ${caseName}: ${conn.joined} joined in ${res.initialConnect.seconds.toFixed(1)} s`);
    if (caseName === "events") {
      const warm = await createOrders(base, state.ids.waiter, state.ids.tableIds);
      state.nextOrderId = Math.max(state.nextOrderId, ...warm.map((o) => o.orderId + 1));
      await waitWarm(warm, 60_000);
      log(`${kind} ${signal} ${caseName}: every screen heard an event`);
    }
    await sleep(1000);
    const old = state.server;
    res.rssBeforeKiB = memKiB(old.pid).rss;
    res.oldServer = { pid: old.pid, rssKiB: res.rssBeforeKiB, hwmKiB: memKiB(old.pid).hwm };

    // The storm.
    tell({ type: "arm", phase: `${kind}-${signal}-${caseName}` });
    await ask("progress"); // the arm has reached every worker
    const wCpu0 = workersCpu();
    const wSched0 = workersSched();
    const tcp0 = tcpCounters();
    const t0 = now();
    old.child.kill(signal);
    await old.exited;
    const tExit = now();
    res.oldExit = old.exit;
    res.oldServerStderrTail = old.stderrTail.slice(-4);
    res.oldServerNotable = old.notable.filter((l) => /shutdown_|recovery:/.test(l));
    res.oldServerLogCounts = old.counts;
    const next = await startServer(kind, state.port, state.db, state.nextOrderId);
    state.server = next;
    const tListen = next.listeningAt;
    let perf = null;
    if (opts.perf && kind === "brigade") {
      mkdirSync(opts.perf, { recursive: true });
      res.perfData = path.join(opts.perf, `perf-${kind}-${signal}-${caseName}.data`);
      perf = spawn("perf", ["record", "-F", "299", "--call-graph", "dwarf,16384", "-p", String(next.pid), "-o", res.perfData], { stdio: "ignore" });
      children.add(perf);
    }
    const ordersAfter = opts.ordersAfter ?? state.ids.tableIds.length;
    const tables = Array.from({ length: ordersAfter }, (_, i) => state.ids.tableIds[i % state.ids.tableIds.length]);
    const orders = await createOrders(base, state.ids.waiter, tables);
    state.nextOrderId = Math.max(...orders.map((o) => o.orderId)) + 1;
    const tOrders = now();
    tell({ type: "expect", orders: orders.map(({ orderId, tableId }) => ({ orderId, tableId })) });
    log(
      `${kind} ${signal} ${caseName}: old exited in ${(tExit - t0).toFixed(0)} ms, new listening +${(tListen - t0).toFixed(0)} ms, ` +
        `${orders.length} orders committed +${(tOrders - t0).toFixed(0)} ms`,
    );

    // Wait: every screen done, or (the peer) every screen back in its room
    // and nothing new for 5 s, or the storm timeout.
    let last = "";
    let lastChange = now();
    let p;
    let tAllInRoom = null;
    for (;;) {
      await sleep(250);
      p = await ask("progress");
      const s = { connected: sumOf(p, "connected"), recovered: sumOf(p, "recovered"), inRoom: sumOf(p, "inRoom"), done: sumOf(p, "done") };
      const key = JSON.stringify(s);
      if (key !== last) {
        last = key;
        lastChange = now();
        log(`  +${((now() - t0) / 1000).toFixed(1)} s connected ${s.connected} recovered ${s.recovered} in room ${s.inRoom} all events ${s.done}`);
      }
      if (s.inRoom === opts.clients && tAllInRoom === null) tAllInRoom = now();
      if (s.done === opts.clients) break;
      if (s.inRoom === opts.clients && now() - lastChange > 5000) break;
      if (now() - t0 > opts.stormTimeout * 1000) {
        res.timedOut = true;
        break;
      }
    }
    const tEnd = now();
    const wCpu1 = workersCpu();
    if (perf) {
      perf.kill("SIGINT");
      await new Promise((r) => perf.once("exit", r));
      children.delete(perf);
    }
    res.tcp = tcpDelta(tcp0, tcpCounters());
    const wSched1 = workersSched();
    res.clientRunS = wSched1.run - wSched0.run;
    res.clientRunqueueWaitS = wSched1.wait - wSched0.wait;
    const reports = await ask("report", 60_000);
    // Per screen, from its successful reconnection attempt to its CONNECT
    // reply: the time the server (and the client's own event loop) took,
    // without socket.io-client's back-off delay.
    const attemptAt = reports.flatMap((r) => r.attemptAt);
    const connectAt = reports.flatMap((r) => r.connectAt);
    const waits = connectAt.map((c, i) => (c && attemptAt[i] ? (c - attemptAt[i]) / 1000 : NaN));
    res.handshakeWaitP50S = pct(waits, 50);
    res.handshakeWaitP99S = pct(waits, 99);
    res.handshakeWaitMaxS = pct(waits, 100);
    const all = (key) => reports.flatMap((r) => r[key]);
    const rel = (xs) => xs.map((x) => (x ? (x - t0) / 1000 : NaN));
    const connectS = rel(all("connectAt"));
    const roomS = rel(all("roomAt"));
    const doneS = rel(all("doneAt"));
    const disconnectS = rel(all("disconnectAt"));
    const count = (xs) => xs.filter(Number.isFinite).length;
    res.stormSeconds = (tEnd - t0) / 1000;
    res.exitMs = tExit - t0;
    res.listeningMs = tListen - t0;
    res.ordersCommittedMs = tOrders - t0;
    res.ordersAfter = orders.length;
    res.disconnected = count(disconnectS);
    res.reconnected = count(connectS);
    res.recovered = sumOf(reports, "recovered");
    res.inRoom = count(roomS);
    res.allEvents = count(doneS);
    res.expectedOrderEvents = sumOf(reports, "expectedOrders");
    res.heardOrderEvents = sumOf(reports, "heardOrders");
    res.replayedBeforeConnect = sumOf(reports, "replayedBeforeConnect");
    res.duplicates = sumOf(reports, "duplicates");
    res.outOfOrder = sumOf(reports, "outOfOrder");
    res.rejoinFailed = sumOf(reports, "rejoinFailed");
    res.reconnectAttempts = sumOf(reports, "attempts");
    res.connectErrors = sumOf(reports, "connectErrors");
    res.allReconnectedS = res.reconnected === opts.clients ? pct(connectS, 100) : NaN;
    res.reconnectP50S = pct(connectS, 50);
    res.reconnectP99S = pct(connectS, 99);
    res.allInRoomS = res.inRoom === opts.clients ? pct(roomS, 100) : NaN;
    res.allEventsS = res.allEvents === opts.clients ? pct(doneS, 100) : NaN;
    res.eventsP50S = pct(doneS, 50);
    res.eventsP99S = pct(doneS, 99);
    res.allRecoveredS = res.recovered === opts.clients ? res.allReconnectedS : NaN;
    // Server: CPU of the new process from its start to the last screen done
    // (or in its room), its peak RSS (VmHWM and 100 ms samples).
    const tStop = res.allEvents === opts.clients ? Math.max(...all("doneAt")) : tAllInRoom ?? tEnd;
    const samplesIn = next.samples.filter(([t]) => t <= tStop + 100);
    const lastSample = samplesIn[samplesIn.length - 1];
    // Start-up (migrations, marking a dead process's sessions) is reported
    // apart: serverStartCpuS up to the listening line, serverCpuS after it.
    res.serverStartCpuS = next.cpuAtListening;
    res.serverCpuS = lastSample ? lastSample[2] - next.cpuAtListening : NaN;
    res.serverSysCpuS = lastSample ? lastSample[3] - next.cpuSplitAtListening.sys : NaN;
    res.serverRunS = lastSample ? lastSample[4] - next.schedAtListening.run : NaN;
    res.serverRunqueueWaitS = lastSample ? lastSample[5] - next.schedAtListening.wait : NaN;
    res.serverCpuWindowS = (tStop - next.listeningAt) / 1000;
    res.serverCores = res.serverCpuS / res.serverCpuWindowS;
    res.serverCpuUsPerReconnect = (res.serverCpuS * 1e6) / opts.clients;
    const mem = memKiB(next.pid);
    res.serverPeakRssKiB = Math.max(mem.hwm, ...next.samples.map((s) => s[1]));
    res.serverRssEndKiB = mem.rss;
    res.clientCpuS = wCpu1 - wCpu0;
    if (kind === "brigade") {
      const metrics = await fetch(`${base}/metrics`).then((r) => r.text()).catch(() => "");
      res.serverSessionsRecoveredTotal = Number(/^brigade_sessions_recovered_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
      res.serverReconnectionsTotal = Number(/^brigade_reconnections_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
    }
    res.serverStderrTail = next.stderrTail.slice(-4);
    res.serverNotable = next.notable;
    res.serverLogCounts = next.counts;
    res.ok =
      !res.timedOut &&
      res.inRoom === opts.clients &&
      res.duplicates === 0 &&
      res.outOfOrder === 0 &&
      (kind !== "brigade" || (res.recovered === opts.clients && res.allEvents === opts.clients));
  } catch (err) {
    res.ok = false;
    res.error = String(err?.stack ?? err);
    log(`${kind} ${signal} ${caseName}: FAILED: ${res.error}`);
  } finally {
    clearInterval(loadTimer);
    res.loadavgEnd = loadavg();
    res.loadavg1Max = Math.max(...loads, res.loadavgEnd[0]);
  }
  return res;
}

// ---------------------------------------------------------------- main

function provenance() {
  const git = (...args) => {
    try {
      return execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    } catch {
      return null;
    }
  };
  let binaryMtime = null;
  try {
    binaryMtime = statSync(opts.brigadeBin).mtime.toISOString();
  } catch {
    // not built
  }
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "apps", "CMakeLists.txt");
  return { commit: git("rev-parse", "--short", "HEAD"), dirty: dirty === null ? null : dirty.length > 0, binaryMtime };
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");

function table(results) {
  const header = [
    "server", "restart", "screens had", "reconnected (all)", "p50", "attempt→CONNECT p50/p99", "recovered", "back in room (all)",
    "missed events (all)", "events heard", "dup/ooo", "listening after", "SYN drops", "server peak RSS", "server CPU (s)", "server waited for a CPU (s)", "client CPU (s)", "load (1-min max)",
  ];
  const rows = [header];
  for (const r of results) {
    rows.push([
      r.server === "brigade" ? "Brigade" : "socket.io 4.8",
      r.signal === "SIGTERM" ? "SIGTERM" : "kill -9",
      r.case === "events" ? "an event" : "no event",
      r.ok === false && r.error ? "FAILED" : `${f(r.allReconnectedS, 2)} s`,
      `${f(r.reconnectP50S, 2)} s`,
      `${f(r.handshakeWaitP50S, 2)}/${f(r.handshakeWaitP99S, 2)} s`,
      `${r.recovered ?? "—"}/${r.clients}`,
      `${f(r.allInRoomS, 2)} s`,
      Number.isFinite(r.allEventsS) ? `${f(r.allEventsS, 2)} s` : `${r.allEvents ?? "—"}/${r.clients} screens`,
      `${r.heardOrderEvents ?? "—"}/${r.expectedOrderEvents ?? "—"}`,
      `${r.duplicates ?? "—"}/${r.outOfOrder ?? "—"}`,
      `${f(r.listeningMs, 0)} ms`,
      String(r.tcp?.ListenDrops ?? "—"),
      `${f(r.serverPeakRssKiB / 1024, 1)} MiB`,
      `${f(r.serverCpuS, 2)} (${f(r.serverSysCpuS, 2)} kernel; ${f(r.serverCores, 2)} cores)`,
      f(r.serverRunqueueWaitS, 1),
      f(r.clientCpuS, 1),
      f(r.loadavg1Max, 2),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

async function main() {
  const before = provenance();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), "brigade-storm-"));
  if (opts.servers.includes("brigade")) {
    // Every restart runs the same binary, even if build/ is rebuilt meanwhile.
    const copy = path.join(tmpDir, "brigade");
    copyFileSync(opts.brigadeBin, copy);
    chmodSync(copy, 0o755);
    opts.brigadeBinCopy = copy;
  }
  log(
    `clients=${opts.clients} workers=${opts.workers} kill=${opts.kill} servers=${opts.servers.join(",")} cases=${opts.cases.join(",")} ` +
      `reconnectionDelay=${opts.reconnectDelay} ms ±${opts.randomization * 100} % (max ${opts.reconnectDelayMax}) tmp=${tmpDir} load=${loadavg().join(" ")}`,
  );
  startWorkers();
  await collect("hello", 10_000);
  const results = [];
  for (const kind of opts.servers) {
    const port = await freePort();
    const dbDir = opts.dbDir ? mkdtempSync(path.join(opts.dbDir, "brigade-storm-db-")) : tmpDir;
    if (opts.dbDir) process.on("exit", () => opts.keep || rmSync(dbDir, { recursive: true, force: true }));
    const db = path.join(dbDir, `${kind}.db`);
    if (kind === "brigade") fsyncProbes.push({ when: "start", dir: dbDir, ms: fsyncProbe(dbDir) });
    const state = { port, db, nextOrderId: 1 };
    state.server = await startServer(kind, port, db, 1);
    state.ids =
      kind === "brigade"
        ? await brigadeIdentities(`http://127.0.0.1:${port}`)
        : {
            // The peer checks no token; the same room mix, table ids 1–12.
            chef: "peer", waiter: "peer", manager: "peer", kitchenDisplay: "peer",
            tableIds: Array.from({ length: 12 }, (_, i) => i + 1),
            tableDisplays: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, "peer"])),
          };
    log(`${kind}: pid ${state.server.pid} on port ${port}, ${state.ids.tableIds.length} tables`);
    const cases = kind === "brigade" ? opts.cases : opts.cases.filter((c) => c === "events");
    for (const caseName of cases) {
      for (const signal of opts.signals) {
        const r = await scenario(kind, signal, caseName, state);
        results.push(r);
        log(
          `${kind} ${signal} ${caseName}: reconnected ${r.reconnected}/${opts.clients} (all by ${f(r.allReconnectedS, 2)} s), ` +
            `recovered ${r.recovered}, in room by ${f(r.allInRoomS, 2)} s, every missed event by ${f(r.allEventsS, 2)} s, ` +
            `peak RSS ${f(r.serverPeakRssKiB / 1024)} MiB, server CPU ${f(r.serverCpuS, 2)} s, ok=${r.ok}`,
        );
        await sleep(2000);
      }
    }
    await ask("close", 120_000).catch(() => {});
    if (kind === "brigade") fsyncProbes.push({ when: "end", dir: path.dirname(db), ms: fsyncProbe(path.dirname(db)) });
    state.server.child.kill("SIGTERM");
    await Promise.race([state.server.exited, sleep(15_000)]);
  }
  tell({ type: "exit" });
  const after = provenance();
  console.log(table(results));
  console.log(
    `commit ${before.commit}${before.dirty ? " (uncommitted server changes)" : ""}, brigade binary built ${before.binaryMtime}` +
      (before.binaryMtime !== after.binaryMtime ? ` (rebuilt during the run; the run used a copy taken at its start)` : "") +
      `; ${os.cpus().length} cores; 1-min load average: ${f(Math.min(...results.map((r) => r.loadavgStart[0])), 2)} at the quietest start, ` +
      `${f(Math.max(...results.map((r) => r.loadavg1Max)), 2)} at most`,
  );
  if (fsyncProbes.length) {
    console.log(`fsync of a 100-byte write in the database directory: ${fsyncProbes.map((p) => `${p.when} ${f(p.ms, 3)} ms`).join(", ")} (${fsyncProbes[0].dir})`);
  }
  for (const r of results.filter((x) => !x.ok)) {
    console.log(`NOT OK ${r.server} ${r.signal} ${r.case}: ${r.error ?? `recovered ${r.recovered}, all events ${r.allEvents}, dup ${r.duplicates}, ooo ${r.outOfOrder}, timed out ${!!r.timedOut}`}`);
  }
  const out = {
    bench: "brigade-reconnect-storm",
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, clkTck, loadavgAtStart: results[0]?.loadavgStart },
    provenance: { ...before, binaryChangedDuringRun: before.binaryMtime !== after.binaryMtime },
    options: { ...opts, brigadeArgs: brigadeArgs(0, "DB").slice(1) },
    fsyncProbes,
    results,
  };
  const json = JSON.stringify(out);
  console.log(json);
  if (opts.save) {
    const file = opts.out ?? path.join(here, "results", `storm-${out.date.slice(0, 10)}-n${opts.clients}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${json}\n`);
    log(`saved ${path.relative(root, file)}`);
  }
  await sleep(300);
  // Brigade must recover everyone; the peer is expected to recover nobody.
  process.exit(results.filter((r) => r.server === "brigade").every((r) => r.ok) ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`storm.mjs: ${err?.stack ?? err}\n`);
  killAll();
  process.exit(1);
});

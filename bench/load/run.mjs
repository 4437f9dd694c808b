#!/usr/bin/env node
// Server load benchmark: Brigade vs the Node socket.io 4.8 reference peer,
// measured in the same run on the same machine. See README.md beside this
// file and docs/benchmarks.md for what each figure means.
//
//   node bench/load/run.mjs --server both --connections 10000
//
// Every figure is the *server's* CPU time (utime+stime from /proc/PID/stat,
// all threads) or RSS (/proc/PID/status), so the load generator's own CPU is
// not counted. Each repetition runs in a fresh server process; the reported
// value is the median over repetitions. Everything is bounded: each wait has a
// timeout and the whole run has --max-seconds.

import { spawn, fork, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const usage = `usage: node bench/load/run.mjs [options]
  --server brigade|node|node-plain|both|all   (default both = brigade + node)
        node       = tests/integration/support/reference-server.mjs (the reference peer)
        node-plain = bench/load/socketio-peer.mjs (same handlers, no outbound-limit hook)
  --connections N        subscriber connections (default 10000)
  --workers W            client processes (default 4)
  --repeats R            fresh server processes per server (default 3)
  --bursts B             measured bursts per repetition (default max(5, 3e6/(K*N)))
  --burst-size K         messages per burst (default 100)
  --singles S            measured one-at-a-time messages (default max(50, 1e6/N))
  --payload-bytes P      JSON size of the broadcast payload object (default 100)
  --threads T            brigade --threads (default: not passed → one loop per core)
  --ping-interval MS     (default 300000: no heartbeat inside a repetition)
  --ping-timeout MS      (default 60000)
  --concurrency C        connection attempts in flight per worker (default 100)
  --settle-ms MS         idle time before reading RSS / final CPU (default 1000)
  --brigade-bin PATH     (default build/apps/brigade/brigade)
  --max-seconds S        hard limit for the whole run (default 1800)
  --no-floor             skip the loopback send() floor (floor.mjs) run at the end
  --json-only            print only the JSON line`;

function parseArgs(argv) {
  const o = {
    server: "both",
    connections: 10000,
    workers: 4,
    repeats: 3,
    bursts: undefined,
    burstSize: 100,
    singles: undefined,
    payloadBytes: 100,
    threads: undefined,
    pingInterval: 300000,
    pingTimeout: 60000,
    concurrency: 100,
    settleMs: 1000,
    brigadeBin: path.join(root, "build/apps/brigade/brigade"),
    maxSeconds: 1800,
    jsonOnly: false,
    floor: true,
  };
  const numeric = {
    "--connections": "connections",
    "--workers": "workers",
    "--repeats": "repeats",
    "--bursts": "bursts",
    "--burst-size": "burstSize",
    "--singles": "singles",
    "--payload-bytes": "payloadBytes",
    "--threads": "threads",
    "--ping-interval": "pingInterval",
    "--ping-timeout": "pingTimeout",
    "--concurrency": "concurrency",
    "--settle-ms": "settleMs",
    "--max-seconds": "maxSeconds",
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    if (flag === "--help" || flag === "-h") {
      console.log(usage);
      process.exit(0);
    }
    if (flag === "--json-only") {
      o.jsonOnly = true;
      continue;
    }
    if (flag === "--no-floor") {
      o.floor = false;
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
    if (flag === "--server") o.server = value;
    else if (flag === "--brigade-bin") o.brigadeBin = path.resolve(value);
    else if (flag in numeric) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) die(`${flag} needs a non-negative integer, got ${value}`);
      o[numeric[flag]] = n;
    } else die(`unknown option ${flag}`);
  }
  const sets = {
    brigade: ["brigade"],
    node: ["node"],
    "node-plain": ["node-plain"],
    both: ["brigade", "node"],
    all: ["brigade", "node", "node-plain"],
  };
  if (!(o.server in sets)) die(`--server must be one of ${Object.keys(sets).join(", ")}`);
  o.servers = sets[o.server];
  if (o.connections < 1 || o.workers < 1 || o.repeats < 1 || o.burstSize < 1) die("counts must be ≥ 1");
  if (o.workers > 200) die("--workers ≤ 200");
  o.bursts ??= Math.max(5, Math.ceil(3e6 / (o.burstSize * o.connections)));
  o.singles ??= Math.max(50, Math.ceil(1e6 / o.connections));
  return o;
}

function die(message) {
  process.stderr.write(`run.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => {
  if (!opts.jsonOnly) process.stderr.write(`[load] ${a.join(" ")}\n`);
};

// ---------------------------------------------------------------- /proc

let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
} catch {
  // 100 is Linux's USER_HZ everywhere that matters.
}

/// Server CPU in µs: utime+stime of all threads (ticks of 1/CLK_TCK s), plus
/// the nanosecond sum of /proc/PID/task/*/schedstat as a finer cross-check.
function readCpu(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const uticks = Number(fields[11]);
  const sticks = Number(fields[12]);
  const ticks = uticks + sticks;
  let schedNs = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      schedNs += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
  } catch {
    schedNs = NaN;
  }
  return { us: (ticks * 1e6) / clkTck, userUs: (uticks * 1e6) / clkTck, sysUs: (sticks * 1e6) / clkTck, schedUs: schedNs / 1e3 };
}

function readRssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

/// 1-minute load average: with 2 cores, much above ~5 (server + 4 workers)
/// means something else was competing for the CPUs during the run.
function loadavg1() {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}

function threadCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return NaN;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes

const children = new Set();
function killAll() {
  for (const c of children) {
    try {
      c.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
const hardStop = setTimeout(() => {
  process.stderr.write(`run.mjs: --max-seconds ${opts.maxSeconds} reached; stopping everything\n`);
  killAll();
  process.exit(3);
}, opts.maxSeconds * 1000);
hardStop.unref();

function serverCommand(kind) {
  const common = [
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--ping-interval",
    String(opts.pingInterval),
    "--ping-timeout",
    String(opts.pingTimeout),
    // A connection gets the whole generator's backlog to send "40" in.
    "--connect-timeout",
    "60000",
  ];
  if (kind === "brigade") {
    const extra = opts.threads !== undefined ? ["--threads", String(opts.threads)] : [];
    // Thousands of connections from a few loopback addresses, and a publisher
    // sending bursts as fast as it can: the abuse limits (off in the peers,
    // which have none) would measure themselves, not the fan-out.
    const unlimited = ["--handshake-rate", "0", "--event-rate", "0", "--max-connections-per-ip", "0"];
    return [opts.brigadeBin, ["conformance", ...common, ...extra, ...unlimited]];
  }
  if (kind === "node") {
    // The reference peer enforces the same handshake and event limits as
    // Brigade by default (for the integration suite): off here as well.
    const unlimited = ["--handshake-rate", "0", "--event-rate", "0"];
    return [process.execPath, [path.join(root, "tests/integration/support/reference-server.mjs"), "conformance", ...common, ...unlimited]];
  }
  return [process.execPath, [path.join(here, "socketio-peer.mjs"), "conformance", ...common]];
}

async function startServer(kind) {
  const [cmd, args] = serverCommand(kind);
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
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
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    children.delete(child);
  });
  const rl = readline.createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${kind}: no listening line within 10 s`)), 10_000);
    rl.on("line", (line) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`${kind} exited with ${code} before listening: ${stderrTail.join(" | ")}`));
    });
  });
  return {
    kind,
    child,
    pid: child.pid,
    port,
    url: `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`,
    stderrTail,
    exited: () => exited,
  };
}

async function stopServer(server) {
  if (server.exited()) return server.exited();
  server.child.kill("SIGTERM");
  const deadline = Date.now() + 5000;
  while (!server.exited() && Date.now() < deadline) await sleep(50);
  if (!server.exited()) {
    server.child.kill("SIGKILL");
    while (!server.exited()) await sleep(20);
    return { ...server.exited(), forced: true };
  }
  return server.exited();
}

// ---------------------------------------------------------------- workers

const workers = [];
const inbox = []; // {worker, message}
let inboxWaiter = null;

function startWorkers() {
  for (let i = 0; i < opts.workers; i++) {
    const w = fork(path.join(here, "worker.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.add(w);
    w.index = i;
    w.on("message", (message) => {
      inbox.push({ worker: i, message });
      inboxWaiter?.();
    });
    w.on("exit", () => children.delete(w));
    workers.push(w);
  }
}

/// Waits for one message matching `pred` from every worker in `from`.
async function collect(pred, timeoutMs, what, from = workers.map((w) => w.index)) {
  const pending = new Set(from);
  const got = new Map();
  const deadline = Date.now() + timeoutMs;
  while (pending.size) {
    for (let i = 0; i < inbox.length; i++) {
      const { worker, message } = inbox[i];
      if (pending.has(worker) && pred(message)) {
        got.set(worker, message);
        pending.delete(worker);
        inbox.splice(i, 1);
        i--;
      }
    }
    if (!pending.size) break;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timeout after ${timeoutMs} ms waiting for ${what} from workers ${[...pending]}`);
    await new Promise((resolve) => {
      const t = setTimeout(resolve, left);
      inboxWaiter = () => {
        clearTimeout(t);
        resolve();
      };
    });
    inboxWaiter = null;
  }
  return [...got.values()];
}

function broadcastToWorkers(message) {
  for (const w of workers) w.send(message);
}

// ---------------------------------------------------------------- publisher

function payloadFor(seq) {
  const base = { seq, body: "" };
  const overhead = JSON.stringify(base).length;
  base.body = "x".repeat(Math.max(0, opts.payloadBytes - overhead));
  return base;
}

async function openPublisher(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("publisher: no CONNECT reply in 10 s")), 10_000);
    ws.on("open", () => ws.send("40"));
    ws.on("message", (d) => {
      const s = d.toString();
      if (s.startsWith("40{")) {
        clearTimeout(t);
        resolve();
      } else if (s === "2") ws.send("3");
    });
    ws.on("error", (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
  ws.removeAllListeners("message");
  ws.on("message", (d) => {
    if (d.length === 1 && d[0] === 0x32) ws.send("3");
  });
  return ws;
}

// ---------------------------------------------------------------- one run

function split(n, parts) {
  const base = Math.floor(n / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < n % parts ? 1 : 0));
}

async function runOnce(kind, rep) {
  const server = await startServer(kind);
  const result = { server: kind, repetition: rep, pid: server.pid, port: server.port, loadavgAtStart: loadavg1() };
  let published = 0;
  let lastPayload = null;
  let publisher = null;
  const shares = split(opts.connections, opts.workers);
  const active = workers.filter((w) => shares[w.index] > 0).map((w) => w.index);
  try {
    await sleep(300);
    result.threads = threadCount(server.pid);
    const base = { cpu: readCpu(server.pid), rss: readRssKiB(server.pid) };
    result.rssBaseKiB = base.rss;

    // Phase 1: N connections (Engine.IO handshake + Socket.IO CONNECT).
    log(`${kind} #${rep}: pid ${server.pid}, connecting ${opts.connections} clients on port ${server.port}`);
    const c0 = readCpu(server.pid);
    const t0 = performance.now();
    for (const w of workers) {
      if (!shares[w.index]) continue;
      w.send({
        type: "connect",
        url: server.url,
        count: shares[w.index],
        concurrency: opts.concurrency,
        // One source address per worker: ≤ 20 000 sockets per process, and
        // 28 000 ephemeral ports per source address.
        localAddresses: [`127.0.0.${1 + (w.index % 250)}`],
      });
    }
    const connected = await collect((m) => m.type === "connected", 300_000, "connected", active);
    const connectWallMs = performance.now() - t0;
    const ready = connected.reduce((a, m) => a + m.ready, 0);
    const failed = connected.reduce((a, m) => a + m.failed, 0);
    result.connectWallMs = connectWallMs;
    result.connectedReady = ready;
    result.connectFailed = failed;
    if (ready !== opts.connections) {
      const firstError = connected.map((m) => m.anomalies.firstError).find(Boolean);
      throw new Error(`only ${ready}/${opts.connections} connected (${failed} failed; first error: ${firstError})`);
    }
    await sleep(opts.settleMs);
    const c1 = readCpu(server.pid);
    const rssConnected = readRssKiB(server.pid);
    result.cpuPerConnUs = (c1.us - c0.us) / opts.connections;
    result.schedPerConnUs = (c1.schedUs - c0.schedUs) / opts.connections;
    result.sysPerConnUs = (c1.sysUs - c0.sysUs) / opts.connections;
    result.kibPerConn = (rssConnected - base.rss) / opts.connections;
    result.rssConnectedKiB = rssConnected;

    // Phase 2: every subscriber joins room "bench".
    log(`${kind} #${rep}: joining`);
    const j0 = readCpu(server.pid);
    broadcastToWorkers({ type: "join", room: "bench" });
    await collect((m) => m.type === "joined", 120_000, "joined", active);
    await sleep(opts.settleMs);
    const j1 = readCpu(server.pid);
    const rssJoined = readRssKiB(server.pid);
    result.cpuPerJoinUs = (j1.us - j0.us) / opts.connections;
    result.kibPerConnInRoom = (rssJoined - base.rss) / opts.connections;
    result.rssJoinedKiB = rssJoined;

    // Idle drift: what the server burns with N idle connections (timers, GC).
    const i0 = readCpu(server.pid);
    await sleep(1000);
    const i1 = readCpu(server.pid);
    result.idleCpuUsPerSec = i1.us - i0.us;

    publisher = await openPublisher(server.url);
    const publish = (count) => {
      for (let k = 0; k < count; k++) {
        lastPayload = payloadFor(published++);
        publisher.send(`42${JSON.stringify(["broadcast", "bench", lastPayload])}`);
      }
    };
    const round = async (count, what) => {
      const target = published + count;
      broadcastToWorkers({ type: "target", value: target });
      publish(count);
      await collect((m) => m.type === "reached" && m.target === target, 120_000, `${what} up to ${target}`, active);
    };

    // Warm-up (not measured): one burst, so JITs and allocators are warm.
    await round(opts.burstSize, "warm-up");

    // Phase 3a: bursts of K back-to-back messages.
    log(`${kind} #${rep}: ${opts.bursts} bursts of ${opts.burstSize}`);
    const b0 = readCpu(server.pid);
    const bt0 = performance.now();
    for (let b = 0; b < opts.bursts; b++) await round(opts.burstSize, "burst");
    const burstWallMs = performance.now() - bt0;
    const b1 = readCpu(server.pid);
    const burstDeliveries = opts.bursts * opts.burstSize * opts.connections;
    result.cpuPerMsgBurstUs = (b1.us - b0.us) / burstDeliveries;
    result.schedPerMsgBurstUs = (b1.schedUs - b0.schedUs) / burstDeliveries;
    result.burstDeliveriesPerSec = burstDeliveries / (burstWallMs / 1000);
    result.burstCpuUtil = (b1.us - b0.us) / (burstWallMs * 1000);
    result.sysPerMsgBurstUs = (b1.sysUs - b0.sysUs) / burstDeliveries;

    // Phase 3b: one message at a time, each fully delivered before the next.
    log(`${kind} #${rep}: ${opts.singles} one-at-a-time messages`);
    const s0 = readCpu(server.pid);
    const st0 = performance.now();
    for (let s = 0; s < opts.singles; s++) await round(1, "single");
    const singleWallMs = performance.now() - st0;
    const s1 = readCpu(server.pid);
    const singleDeliveries = opts.singles * opts.connections;
    result.cpuPerMsgSingleUs = (s1.us - s0.us) / singleDeliveries;
    result.schedPerMsgSingleUs = (s1.schedUs - s0.schedUs) / singleDeliveries;
    result.singleDeliveriesPerSec = singleDeliveries / (singleWallMs / 1000);
    result.singleRoundTripMs = singleWallMs / opts.singles;
    result.singleCpuUtil = (s1.us - s0.us) / (singleWallMs * 1000);
    result.sysPerMsgSingleUs = (s1.sysUs - s0.sysUs) / singleDeliveries;

    // Check: every subscriber got every message exactly once, intact.
    broadcastToWorkers({ type: "report" });
    const reports = await collect((m) => m.type === "report", 30_000, "report", active);
    const expectedFrame = `42${JSON.stringify(["msg", lastPayload])}`;
    result.published = published;
    result.delivered = reports.reduce((a, r) => a + r.sum, 0);
    result.expectedDeliveries = published * opts.connections;
    result.minPerSocket = Math.min(...reports.map((r) => r.min));
    result.maxPerSocket = Math.max(...reports.map((r) => r.max));
    result.openAtEnd = reports.reduce((a, r) => a + r.open, 0);
    result.sampleFrameOk = reports.every((r) => r.sample === expectedFrame);
    result.anomalies = {
      errors: reports.reduce((a, r) => a + r.anomalies.errors, 0),
      unexpectedCloses: reports.reduce((a, r) => a + r.anomalies.unexpectedCloses, 0),
      serverDisconnects: reports.reduce((a, r) => a + r.anomalies.serverDisconnects, 0),
    };
    result.ok =
      result.delivered === result.expectedDeliveries &&
      result.minPerSocket === published &&
      result.maxPerSocket === published &&
      result.openAtEnd === opts.connections &&
      result.sampleFrameOk;
    await sleep(opts.settleMs);
    result.rssEndKiB = readRssKiB(server.pid);
    result.loadavgAtEnd = loadavg1();
    result.kibPerConnAfterTraffic = (result.rssEndKiB - base.rss) / opts.connections;
  } catch (err) {
    result.ok = false;
    result.error = String(err?.message ?? err);
    log(`${kind} #${rep}: FAILED: ${result.error}`);
  } finally {
    const exit = server.exited();
    if (exit) result.serverExitedEarly = exit;
    result.serverStderrTail = server.stderrTail.slice(-5);
    // Stop the server first so TIME_WAIT lands on the server's side and the
    // client source ports are free for the next repetition.
    result.serverStop = await stopServer(server);
    publisher?.terminate();
    broadcastToWorkers({ type: "close" });
    await collect((m) => m.type === "closed", 30_000, "closed").catch(() => {});
    inbox.length = 0;
    await sleep(500);
  }
  return result;
}

// ---------------------------------------------------------------- floor

function runFloor() {
  const frameBytes = `42${JSON.stringify(["msg", payloadFor(0)])}`.length + 2;
  const args = [
    path.join(here, "floor.mjs"),
    "--connections", String(opts.connections),
    "--workers", String(opts.workers),
    "--rounds", String(Math.max(50, Math.min(opts.singles, 1000))),
    "--frame-bytes", String(frameBytes),
    "--burst-size", String(opts.burstSize),
    "--repeats", String(opts.repeats),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    children.add(child);
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => (out += d));
    const t = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("exit", (code) => {
      clearTimeout(t);
      children.delete(child);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`floor.mjs exited with ${code}`));
    });
  });
}

// ---------------------------------------------------------------- summary

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const metrics = [
  ["cpuPerConnUs", "CPU per connection (µs, handshake + CONNECT)", "≤ 30", 1],
  ["sysPerConnUs", "  of which kernel (stime)", "", 1],
  ["kibPerConn", "RSS per idle connection (KiB)", "≤ 2", 2],
  ["kibPerConnInRoom", "RSS per idle connection in a room (KiB)", "≤ 2", 2],
  ["kibPerConnAfterTraffic", "RSS per connection after the fan-out (KiB)", "", 2],
  ["cpuPerMsgBurstUs", `CPU per delivered msg, bursts of ${opts.burstSize} (µs)`, "≤ 1.5", 3],
  ["sysPerMsgBurstUs", "  of which kernel (stime)", "", 3],
  ["cpuPerMsgSingleUs", "CPU per delivered msg, one at a time (µs)", "≤ 2.9 (bare uWS)", 3],
  ["sysPerMsgSingleUs", "  of which kernel (stime)", "", 3],
  ["burstDeliveriesPerSec", "delivered msg/s, bursts (wall)", "", 0],
  ["singleDeliveriesPerSec", "delivered msg/s, one at a time (wall)", "", 0],
  ["burstCpuUtil", "server CPU busy during bursts (cores)", "", 2],
  ["singleCpuUtil", "server CPU busy, one at a time (cores)", "", 2],
  ["connectWallMs", "wall time to connect N (ms)", "", 0],
  ["cpuPerJoinUs", "CPU per join + ack (µs)", "", 1],
  ["idleCpuUsPerSec", "idle CPU with N connections (µs/s)", "", 0],
];

function fmt(x, digits) {
  if (!Number.isFinite(x)) return "—";
  if (digits === 0) return Math.round(x).toLocaleString("en-US");
  return x.toFixed(digits);
}

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
    // not built: the brigade runs will fail and say so
  }
  // Only what the measured servers are built or run from.
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "apps", "CMakeLists.txt",
    "tests/integration/support/reference-server.mjs", "bench/load/socketio-peer.mjs");
  return { commit: git("rev-parse", "--short", "HEAD"), dirty: dirty === null ? null : dirty.length > 0, binaryMtime };
}

async function main() {
  const before = provenance();
  log(
    `N=${opts.connections} workers=${opts.workers} repeats=${opts.repeats} bursts=${opts.bursts}×${opts.burstSize} ` +
      `singles=${opts.singles} payload=${opts.payloadBytes}B servers=${opts.servers.join(",")} CLK_TCK=${clkTck}`,
  );
  startWorkers();
  await collect((m) => m.type === "hello", 10_000, "hello");
  const runs = [];
  for (let rep = 1; rep <= opts.repeats; rep++) {
    // Alternate the order so neither server always runs on a "fresher" machine.
    const order = rep % 2 ? opts.servers : [...opts.servers].reverse();
    for (const kind of order) runs.push(await runOnce(kind, rep));
  }
  for (const w of workers) w.send({ type: "exit" });
  await sleep(500);

  // The kernel floor of one delivery here (see floor.mjs), same N, same run.
  let floor = null;
  if (opts.floor) {
    log(`loopback send() floor: N=${opts.connections}`);
    floor = await runFloor().catch((err) => ({ error: String(err?.message ?? err) }));
  }

  const summary = {};
  for (const kind of opts.servers) {
    const mine = runs.filter((r) => r.server === kind);
    const good = mine.filter((r) => r.ok);
    summary[kind] = { runs: mine.length, ok: good.length };
    for (const [key] of metrics) summary[kind][key] = median(good.map((r) => r[key]));
    for (const key of ["schedPerConnUs", "schedPerMsgBurstUs", "schedPerMsgSingleUs", "rssBaseKiB", "threads"]) {
      summary[kind][key] = median(good.map((r) => r[key]));
    }
  }
  const ratio = (key, a, b) => summary[a]?.[key] / summary[b]?.[key];
  const after = provenance();
  const binaryChanged = opts.servers.includes("brigade") && before.binaryMtime !== after.binaryMtime;

  if (!opts.jsonOnly) {
    const cols = opts.servers;
    const header = ["metric (median of runs)", ...cols];
    const others = cols.filter((k) => k !== "brigade");
    const showRatio = cols.includes("brigade") && others.length > 0;
    if (showRatio) for (const o of others) header.push(`${o}/brigade`);
    header.push("target");
    const rows = [header];
    for (const [key, label, target, digits] of metrics) {
      const row = [label, ...cols.map((k) => fmt(summary[k][key], digits))];
      if (showRatio) for (const o of others) row.push(fmt(ratio(key, o, "brigade"), 2));
      row.push(target);
      rows.push(row);
    }
    const widths = header.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
    const line = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
    console.log(line(rows[0]));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows.slice(1)) console.log(line(r));
    if (floor && !floor.error) {
      console.log(
        `loopback TCP send() floor, same N (floor.mjs; sender's kernel CPU per ${floor.options.frameBytes}-byte frame): ` +
          `one frame per send() ${fmt(floor.singleSysUsPerFrame, 3)} µs; ` +
          `${opts.burstSize} frames per send() ${fmt(floor.burstSysUsPerFrame, 3)} µs`,
      );
    } else if (floor?.error) {
      console.log(`loopback TCP send() floor: failed: ${floor.error}`);
    }
    console.log(
      `commit ${before.commit}${before.dirty ? " (servers' sources have uncommitted changes)" : ""}, brigade binary built ${before.binaryMtime}` +
        (binaryChanged ? ` — WARNING: the binary changed during the run (now ${after.binaryMtime})` : "") +
        `; highest 1-min load average seen: ${Math.max(...runs.flatMap((r) => [r.loadavgAtStart, r.loadavgAtEnd]).filter(Number.isFinite))}`,
    );
    for (const kind of cols) {
      const s = summary[kind];
      console.log(`${kind}: ${s.ok}/${s.runs} runs ok, ${s.threads} threads, base RSS ${fmt(s.rssBaseKiB, 0)} KiB`);
    }
    for (const r of runs.filter((x) => !x.ok)) {
      console.log(`FAILED ${r.server} #${r.repetition}: ${r.error ?? "delivery check failed"} ` +
        `(delivered ${r.delivered}/${r.expectedDeliveries}, open ${r.openAtEnd}, stderr: ${r.serverStderrTail?.join(" | ")})`);
    }
  }
  console.log(
    JSON.stringify({
      bench: "brigade-server-load",
      machine: { cores: (await import("node:os")).cpus().length, node: process.version, clkTck },
      provenance: { ...before, binaryChangedDuringRun: binaryChanged },
      options: { ...opts, servers: undefined },
      summary,
      floor,
      runs,
    }),
  );
  const allOk = runs.every((r) => r.ok);
  process.exit(allOk ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`run.mjs: ${err?.stack ?? err}\n`);
  killAll();
  process.exit(1);
});

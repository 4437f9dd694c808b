#!/usr/bin/env node
// Slow consumer: one kitchen screen that stops reading while orders flow to
// a kitchen room of ~1000 well-behaved screens on `brigade serve`. Shows
// that the server cuts that screen off at its outbound bound
// (--max-outbound-bytes, 1 MiB by default), that its RSS stays flat, and
// that the other screens' delivery latency does not change: p50/p99 before
// the slow screen stops reading, while it is stalled, and after it is cut
// off, in the same run. Figures and commands: docs/benchmarks.md, "Reconnect storm and slow consumer".
//
//   node bench/load/slow-consumer.mjs                  # 1000 screens, 5 orders/s of ~25 KB
//   node bench/load/slow-consumer.mjs --screens 200 --phase-seconds 5   # quick look
//
// Phases (the same order rate throughout), alternating so that drift on a
// shared machine hits both kinds alike:
//   without-1  --phase-seconds of orders, no slow screen;
//   stalled-1  a slow screen (a raw `ws` client, logged in and in the kitchen
//              room) calls ws._socket.pause(): from then until the server
//              disconnects it ("slow consumer … disconnected" on the
//              server's stderr, as tests/integration/slow-consumer.test.mjs
//              detects it) — at most --stall-timeout seconds;
//   without-2, stalled-2, …, without-(C+1)   (--cycles C, default 2).
// Then the slow screens resume: each gets what the kernel still held for it
// and sees its connection closed.
//
// Latency of a delivery = arrival at the screen − the moment the driver sent
// the POST /api/orders that caused it (so it includes the REST call and the
// durable commit), and, separately, − the first arrival of that event at any
// screen (the fan-out spread, which the commit does not affect). A delivery
// counts for the phase in which its order was sent.
//
// Server figures: RSS from /proc/PID/status every 100 ms; CPU per phase;
// the `brigade_outbound_queue_bytes` gauge from /metrics every 250 ms —
// it counts a frame shared by N screens N times, so its peaks at each
// broadcast are bytes waiting, not memory (RSS is the memory).

import { execFileSync, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const usage = `usage: node bench/load/slow-consumer.mjs [options]
  --screens N           well-behaved kitchen screens (default 1000)
  --workers W           client processes for them (default 4)
  --rate R              orders per second (default 5); each makes order:created + order:new
  --items K             items per order (default 40)
  --note-bytes B        notes per item (default 500): events of ~25 KB each, so that
                        a stalled screen fills the kernel's ~4 MB of socket buffers and
                        the server's 1 MiB bound in ~20 s (before its heartbeat would
                        end it: 25 s + 20 s)
  --phase-seconds S     length of each phase without a stalled screen (default 20)
  --stall-timeout S     most time the stalled phase may take (default 60)
  --cycles C            stalled phases, each between two phases without (default 2)
  --max-outbound-bytes  passed to brigade serve (default: not passed → the server's 1 MiB)
  --db-dir DIR          where the database goes (default: a new directory in $TMPDIR or /tmp)
  --brigade-bin PATH    (default build/apps/brigade/brigade)
  --max-seconds S       hard limit for the whole run (default 600)
  --out PATH            (default bench/load/results/slow-consumer-YYYY-MM-DD.json)
  --no-save`;

function die(message) {
  process.stderr.write(`slow-consumer.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}

const opts = {
  screens: 1000,
  workers: 4,
  rate: 5,
  items: 40,
  noteBytes: 500,
  phaseSeconds: 20,
  stallTimeout: 60,
  cycles: 2,
  maxOutboundBytes: undefined,
  dbDir: undefined,
  brigadeBin: path.join(root, "build/apps/brigade/brigade"),
  maxSeconds: 600,
  out: undefined,
  save: true,
};
{
  const numeric = {
    "--screens": "screens", "--workers": "workers", "--rate": "rate", "--items": "items", "--note-bytes": "noteBytes",
    "--phase-seconds": "phaseSeconds", "--stall-timeout": "stallTimeout", "--cycles": "cycles", "--max-outbound-bytes": "maxOutboundBytes",
    "--max-seconds": "maxSeconds",
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    if (flag === "-h" || flag === "--help") {
      console.log(usage);
      process.exit(0);
    }
    if (flag === "--no-save") {
      opts.save = false;
      continue;
    }
    let value;
    const eq = flag.indexOf("=");
    if (eq !== -1) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else value = argv[++i];
    if (value === undefined) die(`missing value for ${flag}`);
    if (flag === "--brigade-bin") opts.brigadeBin = path.resolve(value);
    else if (flag === "--db-dir") opts.dbDir = path.resolve(value);
    else if (flag === "--out") opts.out = path.resolve(value);
    else if (flag in numeric) {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) die(`${flag} needs a positive number`);
      opts[numeric[flag]] = n;
    } else die(`unknown option ${flag}`);
  }
  if (opts.items > 100 || opts.noteBytes > 500) die("at most 100 items of at most 500 characters of notes (the API's limits)");
}

const log = (...a) => process.stderr.write(`[slow ${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
} catch {
  // USER_HZ
}
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / clkTck;
  } catch {
    return NaN;
  }
}
const rssKiB = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  } catch {
    return NaN;
  }
};
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

const children = new Set();
let tmpDir = null;
const killAll = () => children.forEach((c) => c.kill("SIGKILL"));
process.on("exit", () => {
  killAll();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));
setTimeout(() => {
  process.stderr.write(`slow-consumer.mjs: --max-seconds ${opts.maxSeconds} reached\n`);
  process.exit(3);
}, opts.maxSeconds * 1000).unref();

// ---------------------------------------------------------------- server

function serverArgs(db) {
  const args = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--demo"];
  // 1000 screens from a few loopback addresses and 20+ REST calls a second
  // from one: the per-address abuse limits off (they are not under test).
  args.push("--handshake-rate", "0", "--max-connections-per-ip", "0", "--http-rate", "0");
  if (opts.maxOutboundBytes !== undefined) args.push("--max-outbound-bytes", String(opts.maxOutboundBytes));
  return args;
}

async function startServer(db) {
  const child = spawn(opts.brigadeBin, serverArgs(db), {
    cwd: root,
    env: { ...process.env, BRIGADE_JWT_SECRET: randomBytes(32).toString("hex") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const server = { child, pid: child.pid, cuts: [], stderrTail: [] };
  const err = readline.createInterface({ input: child.stderr });
  err.on("line", (line) => {
    server.stderrTail.push(line);
    if (server.stderrTail.length > 20) server.stderrTail.shift();
    const m = /slow consumer (\S+) disconnected \((\d+) bytes unsent\)/.exec(line);
    if (m) server.cuts.push({ at: now(), remote: m[1], unsentBytes: Number(m[2]), line });
    if (/socket_disconnected/.test(line) && /ping timeout/.test(line)) server.pingTimeouts = (server.pingTimeouts ?? 0) + 1;
  });
  child.on("exit", (code, signal) => {
    server.exit = { code, signal };
    children.delete(child);
  });
  const out = readline.createInterface({ input: child.stdout });
  server.port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("no listening line in 30 s")), 30_000);
    out.on("line", (line) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });
  return server;
}

async function api(base, method, url, { token, json } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${url}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

// ---------------------------------------------------------------- workers

const workers = [];
const inbox = [];
let wake = null;
async function collect(type, timeoutMs) {
  const got = new Map();
  const deadline = Date.now() + timeoutMs;
  while (got.size < workers.length) {
    for (let i = 0; i < inbox.length; i++) {
      if (inbox[i].m.type === type && !got.has(inbox[i].w)) {
        got.set(inbox[i].w, inbox[i].m);
        inbox.splice(i, 1);
        i--;
      }
    }
    if (got.size === workers.length) break;
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${type}`);
    await new Promise((r) => {
      const t = setTimeout(r, 500);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });
    wake = null;
  }
  return [...got.values()];
}

// ---------------------------------------------------------------- slow screen

/** A kitchen screen as a raw `ws` client; resolves once it is in the room. */
async function slowScreen(port, token) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
  const slow = { ws, bytes: 0, closed: false, closedAt: 0 };
  ws.on("error", () => {});
  ws.on("close", () => {
    slow.closed = true;
    slow.closedAt = now();
  });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("slow screen: no join ack in 10 s")), 10_000);
    ws.on("open", () => ws.send(`40${JSON.stringify({ token })}`));
    ws.on("message", (data) => {
      slow.bytes += data.length;
      const s = data.toString("latin1", 0, 8);
      if (s === "2") ws.send("3");
      else if (s.startsWith("40{")) ws.send('420["join:kitchen"]');
      else if (s.startsWith("430[")) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  // Count what arrives once it reads again (bytes of whole messages).
  ws._socket.on("data", (chunk) => {
    if (slow.resumed) slow.wireBytesAfterResume = (slow.wireBytesAfterResume ?? 0) + chunk.length;
  });
  return slow;
}

// ---------------------------------------------------------------- stats

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
function summary(xs) {
  const v = Float64Array.from(xs).sort();
  let sum = 0;
  for (const x of v) sum += x;
  return { n: v.length, p50: pct(v, 50), p90: pct(v, 90), p99: pct(v, 99), p999: pct(v, 99.9), max: v[v.length - 1] ?? NaN, mean: sum / v.length };
}

// ---------------------------------------------------------------- main

async function main() {
  tmpDir = mkdtempSync(path.join(opts.dbDir ?? os.tmpdir(), "brigade-slow-"));
  const binaryMtime = statSync(opts.brigadeBin).mtime.toISOString();
  const loads = [loadavg()[0]];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]), 1000);
  log(`screens=${opts.screens} rate=${opts.rate}/s items=${opts.items}×${opts.noteBytes} B load=${loadavg().join(" ")}`);
  const server = await startServer(path.join(tmpDir, "brigade.db"));
  const base = `http://127.0.0.1:${server.port}`;
  const login = async (u) => (await api(base, "POST", "/api/auth/login", { json: { username: u, password: `${u}pass` } })).body.token;
  const chef = await login("chef1");
  const waiter = await login("waiter1");

  for (let i = 0; i < opts.workers; i++) {
    const w = fork(path.join(here, "slow-consumer-worker.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
    children.add(w);
    w.on("message", (m) => {
      inbox.push({ w: i, m });
      wake?.();
    });
    workers.push(w);
  }
  await collect("hello", 10_000);
  const share = (i) => Math.floor(opts.screens / opts.workers) + (i < opts.screens % opts.workers ? 1 : 0);
  workers.forEach((w, i) =>
    w.send({
      type: "connect",
      url: `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`,
      count: share(i),
      token: chef,
      localAddress: `127.0.${10 + i}.1`,
      concurrency: 50,
    }),
  );
  const connected = await collect("connected", 120_000);
  const joined = connected.reduce((a, m) => a + m.joined, 0);
  if (joined !== opts.screens) throw new Error(`only ${joined}/${opts.screens} screens joined: ${JSON.stringify(connected.map((m) => m.anomalies))}`);
  log(`${joined} screens in the kitchen room`);

  // Server samples: RSS (100 ms), outbound queue from /metrics (250 ms).
  const samples = [];
  const sampler = setInterval(() => samples.push({ at: now(), rssKiB: rssKiB(server.pid), cpuS: cpuSeconds(server.pid) }), 100);
  const queue = [];
  let queuePolling = true;
  (async () => {
    while (queuePolling) {
      const text = await fetch(`${base}/metrics`).then((r) => r.text()).catch(() => "");
      const m = /^brigade_outbound_queue_bytes (\d+)/m.exec(text);
      if (m) queue.push({ at: now(), bytes: Number(m[1]) });
      await sleep(250);
    }
  })();

  // The order flow: one POST every 1/rate s, whatever the answers do.
  const padding = "x".repeat(opts.noteBytes);
  const posted = [];
  const failures = [];
  let flowing = true;
  const inFlight = new Set();
  const flow = (async () => {
    const interval = 1000 / opts.rate;
    let next = now();
    while (flowing) {
      const sent = now();
      const items = Array.from({ length: opts.items }, (_, k) => ({
        menuItemId: 6,
        quantity: 1,
        notes: k === 0 ? `t:${sent.toFixed(3)}`.padEnd(opts.noteBytes, " ") : padding,
      }));
      const request = api(base, "POST", "/api/orders", { token: waiter, json: { tableId: 1 + (posted.length % 12), items } })
        .then((r) => {
          if (r.status === 201) posted.push({ orderId: r.body.orderId, sent, answered: now() });
          else failures.push({ status: r.status, body: r.body });
        })
        .catch((e) => failures.push({ error: String(e) }))
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
      next += interval;
      await sleep(Math.max(0, next - now()));
    }
  })();

  const phases = [];
  const mark = (name, kind) => {
    phases.push({ name, kind, start: now(), cpuS: cpuSeconds(server.pid), rssKiB: rssKiB(server.pid) });
    log(`phase ${name}`);
  };
  await sleep(2000); // warm-up, not counted
  const slows = [];
  for (let cycle = 1; cycle <= opts.cycles; cycle++) {
    mark(`without-${cycle}`, "without");
    await sleep(opts.phaseSeconds * 1000);
    const slow = await slowScreen(server.port, chef);
    slow.ws._socket.pause();
    slow.pausedAt = now();
    const cutsBefore = server.cuts.length;
    mark(`stalled-${cycle}`, "stalled");
    const stallDeadline = slow.pausedAt + opts.stallTimeout * 1000;
    while (server.cuts.length === cutsBefore && now() < stallDeadline) await sleep(50);
    slow.cut = server.cuts[cutsBefore] ?? null;
    slows.push(slow);
    log(
      slow.cut
        ? `server cut slow screen ${cycle} off after ${((slow.cut.at - slow.pausedAt) / 1000).toFixed(1)} s: ${slow.cut.line}`
        : `the server did NOT cut slow screen ${cycle} off`,
    );
  }
  mark(`without-${opts.cycles + 1}`, "without");
  await sleep(opts.phaseSeconds * 1000);
  mark("end", "end");
  flowing = false;
  await flow;
  await Promise.all([...inFlight]);
  await sleep(2000); // the last orders' events arrive
  clearInterval(sampler);
  queuePolling = false;

  // The slow screens read again: what do they get, and are they closed?
  for (const slow of slows) {
    slow.bytesWhilePaused = slow.bytes;
    slow.resumed = true;
    slow.ws._socket.resume();
  }
  const resumeDeadline = now() + 10_000;
  while (slows.some((x) => !x.closed) && now() < resumeDeadline) await sleep(50);

  workers.forEach((w) => w.send({ type: "report" }));
  const reports = await collect("report", 120_000);
  const minEvents = Math.min(...reports.map((r) => r.minEvents));
  const maxEvents = Math.max(...reports.map((r) => r.maxEvents));
  const openAtEnd = reports.reduce((a, r) => a + r.open, 0);

  // Latency by the phase in which the POST that caused the event was sent.
  const phaseOf = (t) => {
    for (let i = phases.length - 2; i >= 0; i--) if (t >= phases[i].start) return phases[i];
    return null;
  };
  const byKey = new Map();
  for (const r of reports) {
    for (const e of r.events) {
      const key = `${e.event} ${e.orderId}`;
      let agg = byKey.get(key);
      if (!agg) byKey.set(key, (agg = { sent: e.sent, times: [] }));
      for (const t of e.times) agg.times.push(t);
    }
  }
  const lat = {};
  const spread = {};
  const deliveries = {};
  const add = (key, sent, times) => {
    lat[key] ??= [];
    spread[key] ??= [];
    deliveries[key] = (deliveries[key] ?? 0) + times.length;
    let first = Infinity;
    for (const t of times) first = Math.min(first, t);
    for (const t of times) {
      lat[key].push(t - sent);
      spread[key].push(t - first);
    }
  };
  for (const { sent, times } of byKey.values()) {
    const ph = phaseOf(sent);
    if (!ph) continue; // warm-up
    add(ph.name, sent, times);
    add(`all ${ph.kind}`, sent, times);
  }
  const phaseStats = {};
  for (let i = 0; i < phases.length - 1; i++) {
    const p = phases[i];
    const end = phases[i + 1];
    const inPhase = samples.filter((x) => x.at >= p.start && x.at < end.start);
    const q = queue.filter((x) => x.at >= p.start && x.at < end.start);
    phaseStats[p.name] = {
      kind: p.kind,
      startAt: p.start,
      endAt: end.start,
      seconds: (end.start - p.start) / 1000,
      orders: posted.filter((o) => o.sent >= p.start && o.sent < end.start).length,
      deliveries: deliveries[p.name] ?? 0,
      latencyMs: summary(lat[p.name] ?? []),
      fanoutSpreadMs: summary(spread[p.name] ?? []),
      serverCores: (end.cpuS - p.cpuS) / ((end.start - p.start) / 1000),
      serverRssKiB: { start: p.rssKiB, min: Math.min(...inPhase.map((x) => x.rssKiB)), max: Math.max(...inPhase.map((x) => x.rssKiB)), end: end.rssKiB },
      outboundQueueMaxBytes: Math.max(0, ...q.map((x) => x.bytes)),
      outboundQueueP50Bytes: summary(q.map((x) => x.bytes)).p50,
    };
  }
  const byKind = {};
  for (const kind of ["without", "stalled"]) {
    const mine = Object.values(phaseStats).filter((x) => x.kind === kind);
    byKind[kind] = {
      seconds: mine.reduce((a, x) => a + x.seconds, 0),
      orders: mine.reduce((a, x) => a + x.orders, 0),
      deliveries: deliveries[`all ${kind}`] ?? 0,
      latencyMs: summary(lat[`all ${kind}`] ?? []),
      fanoutSpreadMs: summary(spread[`all ${kind}`] ?? []),
      serverRssKiB: { min: Math.min(...mine.map((x) => x.serverRssKiB.min)), max: Math.max(...mine.map((x) => x.serverRssKiB.max)) },
      outboundQueueMaxBytes: Math.max(...mine.map((x) => x.outboundQueueMaxBytes)),
      outboundQueueP50Bytes: summary(queue.filter((x) => mine.some((m) => x.at >= m.startAt && x.at < m.endAt)).map((x) => x.bytes)).p50,
      serverCores: mine.reduce((a, x) => a + x.serverCores * x.seconds, 0) / mine.reduce((a, x) => a + x.seconds, 0),
    };
  }
  clearInterval(loadTimer);
  const expectedPerScreen = 2 * posted.length;
  const t0 = phases[0].start;
  const result = {
    bench: "brigade-slow-consumer",
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, loadavgStart: loads[0], loadavgMax: Math.max(...loads), loadavgEnd: loadavg() },
    binaryMtime,
    options: { ...opts, serverArgs: serverArgs("DB") },
    eventBytes: null,
    ordersPosted: posted.length,
    orderFailures: failures.length,
    firstFailure: failures[0] ?? null,
    screens: opts.screens,
    everyScreenGotEveryEvent: minEvents === expectedPerScreen && maxEvents === expectedPerScreen,
    eventsPerScreen: { expected: expectedPerScreen, min: minEvents, max: maxEvents },
    screensOpenAtEnd: openAtEnd,
    slow: slows.map((x) => ({
      cut: x.cut !== null,
      cutAfterS: x.cut ? (x.cut.at - x.pausedAt) / 1000 : null,
      unsentBytesAtCut: x.cut?.unsentBytes ?? null,
      serverLine: x.cut?.line ?? null,
      bytesBeforePause: x.bytesWhilePaused,
      wireBytesAfterResume: x.wireBytesAfterResume ?? 0,
      closedAfterResume: x.closed,
      ordersWhileStalled: x.cut ? posted.filter((o) => o.sent >= x.pausedAt && o.sent < x.cut.at).length : null,
    })),
    pingTimeouts: server.pingTimeouts ?? 0,
    byKind,
    phases: phaseStats,
    phaseStarts: phases.map((x) => [x.name, Math.round(x.start - t0)]),
    queueSamples: queue.map((x) => [Math.round(x.at - t0), x.bytes]),
    rssSamples: samples.filter((_, i) => i % 10 === 0).map((x) => [Math.round(x.at - t0), x.rssKiB]),
  };
  // Size of one order:created as the screens get it, about: the order's JSON.
  if (posted.length) {
    const o = await api(base, "GET", `/api/orders/${posted[posted.length - 1].orderId}`, { token: waiter });
    result.eventBytes = JSON.stringify(o.body).length;
  }

  // Table.
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");
  const rows = [["phase", "seconds", "orders", "deliveries", "latency p50 / p99 / max (ms)", "fan-out spread p50 / p99 (ms)", "server RSS min–max (MiB)", "queue gauge p50 / max (KiB)", "server cores"]];
  const row = (label, x) =>
    rows.push([
      label,
      f(x.seconds),
      String(x.orders),
      x.deliveries.toLocaleString("en-US"),
      `${f(x.latencyMs.p50)} / ${f(x.latencyMs.p99)} / ${f(x.latencyMs.max)}`,
      `${f(x.fanoutSpreadMs.p50)} / ${f(x.fanoutSpreadMs.p99)}`,
      `${f(x.serverRssKiB.min / 1024)}–${f(x.serverRssKiB.max / 1024)}`,
      `${f(x.outboundQueueP50Bytes / 1024, 0)} / ${f(x.outboundQueueMaxBytes / 1024, 0)}`,
      f(x.serverCores, 2),
    ]);
  for (const [name, x] of Object.entries(phaseStats)) {
    row(x.kind === "stalled" ? `${name} (a screen stopped reading → cut off)` : `${name} (no stalled screen)`, x);
  }
  row("ALL without a stalled screen", byKind.without);
  row("ALL with a stalled screen", byKind.stalled);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n"));
  for (const [i, x] of result.slow.entries()) {
    console.log(
      `slow screen ${i + 1}: ${x.cut ? `cut off ${f(x.cutAfterS, 1)} s after it stopped reading (${x.ordersWhileStalled} orders), ${x.unsentBytesAtCut} bytes unsent at the cut` : "NOT cut off"}; ` +
        `after resuming it got ${x.wireBytesAfterResume} bytes (what the kernel held) and ${x.closedAfterResume ? "saw the connection closed" : "was still open"}`,
    );
  }
  console.log(
    `${opts.screens} screens: every one got all ${expectedPerScreen} order events: ${result.everyScreenGotEveryEvent} (min ${minEvents}, max ${maxEvents}); ${openAtEnd} still open. ` +
      `Order ~${result.eventBytes} B of JSON; ${posted.length} orders, ${failures.length} failed; ${result.pingTimeouts} ping timeouts. Brigade binary built ${binaryMtime}; ` +
      `1-min load average ${f(loads[0], 2)} at the start, ${f(Math.max(...loads), 2)} at most.`,
  );
  const json = JSON.stringify(result);
  console.log(json);
  if (opts.save) {
    const file = opts.out ?? path.join(here, "results", `slow-consumer-${result.date.slice(0, 10)}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${json}\n`);
    log(`saved ${path.relative(root, file)}`);
  }
  workers.forEach((w) => w.send({ type: "exit" }));
  server.child.kill("SIGTERM");
  await sleep(500);
  const ok = slows.every((x) => x.cut !== null && x.closed) && result.everyScreenGotEveryEvent && openAtEnd === opts.screens && failures.length === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`slow-consumer.mjs: ${err?.stack ?? err}\n`);
  process.exit(1);
});

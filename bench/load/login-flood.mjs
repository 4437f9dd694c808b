#!/usr/bin/env node
// Login flood benchmark (issue 17): does a flood of bogus logins slow down
// the commands of the staff already logged in? See docs/benchmarks.md
// ("Commands during a login flood").
//
//   node bench/load/login-flood.mjs                          # ~25 s: 64 bogus logins at once from one address
//   node bench/load/login-flood.mjs --addresses 8 --flood 64 # the same 64 spread over 8 addresses
//   node bench/load/login-flood.mjs --brigade-bin OLD/brigade --out /tmp/before.json   # another build
//
// Steps, against one fresh `brigade serve --demo` (the server's defaults;
// only the per-address REST rate is left on, as in production):
//   1. quiet: for --duration seconds a waiter creates orders over REST, one
//      after another with 50 ms between them, while a Socket.IO client of
//      the same waiter joins and leaves a table room every 200 ms (each join
//      reads the store on a database worker), and /readyz is asked every
//      250 ms;
//   2. flood: the same, while --flood workers each keep one bogus login in
//      flight (unknown usernames: every admitted one costs argon2id), from
//      --addresses loopback addresses (127.0.2.1, …). A worker sends its next
//      login as soon as the previous one is answered, whatever the answer:
//      an attacker ignores Retry-After.
// Printed: per phase, the command latencies (p50/p99/max), /readyz answers,
// and the logins' outcomes. Raw figures go to --out as JSON.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import { io } from "socket.io-client";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

const usage = `usage: node bench/load/login-flood.mjs [options]
  --flood N          bogus logins kept in flight (default 64)
  --addresses N      loopback addresses they come from (default 1)
  --duration S       measured seconds per phase (default 10)
  --server-args "…"  extra arguments for brigade serve (e.g. "--login-threads 2")
  --brigade-bin PATH (default build/apps/brigade/brigade)
  --out PATH         raw results (default bench/load/results/login-flood-YYYY-MM-DD-<addresses>addr.json)
  --no-save          do not write the raw results`;

function parseArgs(argv) {
  const o = { flood: 64, addresses: 1, duration: 10, serverArgs: [], brigadeBin: path.join(root, "build/apps/brigade/brigade"), out: undefined, save: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") {
      console.log(usage);
      process.exit(0);
    }
    if (flag === "--no-save") {
      o.save = false;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) die(`missing value for ${flag}`);
    if (flag === "--flood") o.flood = positive(flag, value);
    else if (flag === "--addresses") o.addresses = positive(flag, value);
    else if (flag === "--duration") o.duration = positive(flag, value);
    else if (flag === "--server-args") o.serverArgs = value.split(/\s+/).filter(Boolean);
    else if (flag === "--brigade-bin") o.brigadeBin = path.resolve(value);
    else if (flag === "--out") o.out = path.resolve(value);
    else die(`unknown option ${flag}`);
  }
  if (o.addresses > 250) die("--addresses: at most 250");
  o.out ??= path.join(here, "results", `login-flood-${new Date().toISOString().slice(0, 10)}-${o.addresses}addr.json`);
  return o;
}
function die(message) {
  process.stderr.write(`login-flood.mjs: ${message}\n${usage}\n`);
  process.exit(2);
}
function positive(flag, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) die(`${flag} needs a positive integer, got ${value}`);
  return n;
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => process.stderr.write(`[login-flood] ${a.join(" ")}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

// ---------------------------------------------------------------- the server

let child = null;
process.on("exit", () => child?.kill("SIGKILL"));

async function startServer(dbPath) {
  const args = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", dbPath, "--demo", "--mode", "dev", ...opts.serverArgs];
  log(`server: ${path.relative(root, opts.brigadeBin)} ${args.join(" ")}`);
  child = spawn(opts.brigadeBin, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const tail = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => tail.push(...chunk.split("\n").filter(Boolean)) && tail.splice(0, Math.max(0, tail.length - 20)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server: no listening line within 15 s")), 15_000);
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${tail.join(" | ")}`)));
  });
}

// ---------------------------------------------------------------- the clients

function request(agent, port, method, urlPath, { headers = {}, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: "127.0.0.1", port, method, path: urlPath, headers, localAddress }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

// The phase's workload: orders over REST, joins over Socket.IO, /readyz.
// Paced like a busy restaurant rather than as fast as possible, so that the
// per-address REST rate (300/s) and the per-connection event rate (20/s)
// stay out of the way: 20 orders and 5 join+leave pairs a second at most.
const orderPauseMs = 50;
const joinPauseMs = 200;
async function measure(port, token, socket, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const end = performance.now() + seconds * 1000;
  const orders = [];
  const joins = [];
  const ready = { 200: 0, other: 0, reasons: {}, latencies: [] };
  const orderBody = JSON.stringify({ tableId: 4, items: [{ menuItemId: 6, quantity: 2 }, { menuItemId: 10, quantity: 1 }] });
  const rest = (async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await request(agent, port, "POST", "/api/orders", {
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: orderBody,
      });
      if (res.status !== 201) throw new Error(`POST /api/orders: ${res.status} ${res.text}`);
      orders.push(performance.now() - t0);
      await sleep(orderPauseMs);
    }
  })();
  const realtime = (async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const ack = await socket.timeout(30_000).emitWithAck("join:table", { tableId: 4 });
      if (!ack?.ok) throw new Error(`join:table: ${JSON.stringify(ack)}`);
      joins.push(performance.now() - t0);
      await socket.timeout(30_000).emitWithAck("leave:table", { tableId: 4 });
      await sleep(joinPauseMs);
    }
  })();
  const probe = (async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await request(agent, port, "GET", "/readyz");
      ready.latencies.push(performance.now() - t0);
      if (res.status === 200) ready[200]++;
      else {
        ready.other++;
        const reason = JSON.parse(res.text).reason ?? String(res.status);
        ready.reasons[reason] = (ready.reasons[reason] ?? 0) + 1;
      }
      await sleep(250);
    }
  })();
  await Promise.all([rest, realtime, probe]);
  agent.destroy();
  return { orders: summary(orders), joins: summary(joins), readyz: { ok: ready[200], notReady: ready.other, reasons: ready.reasons, ...summary(ready.latencies) } };
}

// --flood workers, each with its own keep-alive connection from its address,
// in a worker thread of their own: the attacker's JavaScript must not delay
// the waiter's, whose latencies are what is measured.
function floodInWorkerThread({ port, flood, addresses: addressCount }) {
  const outcomes = {};
  const checkedLatencies = [];
  let running = true;
  let serial = 0;
  const addresses = Array.from({ length: addressCount }, (_, i) => `127.0.2.${i + 1}`);
  const worker = async (address) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (running) {
      const t0 = performance.now();
      let key;
      try {
        const res = await request(agent, port, "POST", "/api/auth/login", {
          localAddress: address,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ username: `bogus-${serial++}`, password: "guess" }),
        });
        key = res.status === 429 ? `429 ${JSON.parse(res.text).error.message.replace(/\d+ s$/, "N s")}` : String(res.status);
        if (res.status === 401) checkedLatencies.push(performance.now() - t0);
      } catch (err) {
        key = `error ${err.code ?? err.message}`;
        await sleep(50);
      }
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    agent.destroy();
  };
  const started = performance.now();
  const all = Array.from({ length: flood }, (_, i) => worker(addresses[i % addresses.length]));
  parentPort.once("message", async () => {
    running = false;
    await Promise.all(all);
    const seconds = (performance.now() - started) / 1000;
    parentPort.postMessage({
      seconds: Math.round(seconds * 10) / 10,
      outcomes,
      checked: summary(checkedLatencies),
      checkedPerSecond: Math.round((checkedLatencies.length / seconds) * 10) / 10,
    });
  });
}

function startFlood(port) {
  const thread = new Worker(fileURLToPath(import.meta.url), {
    workerData: { port, flood: opts.flood, addresses: opts.addresses },
    argv: process.argv.slice(2),
  });
  return {
    stop() {
      const report = new Promise((resolve, reject) => {
        thread.once("message", resolve);
        thread.once("error", reject);
      });
      thread.postMessage("stop");
      return report;
    },
  };
}

// ---------------------------------------------------------------- the run

async function main() {

  const dir = mkdtempSync(path.join(os.tmpdir(), "brigade-login-flood-"));
  try {
    const port = await startServer(path.join(dir, "flood.db"));
    const login = await request(undefined, port, "POST", "/api/auth/login", {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "waiter1", password: "waiter1pass" }),
    });
    if (login.status !== 200) throw new Error(`login as waiter1: ${login.status} ${login.text}`);
    const token = JSON.parse(login.text).token;
    const socket = io(`http://127.0.0.1:${port}`, { auth: { token }, transports: ["websocket"], reconnection: false });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });

    log(`quiet: ${opts.duration} s of orders, joins and /readyz`);
    const quiet = await measure(port, token, socket, opts.duration);
    log(`flood: the same with ${opts.flood} bogus logins in flight from ${opts.addresses} address(es)`);
    const flood = startFlood(port);
    await sleep(1000); // let the flood fill every queue first
    const loaded = await measure(port, token, socket, opts.duration);
    const logins = await flood.stop();
    socket.close();
    child.kill("SIGTERM");

    const commit = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const result = {
      date: new Date().toISOString(),
      commit,
      command: `node bench/load/login-flood.mjs ${process.argv.slice(2).join(" ")}`.trim(),
      cores: os.cpus().length,
      loadavg1: Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]),
      options: { flood: opts.flood, addresses: opts.addresses, duration: opts.duration, serverArgs: opts.serverArgs, brigadeBin: path.relative(root, opts.brigadeBin) },
      quiet,
      flood: { ...loaded, logins },
    };
    const row = (name, s) => `${name.padEnd(28)} ${String(s.count).padStart(6)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)}`;
    console.log(`${"ms".padEnd(28)} ${"count".padStart(6)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)}`);
    for (const [phase, r] of [["quiet", quiet], ["flood", loaded]]) {
      console.log(row(`${phase}: POST /api/orders`, r.orders));
      console.log(row(`${phase}: join:table ack`, r.joins));
      console.log(row(`${phase}: GET /readyz`, r.readyz) + `   200: ${r.readyz.ok}, not ready: ${r.readyz.notReady} ${JSON.stringify(r.readyz.reasons)}`);
    }
    console.log(`logins over ${logins.seconds} s: ${JSON.stringify(logins.outcomes)}; checked (401) ${logins.checkedPerSecond}/s, p50 ${logins.checked.p50} ms, p99 ${logins.checked.p99} ms`);
    console.log(`commit ${commit}, ${result.cores} cores, load average ${result.loadavg1}`);
    if (opts.save) {
      mkdirSync(path.dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
      log(`saved ${path.relative(root, opts.out)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  await main();
  process.exit(0);
} else {
  floodInWorkerThread(workerData);
}

// The two servers of the `service` scenario, each started fresh on a free
// port, and what /proc says of their process:
//   brigade  `brigade serve` on a new SQLite file: its durable defaults
//            (WAL, synchronous=FULL, an fsync per command), the per-address
//            abuse limits off (thousands of screens and commands from one
//            loopback address), no web apps;
//   peer     bench/peers/express-peer.mjs: Express 4 + socket.io 4.8 in memory.
// Restaurants are created the way each offers: `brigade restaurant create`
// on the database, or the peer's stand-in route.

import { execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
const peerScript = path.join(repoRoot, "bench/peers/express-peer.mjs");

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** {user, system} CPU seconds of a process, all its threads (/proc/PID/stat). */
export function processCpu(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
}

/** Resident set size in KiB (/proc/PID/status). */
export function residentKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
}

/** Spawns a server and resolves with {pid, base, stop()} once it prints its listening line. */
function launch(label, file, args, env, timeoutMs) {
  const child = spawn(file, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const tail = [];
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${label} printed no listening line in ${timeoutMs} ms:\n${tail.join("\n")}`));
    }, timeoutMs);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${signal ?? code}) before listening:\n${tail.join("\n")}`));
    });
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = / listening on (http:\/\/[\d.]+:\d+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        base: m[1],
        stderrTail: () => tail.join("\n"),
        /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
        async stop(graceMs = 10_000) {
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          const end = await exited;
          clearTimeout(killer);
          process.removeListener("exit", killOnExit);
          return end;
        },
      });
    });
  });
}

const run = (file, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: repoRoot, timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${path.basename(file)} ${args.slice(0, 2).join(" ")}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin.end(input);
  });

/** Brigade on a fresh database; restaurants from its command line. */
export async function startBrigade({ brigadeBin, extraArgs = [], threads, dbDir, timeoutMs }) {
  const dir = mkdtempSync(path.join(dbDir ?? os.tmpdir(), "brigade-service-"));
  const db = path.join(dir, "brigade.db");
  // On a tmpfs an fsync costs nothing, and Brigade's durability with it.
  const dbFileSystem = execFileSync("stat", ["-f", "-c", "%T", dir]).toString().trim();
  const args = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--web-root", path.join(dir, "no-web-apps")];
  args.push("--handshake-rate", "0", "--max-connections-per-ip", "0", "--http-rate", "0");
  if (threads) args.push("--threads", String(threads));
  args.push(...extraArgs);
  const server = await launch("brigade serve", brigadeBin, args, { BRIGADE_JWT_SECRET: randomBytes(32).toString("hex") }, timeoutMs);
  return {
    ...server,
    name: "brigade",
    args,
    dbFileSystem,
    /** `brigade restaurant create … --password-stdin --json`: {restaurant, manager}. */
    async createRestaurant({ name, manager, password }) {
      const out = await run(brigadeBin, ["restaurant", "create", "--db", db, "--name", name, "--timezone", "UTC", "--currency", "EUR", "--manager", manager, "--password-stdin", "--json"], `${password}\n`);
      return JSON.parse(out);
    },
    async stop() {
      const end = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return end;
    },
  };
}

/** The Express + socket.io peer; restaurants from its stand-in route. */
export async function startPeer({ timeoutMs }) {
  const args = [peerScript, "--host", "127.0.0.1", "--port", "0"];
  const server = await launch("express-peer", process.execPath, args, { BRIGADE_JWT_SECRET: randomBytes(32).toString("hex") }, timeoutMs);
  return {
    ...server,
    name: "peer",
    args,
    async createRestaurant({ name, manager, password }) {
      const res = await fetch(`${server.base}/peer/restaurants`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, timezone: "UTC", currency: "EUR", manager: { username: manager, password } }),
      });
      if (res.status !== 201) throw new Error(`peer: POST /peer/restaurants → ${res.status} ${await res.text()}`);
      return res.json();
    },
  };
}

// A Node.js socket.io 4.8 server with the real @socket.io/redis-adapter, as a
// peer of Brigade nodes in one cluster, and the waits the cluster tests share.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after } from "node:test";

import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";

import { tempDir } from "./api.mjs";
import { startRedis } from "./redis.mjs";
import { brigadeBinary, repoRoot, startKitchenServer } from "./server.mjs";

/** The demo restaurant's kitchen, as Brigade names the room inside (docs/cluster.md). */
export const kitchenRoom = "r1/kitchen";

/** Debian's redis-server, a Brigade node with demo data on it, and a Node.js peer: one cluster. */
export async function startMixedCluster() {
  const redis = await startRedis();
  const brigade = await startKitchenServer({
    db: path.join(tempDir("brigade-cluster-"), "node.db"),
    extraArgs: ["--adapter", redis.url],
  });
  const peer = await startNodePeer(redis.url);
  return { redis, brigade, peer };
}

/** A plain socket.io 4.8 server on `redisUrl`'s cluster; each client joins the rooms of its `rooms` query. */
export async function startNodePeer(redisUrl) {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  // The client reconnects by itself after Redis returns; errors meanwhile are expected.
  for (const client of [pub, sub]) client.on("error", () => {});
  await Promise.all([pub.connect(), sub.connect()]);
  const server = http.createServer();
  const ioServer = new Server(server, { adapter: createAdapter(pub, sub, { requestsTimeout: 3000 }) });
  ioServer.on("connection", (socket) => {
    for (const room of String(socket.handshake.query.rooms ?? "").split(",").filter(Boolean)) socket.join(room);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(async () => {
    ioServer.close();
    await Promise.allSettled([pub.quit(), sub.quit()]);
  });
  return { io: ioServer, url: `http://127.0.0.1:${server.address().port}` };
}

/** A socket.io client of the Node peer, in `rooms`; closed when the test ends. */
export async function nodeClient(t, peer, rooms) {
  const socket = connect(peer.url, { query: { rooms: rooms.join(",") }, transports: ["websocket"], forceNew: true });
  t.after(() => socket.close());
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Resolves with the arguments when `socket` hears `event`; rejects after `timeoutMs`. */
export function heard(socket, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Repeats `send` until `socket` hears `event` (subscriptions take a moment to be in place). */
export async function untilHeard(socket, event, send, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const arrival = heard(socket, event, 250).catch(() => null);
    send();
    const args = await arrival;
    if (args) return args;
    if (Date.now() > deadline) throw new Error(`${event} never arrived within ${timeoutMs} ms`);
  }
}

/** Retries `attempt` (an async check that throws) until it passes or `timeoutMs` runs out. */
export async function eventually(attempt, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const run = promisify(execFile);
const clusterScript = path.join(repoRoot, "scripts/cluster.sh");

/**
 * scripts/cluster.sh's cluster: PostgreSQL, Redis, `nodes` Brigade nodes with
 * demo data and nginx in front, in a fresh directory, taken down when the
 * test file ends. `nodeArgs` go to every node's `brigade serve`.
 */
export async function startPgCluster({ nodes = 3, nodeArgs = [], jwtSecret } = {}) {
  // Not tempDir(): its clean-up, registered first, would run first and leave
  // `down` no directory to find the servers by.
  const parent = mkdtempSync(path.join(os.tmpdir(), "brigade-pg-cluster-"));
  const dir = path.join(parent, "cluster");
  const env = {
    ...process.env,
    BRIGADE_BIN: brigadeBinary(),
    BRIGADE_CLUSTER_NODES: String(nodes),
    BRIGADE_CLUSTER_ARGS: nodeArgs.join(" "),
    ...(jwtSecret ? { BRIGADE_JWT_SECRET: jwtSecret } : {}),
  };
  const script = (...args) => run("bash", [clusterScript, ...args, dir], { env, maxBuffer: 1 << 20 });
  after(async () => {
    // Fails the file when a (sanitized) node reported an error in its log.
    try {
      await script("down");
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
  await script("up");
  const vars = Object.fromEntries(
    readFileSync(path.join(dir, "cluster.env"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return {
    dir,
    lbUrl: vars.LB_URL,
    redisUrl: vars.REDIS_URL,
    storeUrl: vars.STORE_URL,
    /** Node n's own URL (1, 2, …). */
    node: (n) => vars[`NODE${n}_URL`],
    /** kill -9 node n, as a crash would. */
    kill: (n) => script("kill", String(n)),
    /** Starts node n again, where it was; resolves once it is ready. */
    start: (n) => script("start", String(n)),
    status: async () => (await script("status")).stdout,
    /** kill -9 Redis, and start it again on its port. */
    stopBus: () => script("stop-bus"),
    startBus: () => script("start-bus"),
  };
}

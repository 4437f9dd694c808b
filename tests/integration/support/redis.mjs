// Debian's redis-server for the cluster tests: on a free loopback port, with
// nothing saved to disk, stopped when the test file ends. `kill()` and
// `start()` again on the same port stand for Redis dying and coming back.

import { spawn } from "node:child_process";
import net from "node:net";
import { after } from "node:test";

import { freePort } from "./server.mjs";

/** Resolves once something accepts connections on 127.0.0.1:port. */
async function accepting(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startRedis() {
  const port = await freePort();
  let child = null;
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: "ignore",
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.exited = exited;
      await accepting(port);
    },
    /** Kills it at once (a crash) and waits until it is gone. */
    async kill() {
      if (!child) return;
      const { exited } = child;
      child.kill("SIGKILL");
      await exited;
      child = null;
    },
  };
  await redis.start();
  after(() => redis.kill());
  return redis;
}

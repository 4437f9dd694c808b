// Starts the server under test on 127.0.0.1:0 and stops it when the test file
// ends.
//
// startServer(): the protocol server.
//   BRIGADE_PEER=node   node tests/integration/support/reference-server.mjs
//   otherwise           $BRIGADE_BIN (default <repo>/build/apps/brigade/brigade)
// both run as `... conformance --host 127.0.0.1 --port 0 ...extraArgs` and both
// print exactly one line, "brigade conformance listening on http://HOST:PORT"
// (https:// with --tls-cert),
// once they accept connections.
//
// startKitchenServer(): `brigade serve` on a SQLite file (Brigade only).

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

// Kept here rather than imported from auth.mjs, which imports this module.
const testSecret = "brigade-integration-tests-jwt-secret-0123456789";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");

/** True when the suite runs against the npm socket.io reference peer. */
export const isNodePeer = process.env.BRIGADE_PEER === "node";

const listeningLine = /^brigade(?: conformance)? listening on (https?:\/\/(\d+\.\d+\.\d+\.\d+):(\d+))$/;
const startTimeoutMs = 10_000;

/** Path of the Brigade binary under test. */
export function brigadeBinary() {
  const bin = process.env.BRIGADE_BIN || path.join(repoRoot, "build/apps/brigade/brigade");
  if (!existsSync(bin)) {
    throw new Error(
      `server binary not found at ${bin}: build it (cmake --build build) or set ` +
        "BRIGADE_BIN, or run against the reference peer with BRIGADE_PEER=node",
    );
  }
  return bin;
}

function command(extraArgs) {
  const args = ["conformance", "--host", "127.0.0.1", "--port", "0", ...extraArgs];
  if (isNodePeer) {
    return { file: process.execPath, args: [path.join(here, "reference-server.mjs"), ...args] };
  }
  return { file: brigadeBinary(), args };
}

/**
 * Starts the server and registers an `after()` hook that stops it and fails
 * the file if the server died on its own in the meantime.
 *
 * Call it at the top level of a test file (top-level await).
 *
 * @param {string[]} extraArgs flags after `--port 0`
 * @returns {Promise<{url: string, port: number, process: import("node:child_process").ChildProcess,
 *                    rssKiB: () => number, stderr: () => string,
 *                    waitForStderr: (pattern: RegExp|string, timeoutMs?: number) => Promise<void>,
 *                    stop: () => Promise<void>}>}
 */
export async function startServer(extraArgs = []) {
  const { file, args } = command(extraArgs);
  const server = await launch(file, args);
  after(server.stop);
  return server;
}

/**
 * Starts `brigade serve --db DB [--demo]` on HOST:PORT (default 127.0.0.1; 0: any
 * free port; a fixed one restarts a killed server where its clients expect it)
 * and stops it when the test file ends (unless the test already killed it
 * with `kill9()`).
 *
 * Tokens are signed with support/auth.mjs's testSecret unless extraArgs
 * passes --jwt-secret.
 *
 * @param {{db: string, demo?: boolean, host?: string, port?: number, extraArgs?: string[], env?: Record<string, string>}} options
 *   env: added to the server's environment
 */
export async function startKitchenServer({ db, demo = true, host = "127.0.0.1", port = 0, extraArgs = [], env = {} }) {
  // Signed with the tests' known secret (support/auth.mjs) unless the test
  // chooses its own.
  const secret = extraArgs.includes("--jwt-secret") ? [] : ["--jwt-secret", testSecret];
  const args = ["serve", "--host", host, "--port", String(port), "--db", db, ...(demo ? ["--demo"] : []), ...secret, ...extraArgs];
  const server = await launch(brigadeBinary(), args, env);
  after(server.stop);
  return server;
}

/**
 * A TCP port that was free a moment ago (bound on 127.0.0.1:0, then closed),
 * for a server that must come back on the same port after a restart.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the Brigade binary with exactly `args` (and `env` added to the
 * environment), resolves once it listens, and stops it when the file ends.
 */
export async function startBrigade(args, { env = {} } = {}) {
  const server = await launch(brigadeBinary(), args, env);
  after(server.stop);
  return server;
}

/** Spawns a server and resolves once it prints its listening line. */
async function launch(file, args, env = {}) {
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    // Keep the tail only: a chatty server must not grow the test's memory.
    stderr = (stderr + chunk).slice(-64 * 1024);
  });

  let exited = false;
  let exitInfo = "";
  const exitPromise = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
  });
  // Never leave an orphan server behind if the test process dies.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const { url, port } = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not print its listening line within ${startTimeoutMs} ms\n${stderr}`));
    }, startTimeoutMs);
    const seen = [];
    lines.on("line", (line) => {
      const m = listeningLine.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], port: Number(m[3]) });
      } else {
        seen.push(line);
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exitPromise.then(() => {
      clearTimeout(timer);
      reject(
        new Error(`server exited (${exitInfo}) before listening\nstdout: ${seen.join("\n")}\nstderr: ${stderr}`),
      );
    });
  });

  let stopping = false;
  let killed = false;
  async function stop() {
    if (stopping || killed) return;
    stopping = true;
    process.removeListener("exit", killOnExit);
    if (exited) {
      throw new Error(`server died during the tests (${exitInfo})\nstderr: ${stderr}`);
    }
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exitPromise;
    clearTimeout(killer);
    // Brigade shuts down cleanly on SIGTERM: a non-zero exit (a crash during
    // shutdown, or a sanitizer's leak report) fails the file.
    if (!isNodePeer && exitInfo !== "code 0") {
      throw new Error(`server did not exit cleanly on SIGTERM (${exitInfo})\nstderr: ${stderr}`);
    }
  }
  return {
    url,
    port,
    process: child,
    stderr: () => stderr,
    /**
     * Resolves once stderr matches `pattern` (a RegExp, or a string it must
     * include), read as it arrives: stdout and stderr are separate pipes, so
     * a log line may land after the listening line.
     */
    waitForStderr(pattern, timeoutMs = 5000) {
      const matches = () => (typeof pattern === "string" ? stderr.includes(pattern) : pattern.test(stderr));
      if (matches()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          child.stderr.off("data", onData);
        };
        // Runs after the listener above has appended the chunk.
        const onData = () => {
          if (!matches()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`server did not log ${pattern} within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        child.stderr.on("data", onData);
      });
    },
    stop,
    /** Kills the server with SIGKILL (a crash) and waits until it is gone. */
    async kill9() {
      killed = true;
      process.removeListener("exit", killOnExit);
      child.kill("SIGKILL");
      await exitPromise;
    },
    /** Resident set size of the server process, from /proc/PID/status. */
    rssKiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
      if (!m) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
      return Number(m[1]);
    },
  };
}

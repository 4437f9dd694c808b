// Logins from a chosen loopback address (Linux routes all of 127.0.0.0/8 to
// lo, and Brigade counts logins by the TCP peer address), for the tests of
// the login throttle and the login pool's limits.

import http from "node:http";
import { performance } from "node:perf_hooks";

/**
 * POST /api/auth/login {username, password} on a connection of its own from
 * `localAddress`; resolves to {status, headers, body, ms}.
 */
export function loginFrom(port, localAddress, username, password) {
  const payload = JSON.stringify({ username, password });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/auth/login",
        method: "POST",
        localAddress,
        agent: false,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(text), ms: performance.now() - started }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * Keeps `workers` bogus logins in flight from each of `addresses` (unknown
 * usernames, so every one costs a password check) until stop(). A worker
 * refused with 429 waits its Retry-After (at most `maxPauseMs`), as a
 * patient attacker would; one answered 401 sends the next at once. Records
 * every attempt's {sentAt, doneAt, status} (performance.now() times).
 */
export function loginFlood(port, { addresses, workers, maxPauseMs = 1000, prefix = "nobody" }) {
  const attempts = [];
  let running = true;
  let serial = 0;
  const worker = async (address) => {
    while (running) {
      const attempt = { address, sentAt: performance.now(), doneAt: undefined, status: 0 };
      attempts.push(attempt);
      try {
        const res = await loginFrom(port, address, `${prefix}-${serial++}`, "guess");
        attempt.status = res.status;
        attempt.doneAt = performance.now();
        if (res.status === 429) {
          const pause = Math.min(maxPauseMs, 1000 * Number(res.headers["retry-after"] || 1));
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      } catch (err) {
        attempt.status = -1;
        attempt.doneAt = performance.now();
        attempt.error = err.message;
      }
    }
  };
  const all = addresses.flatMap((address) => Array.from({ length: workers }, () => worker(address)));
  return {
    attempts,
    /** Attempts answered so far with `status`. */
    count: (status) => attempts.filter((a) => a.status === status).length,
    /** True when a login sent before `start` was still unanswered at `end`. */
    pendingAcross: (start, end) => attempts.some((a) => a.sentAt < start && (a.doneAt === undefined || a.doneAt > end)),
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

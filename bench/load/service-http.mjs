// JSON over keep-alive HTTP for the `service` scenario's driver: every request
// on a pool of persistent connections, as a phone or a screen keeps its own.

import http from "node:http";

const now = () => performance.timeOrigin + performance.now();

/**
 * call(method, path, {token, body, headers}) → {status, body, sentAt, answeredAt};
 * status 0 with the error's message as body when the request fails or times out.
 */
export function restClient(base, { connections = 16, timeoutMs = 30_000 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(base);
  const call = (method, path, { token, body, headers = {} } = {}) =>
    new Promise((resolve) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const head = { ...headers };
      if (token) head.authorization = `Bearer ${token}`;
      if (text !== undefined) {
        head["content-type"] = "application/json";
        head["content-length"] = Buffer.byteLength(text);
      }
      let sentAt = 0;
      let finished = false;
      const finish = (status, raw) => {
        if (finished) return;
        finished = true;
        let parsed = raw;
        try {
          parsed = JSON.parse(raw);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status, body: parsed, sentAt, answeredAt: now() });
      };
      const req = http.request({ host: hostname, port, method, path, agent, headers: head, timeout: timeoutMs }, (res) => {
        let raw = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (raw += chunk));
        res.on("end", () => finish(res.statusCode, raw));
        res.on("error", (err) => finish(0, err.message));
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (err) => finish(0, err.message));
      sentAt = now();
      req.end(text);
    });
  call.close = () => agent.destroy();
  return call;
}

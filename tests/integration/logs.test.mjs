// Structured logs (issue 7): with --log-format json every stderr line is one
// JSON object; each request and each Socket.IO connection is one entry; no
// token or password ever reaches the log.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { tempDir } from "./support/api.mjs";
import { demoPassword, login } from "./support/auth.mjs";
import { openSocket, waitFor } from "./support/clients.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade's own logs" : false;

test("JSON logs: one object per line, a line per request and connection, no secrets", { skip }, async (t) => {
  const db = path.join(tempDir("brigade-logs-"), "logs.db");
  const server = await startKitchenServer({ db, extraArgs: ["--log-format", "json"] });

  const { status, body } = await login(server.url, "waiter1");
  assert.equal(status, 200);
  const token = body.token;
  // A token in a query string must not be logged either.
  const tables = await fetch(`${server.url}/api/tables?token=${token}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(tables.status, 200);

  const socket = openSocket(t, server.url, { auth: { token }, transports: ["websocket"] });
  await waitFor(socket, "connect");
  const sid = socket.id;
  const refused = openSocket(t, server.url, { auth: { token: `${token}x` }, transports: ["websocket"] });
  await waitFor(refused, "connect_error");
  socket.disconnect();
  await server.stop();

  const lines = server.stderr().trim().split("\n");
  const entries = lines.map((line) => {
    assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
    return JSON.parse(line);
  });
  for (const entry of entries) {
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(["trace", "debug", "info", "warning", "error", "critical"].includes(entry.level), entry.level);
    assert.ok(typeof entry.msg === "string" || typeof entry.event === "string");
  }
  const find = (predicate, what) => {
    const found = entries.find(predicate);
    assert.ok(found, `${what} in ${JSON.stringify(entries, null, 1)}`);
    return found;
  };
  const loginLine = find((e) => e.event === "http_request" && e.path === "/api/auth/login", "the login request");
  assert.equal(loginLine.method, "POST");
  assert.equal(loginLine.status, 200);
  assert.equal(loginLine.route, "/api/auth/login");
  assert.equal(typeof loginLine.ms, "number");
  assert.equal(loginLine.remote, "127.0.0.1");
  const tablesLine = find((e) => e.event === "http_request" && e.path === "/api/tables", "the tables request");
  assert.equal(tablesLine.status, 200);
  const connected = find((e) => e.event === "socket_connected" && e.sid === sid, "the socket's connection");
  assert.equal(connected.role, "waiter");
  assert.equal(connected.restaurant, 1);
  find((e) => e.event === "socket_disconnected" && e.sid === sid && e.reason === "client namespace disconnect",
    "the socket's end with its reason");
  find((e) => e.event === "socket_refused" && e.code === "token_invalid", "the refused handshake");
  find((e) => e.event === "shutdown_drained", "the drained shutdown");

  const all = server.stderr();
  assert.ok(!all.includes(token), "the token is never logged");
  assert.ok(!all.includes(token.split(".")[2]), "not even its signature");
  assert.ok(!all.includes(demoPassword("waiter1")), "the password is never logged");
});

// The global connection cap (docs/security.md, "Abuse and bad input"): idle
// connections from several addresses fill --max-connections, and the server
// still answers its probes, sheds the oldest connection that never proved
// who it is for a newcomer, reports it all in /metrics, and answers
// 503 server_busy only when every place is held by an authenticated client.
// Linux routes all of 127/8 to the loopback interface, so 127.0.0.2… are
// distinct client addresses.

import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";

import { tempDir } from "./support/api.mjs";
import { cliToken } from "./support/auth.mjs";
import { scrape, scrapeUntil } from "./support/metrics.mjs";
import { staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only: the reference peer has no connection cap";
const cap = 40;
const headroom = 32; // http::limits::probe_headroom
const addresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];

async function capped(t) {
  const db = path.join(tempDir("brigade-connection-cap-"), "cap.db");
  // No handshake rate: forty screens connect from one address at once.
  const server = await startKitchenServer({ db, extraArgs: ["--max-connections", String(cap), "--handshake-rate", "0"] });
  await server.waitForStderr(`connections: at most ${cap} open (--max-connections)`);
  return { server, token: cliToken(db, ["--staff", "chef1"]).token };
}

/** An idle TCP connection from `localAddress`, with what it receives until the server closes it. */
async function openIdle(t, port, localAddress) {
  const socket = net.connect({ port, host: "127.0.0.1", localAddress });
  let received = "";
  let closedByServer = false;
  socket.on("data", (chunk) => (received += chunk.toString("latin1")));
  const closed = new Promise((resolve) =>
    socket.on("close", () => {
      closedByServer = true;
      resolve(received);
    }),
  );
  socket.on("end", () => socket.end());
  socket.on("error", () => {});
  t.after(() => socket.destroy());
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { socket, closed, isClosed: () => closedByServer, received: () => received };
}

/** One request on a connection of its own (closed after it); resolves to {status, headers, body}. */
function request(port, urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : null }));
    });
    req.on("error", reject);
  });
}

/** Opens `count` idle connections one after the other, spread over the test addresses. */
async function fill(t, port, count) {
  const idle = [];
  for (let i = 0; i < count; ++i) idle.push(await openIdle(t, port, addresses[i % addresses.length]));
  return idle;
}

test("at the cap, probes and authenticated clients are served by shedding the oldest idle strangers", { skip }, async (t) => {
  const { server, token } = await capped(t);
  const idle = await fill(t, server.port, cap);
  // Every place is taken once the server counted them all; /metrics is a
  // new connection too, and sheds the oldest for itself.
  let m = await scrapeUntil(
    server.url,
    (x) => x.value("brigade_connections_refused_total", { reason: "shed" }) >= 1,
    (x) => `shed ${x.value("brigade_connections_refused_total", { reason: "shed" })}`,
  );
  assert.equal(m.value("brigade_max_connections"), cap);
  assert.ok(m.value("brigade_open_connections") <= cap + 1, `open ${m.value("brigade_open_connections")}`);
  assert.equal(await idle[0].closed, "", "the oldest idle connection was closed, unanswered");

  // A load balancer's probe on a new connection.
  const health = await request(server.port, "/healthz");
  assert.equal(health.status, 200);
  assert.equal(health.body.status, "ok");

  // A client with a token on a new connection is served too.
  const tables = await request(server.port, "/api/tables", { Authorization: `Bearer ${token}` });
  assert.equal(tables.status, 200, JSON.stringify(tables.body));

  // Each newcomer cost the oldest stranger its place, in admission order:
  // the first three are gone, the newest are still open.
  assert.equal(await idle[1].closed, "");
  assert.equal(await idle[2].closed, "");
  for (const survivor of idle.slice(-10)) assert.equal(survivor.isClosed(), false, "newer connections stay");

  m = await scrape(server.url);
  assert.ok(m.value("brigade_connections_refused_total", { reason: "shed" }) >= 3);
  assert.equal(m.value("brigade_connections_refused_total", { reason: "server_busy" }), 0);
  assert.ok(m.value("brigade_open_connections", { state: "unauthenticated" }) <= cap + 1);
  assert.equal(m.types.get("brigade_open_connections"), "gauge");
  assert.equal(m.types.get("brigade_max_connections"), "gauge");
  assert.equal(m.types.get("brigade_connections_refused_total"), "counter");
});

test("when authenticated clients hold every place, requests get 503 server_busy and probes still pass", { skip }, async (t) => {
  const { server, token } = await capped(t);
  const screens = [];
  for (let i = 0; i < cap; ++i) screens.push(await staffSocket(t, server.url, token));
  await scrapeUntil(
    server.url,
    (x) => x.value("brigade_open_connections", { state: "authenticated" }) === cap,
    (x) => `authenticated ${x.value("brigade_open_connections", { state: "authenticated" })}`,
  );

  // Nothing to shed: an ordinary request is refused, with a reason and a time to come back.
  const busy = await request(server.port, "/api/tables", { Authorization: `Bearer ${token}` });
  assert.equal(busy.status, 503);
  assert.equal(busy.body.error.code, "server_busy");
  assert.ok(Number(busy.headers["retry-after"]) >= 1, `Retry-After ${busy.headers["retry-after"]}`);
  // The health and readiness probes use the headroom over the cap.
  assert.equal((await request(server.port, "/healthz")).status, 200);
  assert.equal((await request(server.port, "/readyz")).status, 200);
  // Every screen is still connected.
  assert.ok(screens.every((s) => s.connected), "no authenticated client was shed");

  // The headroom is bounded too: once it is full, a new connection is answered at once.
  await fill(t, server.port, headroom);
  const refused = await openIdle(t, server.port, "127.0.0.6");
  const reply = await refused.closed;
  assert.match(reply, /^HTTP\/1\.1 503 /);
  assert.match(reply, /\r\nRetry-After: \d+\r\n/i);
  assert.match(reply, /"code":"server_busy"/);
  assert.ok(screens.every((s) => s.connected), "still no authenticated client was shed");
});

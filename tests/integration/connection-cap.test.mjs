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

import { io } from "socket.io-client";

import { tempDir } from "./support/api.mjs";
import { cliToken } from "./support/auth.mjs";
import { parseExposition, scrape, scrapeUntil } from "./support/metrics.mjs";
import { join, staffSocket } from "./support/rooms.mjs";
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

/** GET /metrics on a connection of its own; {status, text}, whatever the status. */
function rawMetrics(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/metrics", agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, text }));
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

/**
 * One request on a new connection that stays open afterwards (HTTP/1.1
 * keep-alive), so that each newcomer keeps the place it took; resolves to
 * {status, headers, body} once the whole response has arrived.
 */
async function keptRequest(t, port, urlPath, headers = {}) {
  const conn = await openIdle(t, port, "127.0.0.1");
  const head = Object.entries({ Host: "brigade", ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  conn.socket.write(`GET ${urlPath} HTTP/1.1\r\n${head}\r\n`);
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = conn.received();
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return false;
      const lines = text.slice(0, end).split("\r\n");
      const fields = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const body = text.slice(end + 4);
      if (body.length < Number(fields["content-length"] ?? 0)) return false;
      resolve({ status: Number(lines[0].split(" ")[1]), headers: fields, body, text: body });
      return true;
    };
    const onData = () => check() && conn.socket.off("data", onData);
    conn.socket.on("data", onData);
    conn.closed.then(() => check() || reject(new Error(`closed before a whole response: ${JSON.stringify(conn.received())}`)));
  });
}

test("at the cap, probes and authenticated clients are served by shedding the oldest idle strangers", { skip }, async (t) => {
  const { server, token } = await capped(t);
  const idle = await fill(t, server.port, cap);
  // Each newcomer below keeps its connection open, so each one finds the
  // cap full and takes the place of the oldest connection that never
  // proved who it is.
  const metrics = await keptRequest(t, server.port, "/metrics");
  assert.equal(metrics.status, 200);
  assert.equal(await idle[0].closed, "", "the oldest idle connection was closed, unanswered");

  // A load balancer's probe on a new connection.
  const health = await keptRequest(t, server.port, "/healthz");
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.body).status, "ok");
  assert.equal(await idle[1].closed, "");

  // A client with a token on a new connection is served too.
  const tables = await keptRequest(t, server.port, "/api/tables", { Authorization: `Bearer ${token}` });
  assert.equal(tables.status, 200, tables.body);
  assert.equal(await idle[2].closed, "");
  for (const survivor of idle.slice(3)) assert.equal(survivor.isClosed(), false, "newer connections stay");

  // The figures, on one more newcomer (which sheds idle[3]).
  const m = parseExposition((await keptRequest(t, server.port, "/metrics")).body);
  const value = (name, labels = {}) =>
    m.samples.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v)).reduce((a, x) => a + x.value, 0);
  assert.equal(value("brigade_max_connections"), cap);
  assert.equal(value("brigade_connections_refused_total", { reason: "shed" }), 4);
  assert.equal(value("brigade_connections_refused_total", { reason: "server_busy" }), 0);
  assert.equal(value("brigade_open_connections", { state: "authenticated" }), 1, "the connection that showed a token");
  // 36 idle, 3 kept newcomers and this one; idle[3] may not have closed yet.
  const unauthenticated = value("brigade_open_connections", { state: "unauthenticated" });
  assert.ok(unauthenticated >= cap - 1 && unauthenticated <= cap, `unauthenticated ${unauthenticated}`);
  assert.equal(m.types.get("brigade_open_connections"), "gauge");
  assert.equal(m.types.get("brigade_max_connections"), "gauge");
  assert.equal(m.types.get("brigade_connections_refused_total"), "counter");
  assert.equal(await idle[3].closed, "");
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
  const probes = await fill(t, server.port, headroom);
  const refused = await openIdle(t, server.port, "127.0.0.6");
  const reply = await refused.closed;
  assert.match(reply, /^HTTP\/1\.1 503 /);
  assert.match(reply, /\r\nRetry-After: \d+\r\n/i);
  assert.match(reply, /"code":"server_busy"/);
  assert.ok(screens.every((s) => s.connected), "still no authenticated client was shed");

  // Both refusals are counted. A scrape is a probe: it gets in again once
  // the headroom's idle connections have gone.
  probes.forEach((conn) => conn.socket.destroy());
  let text = "";
  while (!text) {
    const res = await rawMetrics(server.port);
    if (res.status === 200) text = res.text;
  }
  const m = parseExposition(text);
  const busyCount = m.samples.find((x) => x.name === "brigade_connections_refused_total" && x.labels.reason === "server_busy");
  assert.ok(busyCount.value >= 2, `server_busy ${busyCount.value}`);
  const shed = m.samples.find((x) => x.name === "brigade_connections_refused_total" && x.labels.reason === "shed");
  assert.equal(shed.value, 0, "nothing was shed");
});

test("a long-polling screen's connections count as authenticated once its handshake is accepted, and are not shed", { skip }, async (t) => {
  const { server, token } = await capped(t);
  const screen = io(server.url, { auth: { token }, transports: ["polling"], forceNew: true, reconnection: false });
  t.after(() => screen.close());
  const disconnected = [];
  screen.on("disconnect", (reason) => disconnected.push(reason));
  await new Promise((resolve, reject) => {
    screen.once("connect", resolve);
    screen.once("connect_error", reject);
  });
  await join(screen, "join:kitchen");
  // Its parked GET is marked as soon as the CONNECT is accepted (each poll
  // may come on a connection of its own: the count moves as they come and go).
  await scrapeUntil(
    server.url,
    (x) => x.value("brigade_open_connections", { state: "authenticated" }) >= 1,
    (x) => `authenticated ${x.value("brigade_open_connections", { state: "authenticated" })}`,
  );
  // Strangers over the cap: the oldest of them are shed, the screen's
  // older connections are passed over.
  const idle = await fill(t, server.port, cap + 5);
  assert.equal(await idle[0].closed, "", "the oldest stranger was shed");
  assert.deepEqual(disconnected, [], "the screen was not shed");
  await join(screen, "join:kitchen");
  const m = await scrape(server.url);
  assert.ok(m.value("brigade_connections_refused_total", { reason: "shed" }) >= 1);
});

// GET /metrics and GET /readyz of `brigade serve`: a scripted session moves
// each counter by exactly what happened (docs/operations.md, "Metrics").

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { io } from "socket.io-client";

import { apiClient, tempDir } from "./support/api.mjs";
import { claimsFor, signJwt, tokenFor } from "./support/auth.mjs";
import { waitFor } from "./support/clients.mjs";
import { parseExposition, parseLabels, scrape, scrapeUntil } from "./support/metrics.mjs";
import { command, join } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade only: the reference peer has no /metrics" : false;
// A small event burst so that one connection can be rate-limited cheaply;
// the other clients send at most three events each.
const server = skip
  ? null
  : await startKitchenServer({
      db: path.join(tempDir("brigade-metrics-"), "metrics.db"),
      extraArgs: ["--threads", "2", "--event-burst", "5"],
    });
const url = server?.url;

/** A socket.io-client socket that records every event it receives. */
async function client(t, token, { transports = ["websocket"] } = {}) {
  const socket = io(url, { auth: { token }, transports, forceNew: true, reconnection: false });
  t.after(() => socket.close());
  socket.received = 0;
  socket.onAny(() => {
    socket.received += 1;
  });
  await waitFor(socket, "connect");
  return socket;
}

const delta = (after, before, name, labels) => after.value(name, labels) - before.value(name, labels);

test("the exposition parser refuses what Prometheus would refuse", { skip }, () => {
  assert.deepEqual(parseLabels('{a="x\\"y",b="c\\\\d\\ne"}'), { a: 'x"y', b: "c\\d\ne" });
  assert.throws(() => parseLabels('{a="unterminated}'));
  assert.throws(() => parseExposition("no_type_line 1\n"));
  assert.throws(() => parseExposition('# TYPE x counter\nx{a=unquoted} 1\n'));
});

test("GET /readyz is 200 while the listener accepts and the store answers", { skip }, async () => {
  const res = await fetch(`${url}/readyz`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ready");
  assert.deepEqual(body.checks, { listener: "ok", store: "ok" });
});

test("GET /metrics is well-formed and names every metric of docs/operations.md", { skip }, async () => {
  const m = await scrape(url);
  for (const [name, type] of [
    ["brigade_connections", "gauge"],
    ["brigade_connections_opened_total", "counter"],
    ["brigade_events_emitted_total", "counter"],
    ["brigade_messages_delivered_total", "counter"],
    ["brigade_messages_dropped_total", "counter"],
    ["brigade_broadcast_latency_seconds", "histogram"],
    ["brigade_reconnections_total", "counter"],
    ["brigade_sessions_recovered_total", "counter"],
    ["brigade_errors_total", "counter"],
    ["brigade_http_requests_total", "counter"],
    ["brigade_http_request_duration_seconds", "histogram"],
    ["brigade_rooms", "gauge"],
    ["brigade_room_members", "gauge"],
    ["brigade_outbound_queue_bytes", "gauge"],
    ["brigade_open_connections", "gauge"],
    ["brigade_max_connections", "gauge"],
    ["brigade_connections_refused_total", "counter"],
    ["brigade_store_commits_total", "counter"],
    ["brigade_store_transactions_total", "counter"],
    ["process_resident_memory_bytes", "gauge"],
    ["process_virtual_memory_bytes", "gauge"],
    ["process_cpu_seconds_total", "counter"],
    ["process_open_fds", "gauge"],
    ["process_start_time_seconds", "gauge"],
    ["brigade_build_info", "gauge"],
  ]) {
    assert.equal(m.types.get(name), type, `TYPE of ${name}`);
    assert.ok(m.help.get(name)?.length > 0, `HELP of ${name}`);
  }
  for (const kind of ["handshake_refused", "validation", "rate_limited", "internal"]) {
    assert.ok(m.samples.some((s) => s.name === "brigade_errors_total" && s.labels.kind === kind), kind);
  }
  assert.ok(m.value("process_resident_memory_bytes") > 1_000_000);
  assert.ok(m.value("process_open_fds") > 3);
  assert.ok(Math.abs(m.value("process_start_time_seconds") - Date.now() / 1000) < 600);
  assert.equal(m.value("brigade_build_info"), 1);
  // Raw paths never become labels: only patterns and router labels.
  const routes = new Set(m.samples.filter((s) => s.name === "brigade_http_requests_total").map((s) => s.labels.route));
  for (const route of routes) assert.doesNotMatch(route, /\/\d+(\/|$)/, `route label ${route} holds an id`);
});

test("a scripted session moves every counter by exactly what happened", { skip, timeout: 30_000 }, async (t) => {
  const waiter = apiClient(url, "waiter1");
  // Tokens first: logins are HTTP requests too, outside what is measured.
  const [waiterToken, chefToken, managerToken] = await Promise.all(
    ["waiter1", "chef1", "manager1"].map((who) => tokenFor(url, who)),
  );
  const before = await scrape(url);

  // Three screens: the manager's over long-polling only, the others over WebSocket.
  const chef = await client(t, chefToken);
  const manager = await client(t, managerToken, { transports: ["polling"] });
  const floor = await client(t, waiterToken);
  await join(chef, "join:kitchen");
  await join(manager, "join:kitchen");
  await join(floor, "join:waiters");
  // A fourth opens with polling and upgrades: it must end up counted as a WebSocket.
  const upgrading = await client(t, waiterToken, { transports: ["polling", "websocket"] });
  if (upgrading.io.engine.transport.name !== "websocket") await waitFor(upgrading.io.engine, "upgrade");

  let m = await scrapeUntil(
    url,
    (x) => delta(x, before, "brigade_connections", { transport: "websocket" }) === 3,
    (x) => `websocket connections moved by ${delta(x, before, "brigade_connections", { transport: "websocket" })}`,
  );
  assert.equal(delta(m, before, "brigade_connections", { transport: "polling" }), 1);
  assert.equal(delta(m, before, "brigade_connections_opened_total", { transport: "polling" }), 2);
  assert.equal(delta(m, before, "brigade_connections_opened_total", { transport: "websocket" }), 2);
  assert.equal(delta(m, before, "brigade_room_members"), 3);
  const rooms = delta(m, before, "brigade_rooms");
  assert.ok(rooms >= 2 && rooms <= 4, `kitchen and waiters, once per loop with members: ${rooms}`);

  // A bad token: the Socket.IO CONNECT is refused. socket.io-client keeps
  // the Engine.IO connection of a refused socket open: close it.
  const refused = io(url, { auth: { token: "not-a-jwt" }, transports: ["websocket"], forceNew: true, reconnection: false });
  t.after(() => refused.close());
  const [refusal] = await waitFor(refused, "connect_error");
  assert.equal(refusal.message, "Authentication error");
  refused.close();

  // A reconnection: the same identity connects again right after leaving.
  const regular = signJwt(claimsFor({ sub: 9001, role: "waiter", name: "Returning" }));
  const first = await client(t, regular);
  first.close();
  // The server has seen both leave once the gauge is back (a session is
  // uncounted after its sockets' disconnect handlers ran).
  await scrapeUntil(
    url,
    (x) => delta(x, before, "brigade_connections", { transport: "websocket" }) === 3,
    (x) => `websocket connections at +${delta(x, before, "brigade_connections", { transport: "websocket" })}, not +3`,
  );
  const second = await client(t, regular);

  // An invalid payload over Socket.IO, and one over REST.
  const invalid = await command(floor, "join:table", "nonsense");
  assert.equal(invalid.ok, false);
  assert.equal(invalid.error.code, "validation");
  const badOrder = await waiter("POST", "/api/orders", { json: { tableId: "three" } });
  assert.equal(badOrder.status, 400);

  // Events over the rate: count the refusals the client was told of.
  const eager = await client(t, waiterToken);
  const acks = await Promise.all(Array.from({ length: 10 }, () => command(eager, "join:waiters")));
  const limited = acks.filter((a) => a.ok === false && a.error?.code === "rate_limited").length;
  assert.ok(limited >= 1, `expected some of 10 events over a burst of 5 refused: ${JSON.stringify(acks)}`);

  // Two orders: the kitchen room (chef and manager) hears each once.
  const chefOrders = [];
  chef.on("order:new", (o) => chefOrders.push(o.orderId));
  for (const tableId of [3, 4]) {
    const res = await waiter("POST", "/api/orders", { json: { tableId, items: [{ menuItemId: 1, quantity: 1 }] } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chef got ${chefOrders.length} order:new`)), 3000);
    const check = () => chefOrders.length === 2 && (clearTimeout(timer), resolve());
    chef.on("order:new", check);
    check();
  });

  const sockets = [chef, manager, floor, upgrading, first, second, eager];
  const received = () => sockets.reduce((sum, s) => sum + s.received, 0);
  // Every event packet the server handed to a socket reached its client, and
  // nothing else did: wait until both sides agree (throttled stats updates
  // may still be on their way), then check they stay agreed.
  m = await scrapeUntil(
    url,
    (x) => delta(x, before, "brigade_messages_delivered_total") === received(),
    (x) => `server delivered ${delta(x, before, "brigade_messages_delivered_total")}, clients received ${received()}`,
  );

  assert.equal(delta(m, before, "brigade_events_emitted_total", { event: "order:new" }), 2);
  // Both orders durable; group commit may have put them in one commit.
  const committed = delta(m, before, "brigade_store_transactions_total");
  const commits = delta(m, before, "brigade_store_commits_total");
  assert.ok(committed >= 2, `${committed} commands made durable`);
  assert.ok(commits >= 1 && commits <= committed, `${commits} commits for ${committed} commands`);
  assert.equal(delta(m, before, "brigade_events_emitted_total", { event: "order:created" }), 2);
  assert.equal(delta(m, before, "brigade_reconnections_total"), 1);
  assert.equal(delta(m, before, "brigade_errors_total", { kind: "handshake_refused" }), 1);
  assert.equal(delta(m, before, "brigade_errors_total", { kind: "validation" }), 2);
  assert.equal(delta(m, before, "brigade_errors_total", { kind: "rate_limited" }), limited);
  assert.equal(delta(m, before, "brigade_errors_total", { kind: "internal" }), 0);
  assert.equal(delta(m, before, "brigade_http_requests_total", { route: "/api/orders", status: "201" }), 2);
  assert.equal(delta(m, before, "brigade_http_requests_total", { route: "/api/orders", status: "400" }), 1);
  assert.equal(
    delta(m, before, "brigade_http_request_duration_seconds_count", { route: "/api/orders" }),
    3,
  );

  // At least one latency observation per emitted order event; buckets
  // cumulative and closed by +Inf = count.
  const latency = m.samples.filter((s) => s.name === "brigade_broadcast_latency_seconds_bucket");
  for (let i = 1; i < latency.length; i++) assert.ok(latency[i].value >= latency[i - 1].value);
  assert.equal(latency.at(-1).labels.le, "+Inf");
  assert.equal(latency.at(-1).value, m.value("brigade_broadcast_latency_seconds_count"));
  assert.ok(delta(m, before, "brigade_broadcast_latency_seconds_count") >= 4);

  // Everything closed: the gauges come back to where they started.
  for (const s of sockets) s.close();
  await scrapeUntil(
    url,
    (x) =>
      delta(x, before, "brigade_connections", { transport: "websocket" }) === 0 &&
      delta(x, before, "brigade_connections", { transport: "polling" }) === 0 &&
      delta(x, before, "brigade_room_members") === 0 &&
      x.value("brigade_outbound_queue_bytes") === 0,
    (x) =>
      `websocket ${delta(x, before, "brigade_connections", { transport: "websocket" })}, ` +
      `polling ${delta(x, before, "brigade_connections", { transport: "polling" })}, ` +
      `members ${delta(x, before, "brigade_room_members")}, queued ${x.value("brigade_outbound_queue_bytes")}`,
  );
});

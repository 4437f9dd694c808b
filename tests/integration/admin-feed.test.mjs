// The managers' live feed on the "/admin" namespace (docs/operations.md,
// "Live admin feed"): managers only, a history on connect, a sample every
// second whose numbers follow what the server does, and the kitchen's
// throughput.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { io } from "socket.io-client";

import { apiClient, tempDir } from "./support/api.mjs";
import { tokenFor } from "./support/auth.mjs";
import { Recorder, waitFor } from "./support/clients.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade only: the reference peer has no admin feed" : false;
const server = skip
  ? null
  : await startKitchenServer({ db: path.join(tempDir("brigade-admin-"), "admin.db") });
const url = server?.url;

function open(t, nsp, token) {
  const socket = io(url + nsp, { auth: { token }, transports: ["websocket"], forceNew: true, reconnection: false });
  t.after(() => socket.close());
  return socket;
}

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

test("a waiter, a chef and a bad token are refused with a clear CONNECT_ERROR", { skip }, async (t) => {
  for (const who of ["waiter1", "chef1"]) {
    const [err] = await waitFor(open(t, "/admin", await tokenFor(url, who)), "connect_error");
    assert.equal(err.message, "Forbidden");
    assert.equal(err.data.code, "forbidden");
    assert.match(err.data.message, /managers/);
  }
  const [bad] = await waitFor(open(t, "/admin", "not-a-jwt"), "connect_error");
  assert.equal(bad.message, "Authentication error");
  assert.equal(bad.data.code, "token_invalid");
});

test("a manager gets history, then samples that follow connections, events and bumps", { skip, timeout: 30_000 }, async (t) => {
  const managerToken = await tokenFor(url, "manager1");
  const admin = open(t, "/admin", managerToken);
  const samples = new Recorder(admin, "admin:metrics");
  const [history] = await waitFor(admin, "admin:history");
  assert.ok(Array.isArray(history.samples));
  assert.ok("throughput" in history);

  const [first] = await waitFor(admin, "admin:metrics");
  for (const key of ["time", "intervalMs", "connections", "eventsPerSecond", "messagesPerSecond", "latencyMs",
    "errorsPerSecond", "httpRequestsPerSecond", "reconnections", "memory", "throughput"]) {
    assert.ok(key in first, `admin:metrics has ${key}: ${JSON.stringify(first)}`);
  }
  assert.deepEqual(Object.keys(first.errorsPerSecond).sort(), ["handshake_refused", "internal", "rate_limited", "validation"]);
  assert.ok(first.memory.rssBytes > 1_000_000);
  const baseline = first.connections.total;

  // Two more screens: the next samples count them.
  const chefToken = await tokenFor(url, "chef1");
  const screens = [open(t, "/", chefToken), open(t, "/", chefToken)];
  await Promise.all(screens.map((s) => waitFor(s, "connect")));
  await samples.until((all) => all.some(([s]) => s.connections.total >= baseline + 2), {
    timeoutMs: 5000,
    what: `connections.total >= ${baseline + 2}`,
  });

  // Orders flow: events per second rise from zero, with a latency. The
  // feed's own samples are not counted, so a quiet second reads 0.
  await Promise.all(screens.map((s) => s.timeout(3000).emitWithAck("join:kitchen")));
  const quiet = samples.entries.length;
  await samples.until((all) => all.slice(quiet).some(([s]) => s.eventsPerSecond === 0 && s.messagesPerSecond === 0), {
    timeoutMs: 5000,
    what: "a quiet second",
  });
  const waiter = apiClient(url, "waiter1");
  const chef = apiClient(url, "chef1");
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId: 2, items: [{ menuItemId: 1, quantity: 1 }] } }), 201);
  const confirmed = await ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
  const mark = samples.entries.length;
  const busy = await samples.until((all) => all.slice(mark - 1).some(([s]) => s.eventsPerSecond > 0), {
    timeoutMs: 5000,
    what: "eventsPerSecond > 0",
  });
  const [[busySecond]] = busy.slice(mark - 1).filter(([s]) => s.eventsPerSecond > 0);
  // Two chefs in the kitchen room hear order:created and order:new.
  assert.ok(busySecond.messagesPerSecond >= busySecond.eventsPerSecond, JSON.stringify(busySecond));
  assert.ok(busySecond.latencyMs.p50 > 0 && busySecond.latencyMs.p50 <= busySecond.latencyMs.p95, JSON.stringify(busySecond.latencyMs));
  assert.ok(busySecond.latencyMs.p95 <= busySecond.latencyMs.p99 && busySecond.latencyMs.p99 <= 1000, JSON.stringify(busySecond.latencyMs));

  // A bumped ticket shows in the throughput within a refresh (5 s).
  const ticket = (action) => chef("POST", `/api/kitchen/orders/${confirmed.kitchenOrder.kitchenOrderId}/${action}`);
  const before = samples.entries.at(-1)[0].throughput?.ticketsCompleted ?? 0;
  await ok(ticket("start"));
  await ok(ticket("ready"));
  await ok(ticket("complete"));
  const [[withBump]] = (
    await samples.until((all) => all.some(([s]) => (s.throughput?.ticketsCompleted ?? 0) > before), {
      timeoutMs: 10_000,
      what: "ticketsCompleted to grow",
    })
  ).filter(([s]) => (s.throughput?.ticketsCompleted ?? 0) > before);
  assert.equal(withBump.throughput.ticketsCompleted, before + 1);
  assert.equal(withBump.throughput.windowMinutes, 60);
  assert.equal(withBump.throughput.ticketsPerHour, before + 1);
  assert.ok(withBump.throughput.stations.length >= 1);
  assert.ok(withBump.throughput.stations.every((s) => s.averagePrepSeconds >= 0 && s.tickets >= 1));

  // Watching does not count: no admin:* series in the metrics.
  const scrape = await (await fetch(`${url}/metrics`)).text();
  assert.doesNotMatch(scrape, /event="admin:/);

  // A dashboard opened now draws at once: its history has the recent samples.
  const late = open(t, "/admin", managerToken);
  const [lateHistory] = await waitFor(late, "admin:history");
  assert.ok(lateHistory.samples.length >= samples.entries.length - 1);
  assert.equal(lateHistory.throughput.ticketsCompleted, before + 1);
});

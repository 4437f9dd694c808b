// The live feed on the "/admin" namespace (docs/operations.md, "Live admin
// feed"): a manager watches their own restaurant (a history on connect, a
// sample every second whose numbers follow what its screens do, and the
// kitchen's throughput), never the server's or another restaurant's figures;
// the operator's secret watches the whole server, and guards /metrics.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { io } from "socket.io-client";

import { apiClient, tempDir } from "./support/api.mjs";
import { claimsFor, signJwt, tokenFor } from "./support/auth.mjs";
import { Recorder, waitFor } from "./support/clients.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade only: the reference peer has no admin feed" : false;
const operatorToken = "operator-secret-for-the-admin-feed-tests-0123456789";
const server = skip
  ? null
  : await startKitchenServer({
      db: path.join(tempDir("brigade-admin-"), "admin.db"),
      extraArgs: ["--operator-token", operatorToken],
    });
const url = server?.url;

function open(t, nsp, token, auth = { token }) {
  const socket = io(url + nsp, { auth, transports: ["websocket"], forceNew: true, reconnection: false });
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
  for (const key of ["time", "intervalMs", "scope", "connections", "eventsPerSecond", "reconnections", "throughput"]) {
    assert.ok(key in first, `admin:metrics has ${key}: ${JSON.stringify(first)}`);
  }
  assert.equal(first.scope, "restaurant");
  // Server-wide figures are the operator's (issue 17: any restaurant's manager saw them).
  for (const key of ["messagesPerSecond", "latencyMs", "errorsPerSecond", "httpRequestsPerSecond", "memory"]) {
    assert.ok(!(key in first), `a manager's sample has no ${key}: ${JSON.stringify(first)}`);
  }
  const baseline = first.connections.total;
  assert.ok(baseline >= 1, "the manager's own watcher counts");

  // Screens of another restaurant connect: this restaurant's count does not move.
  const foreignChef = signJwt(claimsFor({ sub: "77", role: "chef", restaurantId: 2, name: "Other chef" }));
  const foreign = [open(t, "/", foreignChef), open(t, "/", foreignChef)];
  await Promise.all(foreign.map((s) => waitFor(s, "connect")));
  // Two more screens of this restaurant: the next samples count them, and only them.
  const chefToken = await tokenFor(url, "chef1");
  const screens = [open(t, "/", chefToken), open(t, "/", chefToken)];
  await Promise.all(screens.map((s) => waitFor(s, "connect")));
  const counted = samples.entries.length;
  await samples.until((all) => all.slice(counted).length >= 2, { timeoutMs: 5000, what: "two samples" });
  assert.ok(samples.entries.slice(counted).every(([s]) => s.connections.total === baseline + 2),
    JSON.stringify(samples.entries.slice(counted).map(([s]) => s.connections)));

  // Orders flow: events per second rise from zero, with a latency. The
  // feed's own samples are not counted, so a quiet second reads 0.
  await Promise.all(screens.map((s) => s.timeout(3000).emitWithAck("join:kitchen")));
  const quiet = samples.entries.length;
  await samples.until((all) => all.slice(quiet).some(([s]) => s.eventsPerSecond === 0), {
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
  assert.ok(busy.length > 0);

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
  const scrape = await (await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${operatorToken}` } })).text();
  assert.doesNotMatch(scrape, /event="admin:/);

  // A dashboard opened now draws at once: its history has the recent samples.
  const late = open(t, "/admin", managerToken);
  const [lateHistory] = await waitFor(late, "admin:history");
  assert.ok(lateHistory.samples.length >= samples.entries.length - 1);
  assert.equal(lateHistory.throughput.ticketsCompleted, before + 1);
});

test("the operator's secret watches the whole server; a wrong one is refused", { skip, timeout: 20_000 }, async (t) => {
  const [wrong] = await waitFor(open(t, "/admin", null, { operatorToken: "x".repeat(operatorToken.length) }), "connect_error");
  assert.equal(wrong.message, "Authentication error");
  assert.equal(wrong.data.code, "token_invalid");

  const operator = open(t, "/admin", null, { operatorToken });
  const [history] = await waitFor(operator, "admin:history");
  assert.ok(Array.isArray(history.samples));
  const [sample] = await waitFor(operator, "admin:metrics");
  assert.equal(sample.scope, "server");
  for (const key of ["connections", "eventsPerSecond", "messagesPerSecond", "latencyMs", "errorsPerSecond",
    "httpRequestsPerSecond", "reconnections", "memory"]) {
    assert.ok(key in sample, `the operator's sample has ${key}: ${JSON.stringify(sample)}`);
  }
  assert.deepEqual(Object.keys(sample.errorsPerSecond).sort(), ["handshake_refused", "internal", "rate_limited", "validation"]);
  assert.ok(sample.memory.rssBytes > 1_000_000);
  assert.ok(sample.connections.polling + sample.connections.websocket === sample.connections.total);
});

test("/metrics needs the operator token once one is set", { skip }, async () => {
  const none = await fetch(`${url}/metrics`);
  assert.equal(none.status, 401);
  assert.equal((await none.json()).error.code, "token_invalid");
  const manager = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${await tokenFor(url, "manager1")}` } });
  assert.equal(manager.status, 401, "a manager's token is not the operator's");
  const granted = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${operatorToken}` } });
  assert.equal(granted.status, 200);
  assert.match(await granted.text(), /brigade_/);
});

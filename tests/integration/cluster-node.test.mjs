// A Brigade node and a Node.js socket.io 4.8 server with
// @socket.io/redis-adapter in one cluster, on Debian's redis-server
// (docs/cluster.md): a broadcast from either side reaches the other side's
// sockets in the same room (and no other), binary included; while Redis is
// away the node serves its own screens and says so in /readyz and /metrics;
// once it is back, broadcasts flow again.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "./support/api.mjs";
import { heard, kitchenRoom, nodeClient, startMixedCluster, untilHeard } from "./support/cluster.mjs";
import { scrape, scrapeUntil } from "./support/metrics.mjs";
import { EventLog, join, staffSocket } from "./support/rooms.mjs";
import { isNodePeer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const { redis, brigade, peer } = skip ? {} : await startMixedCluster();

test("a broadcast from the Node.js server reaches a Brigade screen in the same room, binary included", { skip, timeout: 30_000 }, async (t) => {
  const kitchen = await staffSocket(t, brigade.url, "chef1");
  await join(kitchen, "join:kitchen");

  const [payload] = await untilHeard(kitchen, "shout", () => peer.io.to(kitchenRoom).emit("shout", { from: "node", n: 1 }));
  assert.deepEqual(payload, { from: "node", n: 1 });

  const arrival = heard(kitchen, "blob");
  peer.io.to(kitchenRoom).emit("blob", Buffer.from([1, 2, 3]), "label");
  const [bytes, label] = await arrival;
  assert.deepEqual([...new Uint8Array(bytes)], [1, 2, 3]);
  assert.equal(label, "label");

  // Another room of the cluster is not the kitchen's.
  const log = new EventLog(kitchen, "kitchen");
  peer.io.to("r1/waiters").emit("not-for-kitchen", 1);
  peer.io.to(kitchenRoom).emit("marker", 2);
  await heard(kitchen, "marker");
  assert.equal(log.events().some((e) => e.event === "not-for-kitchen"), false);
});

test("Brigade's own broadcast of a new order reaches a Node.js server's socket in that room", { skip, timeout: 30_000 }, async (t) => {
  const onNode = await nodeClient(t, peer, [kitchenRoom]);
  const waiter = apiClient(brigade.url, "waiter1");
  // The first order may beat the subscriptions; the rest are what counts.
  const sent = [];
  const [payload] = await untilHeard(onNode, "order:new", () => {
    sent.push(waiter("POST", "/api/orders", { json: { tableId: 4, items: [{ menuItemId: 6, quantity: 1 }] } }));
  });
  for (const res of await Promise.all(sent)) assert.equal(res.status, 201);
  assert.equal(payload.tableId, 4);
  assert.equal(typeof payload.orderId, "number");
  assert.ok(Array.isArray(payload.items) && payload.items.length === 1, JSON.stringify(payload));

  // The recovery offset travels apart: Node's clients get the specification's arguments only.
  const arrivals = [];
  onNode.on("order:new", (...args) => arrivals.push(args));
  const created = await waiter("POST", "/api/orders", { json: { tableId: 5, items: [{ menuItemId: 6, quantity: 2 }] } });
  assert.equal(created.status, 201);
  const deadline = Date.now() + 5000;
  while (!arrivals.some(([o]) => o.orderId === created.body.orderId)) {
    assert.ok(Date.now() < deadline, `order:new for ${created.body.orderId} never arrived`);
    await new Promise((resolve) => onNode.once("order:new", resolve));
  }
  const args = arrivals.find(([o]) => o.orderId === created.body.orderId);
  assert.equal(args.length, 1, JSON.stringify(args));
  assert.equal(args[0].tableId, 5);
});

/** /readyz's body; the node stays ready (200) whatever its bus. */
async function readiness() {
  const res = await fetch(`${brigade.url}/readyz`);
  assert.equal(res.status, 200);
  return res.json();
}

async function readinessUntil(bus, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await readiness();
    if (body.checks.clusterBus === bus) return body;
    assert.ok(Date.now() < deadline, `clusterBus never became ${bus}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("after Redis dies and comes back, broadcasts cross again; /readyz and /metrics tell", { skip, timeout: 60_000 }, async (t) => {
  const kitchen = await staffSocket(t, brigade.url, "chef1");
  await join(kitchen, "join:kitchen");
  await untilHeard(kitchen, "before", () => peer.io.to(kitchenRoom).emit("before", 1));
  assert.deepEqual(await readiness(), { status: "ready", checks: { listener: "ok", store: "ok", clusterBus: "ok" } });
  const before = await scrape(brigade.url);
  for (const [name, type] of [
    ["brigade_cluster_bus_up", "gauge"],
    ["brigade_cluster_published_total", "counter"],
    ["brigade_cluster_delivered_total", "counter"],
    ["brigade_cluster_dropped_total", "counter"],
  ]) {
    assert.equal(before.types.get(name), type, `TYPE of ${name}`);
    assert.ok(before.help.get(name)?.length > 0, `HELP of ${name}`);
  }
  assert.equal(before.value("brigade_cluster_bus_up"), 1);
  assert.ok(before.value("brigade_cluster_published_total") >= 1, "Brigade's order:new went out");
  assert.ok(before.value("brigade_cluster_delivered_total") >= 1, "Node's broadcasts came in");
  // Node's events were emitted by Node: their names are no labels of this node's emits.
  assert.equal(before.samples.some((x) => x.name === "brigade_events_emitted_total" && x.labels.event === "shout"), false);
  assert.ok(before.value("brigade_events_emitted_total", { event: "order:new" }) >= 1);

  await redis.kill();
  await readinessUntil("down");
  assert.equal((await scrape(brigade.url)).value("brigade_cluster_bus_up"), 0);
  // The node still serves its own screens, and an order made meanwhile is not lost.
  const waiterMeanwhile = apiClient(brigade.url, "waiter1");
  const arrival = heard(kitchen, "order:new");
  const meanwhile = await waiterMeanwhile("POST", "/api/orders", { json: { tableId: 7, items: [{ menuItemId: 6, quantity: 1 }] } });
  assert.equal(meanwhile.status, 201);
  assert.equal((await arrival)[0].orderId, meanwhile.body.orderId);
  await scrapeUntil(brigade.url, (m) => m.value("brigade_cluster_dropped_total") >= 1, (m) => `dropped ${m.value("brigade_cluster_dropped_total")}`);

  await redis.start();
  await readinessUntil("ok");
  // Both sides reconnect by themselves; Brigade subscribes again.
  const [value] = await untilHeard(kitchen, "after", () => peer.io.to(kitchenRoom).emit("after", 2), 30_000);
  assert.equal(value, 2);
  const onNode = await nodeClient(t, peer, [kitchenRoom]);
  const waiter = apiClient(brigade.url, "waiter1");
  const sent = [];
  await untilHeard(onNode, "order:new", () => {
    sent.push(waiter("POST", "/api/orders", { json: { tableId: 6, items: [{ menuItemId: 6, quantity: 1 }] } }));
  }, 30_000);
  for (const res of await Promise.all(sent)) assert.equal(res.status, 201);
});

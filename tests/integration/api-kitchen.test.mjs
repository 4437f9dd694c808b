// The kitchen's side of the REST API: the ticket's whole life, stats,
// priority and station, the cancellation workflow, and the outbox of events.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, orderableAsIs, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip ? null : await startKitchenServer({ db: path.join(tempDir(), "kitchen.db") });
const waiter = server && apiClient(server.url, "waiter1");
const chef = server && apiClient(server.url, "chef1");
let table, dish, stations;

if (!skip) {
  table = (await waiter("GET", "/api/tables")).body.tables[2].tableId;
  dish = (await waiter("GET", "/api/menu")).body.menu.find(orderableAsIs);
  stations = (await waiter("GET", "/api/stations")).body.stations;
}

/** A confirmed order; returns [order, kitchenOrderId]. */
async function confirmedOrder() {
  const created = await waiter("POST", "/api/orders", {
    json: { tableId: table, items: [{ menuItemId: dish.menuItemId, quantity: 2 }] },
  });
  assert.equal(created.status, 201);
  const confirmed = await waiter("POST", `/api/orders/${created.body.orderId}/confirm`);
  assert.equal(confirmed.status, 200);
  return [confirmed.body, confirmed.body.kitchenOrder.kitchenOrderId];
}

const ticketUrl = (id, action) => `/api/kitchen/orders/${id}/${action}`;

test("takes a ticket from pending to completed, moving the order and its items along", { skip }, async () => {
  const [order, id] = await confirmedOrder();

  const queue = await chef("GET", "/api/kitchen/orders");
  assert.equal(queue.status, 200);
  assert.ok(queue.body.orders.some((o) => o.kitchenOrder.kitchenOrderId === id));

  const ack = await chef("POST", ticketUrl(id, "acknowledge"));
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
  assert.equal(ack.body.kitchenOrder.status, "acknowledged");
  assert.equal(ack.body.kitchenOrder.chefName, "Charlie Chef");
  assert.equal(typeof ack.body.kitchenOrder.chefId, "number");

  const start = await chef("POST", ticketUrl(id, "start"));
  assert.equal(start.body.kitchenOrder.status, "preparing");
  assert.equal(start.body.status, "preparing");
  assert.ok(start.body.items.every((i) => i.status === "preparing"));

  const ready = await chef("POST", ticketUrl(id, "ready"));
  assert.equal(ready.body.kitchenOrder.status, "ready");
  assert.equal(ready.body.status, "ready");
  assert.ok(ready.body.items.every((i) => i.status === "ready"));

  const done = await chef("POST", ticketUrl(id, "complete"));
  assert.equal(done.status, 200);
  assert.equal(done.body.kitchenOrder.status, "completed");
  assert.equal(done.body.kitchenOrder.prepTime, 0, "completed within the minute");
  assert.equal(done.body.status, "served");

  const paid = await waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: "completed" } });
  assert.equal(paid.status, 200);
  assert.equal(paid.body.status, "completed");
  assert.ok(paid.body.completedAt);
});

test("refuses a ticket transition out of order with 409, from and to", { skip }, async () => {
  const [, id] = await confirmedOrder();
  const early = await chef("POST", ticketUrl(id, "ready"));
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, "invalid_transition");
  assert.equal(early.body.error.from, "pending");
  assert.equal(early.body.error.to, "ready");

  const complete = await chef("POST", ticketUrl(id, "complete"));
  assert.equal(complete.status, 409);
  assert.equal(complete.body.error.to, "completed");

  const missing = await chef("POST", ticketUrl(987654, "start"));
  assert.equal(missing.status, 404);
});

test("counts open tickets by status", { skip }, async () => {
  const before = (await chef("GET", "/api/kitchen/stats")).body;
  const [, a] = await confirmedOrder();
  const [, b] = await confirmedOrder();
  await chef("POST", ticketUrl(b, "start"));
  const after = (await chef("GET", "/api/kitchen/stats")).body;
  assert.equal(after.pending, before.pending + 1);
  assert.equal(after.preparing, before.preparing + 1);
  assert.equal(after.ready, before.ready);
  assert.equal(after.total, before.total + 2);
  assert.equal(after.total, after.pending + after.preparing + after.ready);

  const preparing = await chef("GET", "/api/kitchen/orders?status=preparing");
  assert.ok(preparing.body.orders.some((o) => o.kitchenOrder.kitchenOrderId === b));
  assert.ok(!preparing.body.orders.some((o) => o.kitchenOrder.kitchenOrderId === a));
});

test("changes priority and station, and filters the queue by station", { skip }, async () => {
  const [, id] = await confirmedOrder();
  const vip = await chef("PATCH", `/api/kitchen/orders/${id}/priority`, { json: { priority: "vip" } });
  assert.equal(vip.status, 200);
  assert.equal(vip.body.kitchenOrder.priority, "vip");
  const bad = await chef("PATCH", `/api/kitchen/orders/${id}/priority`, { json: { priority: "urgent" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "priority");

  const bar = stations.find((s) => s.name === "bar");
  const moved = await chef("PUT", `/api/kitchen/orders/${id}/station`, { json: { stationId: bar.stationId } });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.kitchenOrder.stationId, bar.stationId);
  assert.equal(moved.body.kitchenOrder.stationName, "bar");
  // A station's queue lists the tickets with a line it cooks, with only those lines: the
  // dish keeps its own station when the ticket moves (docs/kitchen.md "Stations and courses").
  const cook = moved.body.items[0].stationId;
  assert.ok(cook !== null && cook !== bar.stationId, JSON.stringify(moved.body.items[0]));
  const atCook = await chef("GET", `/api/kitchen/orders?stationId=${cook}`);
  assert.ok(atCook.body.orders.some((o) => o.kitchenOrder.kitchenOrderId === id));
  for (const o of atCook.body.orders) {
    assert.ok(o.items.length > 0);
    assert.ok(o.items.every((i) => (i.stationId ?? o.kitchenOrder.stationId) === cook), JSON.stringify(o.items));
  }
  const atBar = await chef("GET", `/api/kitchen/orders?stationId=${bar.stationId}`);
  assert.ok(!atBar.body.orders.some((o) => o.kitchenOrder.kitchenOrderId === id));

  const nowhere = await chef("PUT", `/api/kitchen/orders/${id}/station`, { json: { stationId: 987654 } });
  assert.equal(nowhere.status, 400);
  assert.equal(nowhere.body.error.field, "stationId");
});

test("cancels an order when the kitchen accepts the waiter's request", { skip }, async () => {
  const [order, id] = await confirmedOrder();
  const noReason = await waiter("POST", `/api/orders/${order.orderId}/cancel-request`, { json: {} });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.field, "reason");

  const asked = await waiter("POST", `/api/orders/${order.orderId}/cancel-request`, {
    json: { reason: "guest left" },
  });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  assert.equal(asked.body.cancelRequest.status, "open");
  assert.equal(asked.body.cancelRequest.reason, "guest left");

  const second = await waiter("POST", `/api/orders/${order.orderId}/cancel-request`, { json: { reason: "again" } });
  assert.equal(second.status, 409, "one open request per order");

  const accepted = await chef("POST", ticketUrl(id, "cancel/accept"));
  assert.equal(accepted.status, 200);
  assert.equal(accepted.body.status, "cancelled");
  assert.equal(accepted.body.kitchenOrder.status, "cancelled");
  assert.equal(accepted.body.cancelRequest.status, "accepted");
  assert.ok(accepted.body.items.every((i) => i.status === "cancelled"));

  const late = await waiter("POST", `/api/orders/${order.orderId}/cancel-request`, { json: { reason: "x" } });
  assert.equal(late.status, 409, "no request on a cancelled order");
});

test("keeps the order when the kitchen rejects the request, with its reason", { skip }, async () => {
  const [order, id] = await confirmedOrder();
  await chef("POST", ticketUrl(id, "start"));
  const noRequest = await chef("POST", ticketUrl(id, "cancel/reject"), { json: { reason: "x" } });
  assert.equal(noRequest.status, 409, "nothing to reject yet");

  await waiter("POST", `/api/orders/${order.orderId}/cancel-request`, { json: { reason: "changed mind" } });
  const noReason = await chef("POST", ticketUrl(id, "cancel/reject"), { json: {} });
  assert.equal(noReason.status, 400);
  const rejected = await chef("POST", ticketUrl(id, "cancel/reject"), { json: { reason: "already on the grill" } });
  assert.equal(rejected.status, 200);
  assert.equal(rejected.body.status, "preparing");
  assert.equal(rejected.body.kitchenOrder.status, "preparing");
  assert.equal(rejected.body.cancelRequest.status, "rejected");
  assert.equal(rejected.body.cancelRequest.rejectionReason, "already on the grill");
});

test("records every change in the outbox, in order, readable from any sequence", { skip }, async () => {
  const start = (await chef("GET", "/api/events?after=0&limit=1000")).body;
  const last = start.lastSequence;
  const [order, id] = await confirmedOrder();
  await chef("POST", ticketUrl(id, "start"));

  const res = await chef("GET", `/api/events?after=${last}`);
  assert.equal(res.status, 200);
  const events = res.body.events;
  assert.deepEqual(
    events.map((e) => e.sequence),
    events.map((_, i) => last + 1 + i),
    "sequences continue without gaps",
  );
  const mine = events.filter((e) => e.orderId === order.orderId).map((e) => e.type);
  assert.deepEqual(mine.slice(0, 3), ["order.created", "order.confirmed", "order.status_changed"]);
  assert.ok(mine.includes("ticket.preparing"));
  assert.ok(events.some((e) => e.type === "kitchen.stats_changed" && e.stats.total >= 1));
  assert.equal(res.body.lastSequence, events.at(-1).sequence);

  const tail = await chef("GET", `/api/events?after=${events.at(-2).sequence}`);
  assert.deepEqual(
    tail.body.events.map((e) => e.sequence),
    [events.at(-1).sequence],
  );
  const bad = await chef("GET", "/api/events?after=-1");
  assert.equal(bad.status, 400);
});

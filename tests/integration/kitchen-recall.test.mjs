// Recalling a bumped ticket (docs/kitchen.md "Recall"): a kitchen screen that
// completed the wrong ticket takes it back over REST; the kitchen and the
// floor hear `kitchen:order_recalled`; a second recall, a recall of a paid
// order and a waiter's recall are refused and announce nothing; after a
// reload the screen finds its recent bumps with `status=completed`.
// The 10-minute window needs a clock the test controls: it is covered by
// tests/unit/kitchen (ticket_workflow_test, kitchen_service_test).

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { EventLog, join, orderState, shape, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip ? null : await startKitchenServer({ db: path.join(tempDir("brigade-recall-"), "recall.db") });
const url = server?.url;
const waiter = server && apiClient(url, "waiter1");
const chef = server && apiClient(url, "chef1");
const TABLE = 5;

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

const ticketUrl = (o, action) => `/api/kitchen/orders/${o.kitchenOrder.kitchenOrderId}/${action}`;

/** An order at TABLE whose ticket is ready (not yet bumped). */
async function readyOrder() {
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId: TABLE, items: [{ menuItemId: 6, quantity: 2 }] } }), 201);
  const confirmed = await ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
  await ok(chef("POST", ticketUrl(confirmed, "start")));
  return ok(chef("POST", ticketUrl(confirmed, "ready")));
}

const lastSequence = async () => (await ok(chef("GET", "/api/events?after=0&limit=1000"))).lastSequence;

test("a bumped ticket is recalled: ready again, announced to the kitchen and the floor, once", { skip, timeout: 15_000 }, async (t) => {
  const kitchen = await staffSocket(t, url, "chef1");
  const floor = await staffSocket(t, url, "waiter1");
  await join(kitchen, "join:kitchen");
  await join(floor, "join:waiters");
  const kitchenLog = new EventLog(kitchen, "kitchen");
  const floorLog = new EventLog(floor, "waiters");

  const order = await readyOrder();
  const bumped = await ok(chef("POST", ticketUrl(order, "complete")));
  assert.equal(bumped.status, "served");
  assert.equal(bumped.kitchenOrder.status, "completed");
  const before = await lastSequence();

  const recalled = await ok(chef("POST", ticketUrl(order, "recall")));
  // The same form as complete's answer: the whole order after the change.
  assert.deepEqual(shape(recalled), shape(await ok(waiter("GET", `/api/orders/${order.orderId}`))));
  assert.deepEqual(Object.keys(recalled), Object.keys(bumped));
  assert.equal(recalled.status, "ready");
  assert.equal(recalled.servedAt, null);
  assert.equal(recalled.readyAt, bumped.readyAt, "ready since the first time");
  assert.equal(recalled.kitchenOrder.status, "ready");
  assert.equal(recalled.kitchenOrder.completedAt, null);
  assert.equal(recalled.kitchenOrder.prepTime, null);
  assert.ok(recalled.items.every((i) => i.status === "ready"), JSON.stringify(recalled.items));

  // Persist, then announce: the outbox has the recall and what followed it.
  const outbox = await ok(chef("GET", `/api/events?after=${before}`));
  assert.deepEqual(
    outbox.events.map((e) => e.type),
    ["ticket.recalled", "order.status_changed", "kitchen.stats_changed"],
  );
  assert.equal(outbox.events[0].kitchenOrderId, order.kitchenOrder.kitchenOrderId);
  assert.equal(outbox.events[0].order.kitchenOrder.status, "ready");

  const expected = { kitchenOrderId: order.kitchenOrder.kitchenOrderId, orderId: order.orderId, tableId: TABLE, order: orderState(recalled) };
  const recall = (log) =>
    log.until((entries) => entries.some((e) => e.event === "kitchen:order_recalled"), { what: "kitchen:order_recalled" });
  await Promise.all([recall(kitchenLog), recall(floorLog)]);
  for (const log of [kitchenLog, floorLog]) {
    const got = log.events().filter((e) => e.event === "kitchen:order_recalled");
    assert.deepEqual(got, [{ event: "kitchen:order_recalled", payload: expected }], log.label);
    assert.deepEqual(Object.keys(got[0].payload), ["kitchenOrderId", "orderId", "tableId", "order"]);
  }
  await floorLog.until((entries) => entries.some((e) => e.event === "order:status_changed" && e.payload.status === "ready"), {
    what: "order:status_changed to ready",
  });

  // Twice is a 409 (the ticket is ready now), and changes nothing.
  const afterRecall = await lastSequence();
  const twice = await chef("POST", ticketUrl(order, "recall"));
  assert.equal(twice.status, 409, JSON.stringify(twice.body));
  assert.deepEqual(twice.body, {
    error: { code: "invalid_transition", message: twice.body.error.message, from: "ready", to: "ready" },
  });
  assert.equal(await lastSequence(), afterRecall, "a refused recall writes no event");

  // A waiter may not recall; a kitchen screen may bump it again.
  const byWaiter = await waiter("POST", ticketUrl(order, "recall"));
  assert.equal(byWaiter.status, 403);
  assert.equal(byWaiter.body.error.code, "forbidden");
  const again = await ok(chef("POST", ticketUrl(order, "complete")));
  assert.equal(again.status, "served");
  assert.equal(typeof again.kitchenOrder.prepTime, "number");

  // Paid: no recall any more.
  await ok(waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: "completed" } }));
  const paid = await chef("POST", ticketUrl(order, "recall"));
  assert.equal(paid.status, 409, JSON.stringify(paid.body));
  assert.equal(paid.body.error.code, "conflict");
  assert.match(paid.body.error.message, /completed/);

  // Exactly one recall was announced to each room in all of this; the
  // sentinel (a new order, sent to both rooms after everything above) proves
  // nothing else is still on its way.
  const sentinel = await ok(waiter("POST", "/api/orders", { json: { tableId: TABLE, items: [{ menuItemId: 1, quantity: 1 }] } }), 201);
  const seen = (log) =>
    log.until((entries) => entries.some((e) => e.event === "order:created" && e.payload.orderId === sentinel.orderId), {
      what: "the sentinel order",
    });
  await Promise.all([seen(kitchenLog), seen(floorLog)]);
  for (const log of [kitchenLog, floorLog]) {
    assert.equal(log.events().filter((e) => e.event === "kitchen:order_recalled").length, 1, log.label);
  }
});

test("after a reload, status=completed lists the latest bumps first, a page at a time", { skip }, async () => {
  const orders = [await readyOrder(), await readyOrder(), await readyOrder()];
  for (const o of orders) await ok(chef("POST", ticketUrl(o, "complete")));
  // The first one is recalled and bumped again: now it is the latest bump.
  await ok(chef("POST", ticketUrl(orders[0], "recall")));
  await ok(chef("POST", ticketUrl(orders[0], "complete")));

  const ids = (body) => body.orders.map((o) => o.kitchenOrder.kitchenOrderId);
  const ticketOf = (o) => o.kitchenOrder.kitchenOrderId;
  const page = await ok(chef("GET", "/api/kitchen/orders?status=completed&limit=3"));
  assert.deepEqual(ids(page), [ticketOf(orders[0]), ticketOf(orders[2]), ticketOf(orders[1])]);
  assert.ok(page.orders.every((o) => o.kitchenOrder.status === "completed" && o.kitchenOrder.completedAt !== null));
  const times = page.orders.map((o) => Date.parse(o.kitchenOrder.completedAt));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), "completedAt descending");

  assert.deepEqual(ids(await ok(chef("GET", "/api/kitchen/orders?status=completed&limit=1"))), [ticketOf(orders[0])]);
  const all = await ok(chef("GET", "/api/kitchen/orders?status=completed"));
  assert.ok(all.orders.length >= 3 && all.orders.length <= 50);
  for (const bad of ["0", "201", "x"]) {
    const res = await chef("GET", `/api/kitchen/orders?status=completed&limit=${bad}`);
    assert.equal(res.status, 400, bad);
    assert.equal(res.body.error.field, "limit");
  }
  // The queue (no status) is unchanged: open tickets, oldest first.
  const queue = await ok(chef("GET", "/api/kitchen/orders"));
  assert.ok(queue.orders.every((o) => !["completed", "cancelled"].includes(o.kitchenOrder.status)));
});

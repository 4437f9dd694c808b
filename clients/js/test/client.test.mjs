// OrderSocketClient against a real `brigade serve --demo`: connecting, joining
// each room with its snapshot, events through the onX handlers, offX, leaving,
// refused joins and connections, and the connection state.
//
// Each test uses its own demo table so their orders never meet.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";

import { ConnectError, OrderSocketClient, RoomJoinError, SERVER_EVENT_NAMES, orderState } from "@brigade/client";

import {
  apiClient,
  login,
  nextEvent,
  recordStates,
  restaurant,
  startKitchenServer,
  stateBecomes,
  tempDir,
  tokenFor,
  withTimeout,
} from "./support.mjs";

const server = await startKitchenServer({ db: path.join(tempDir("brigade-client-"), "client.db") });
const rest = restaurant(server.url, apiClient);

const clients = [];
/** A client of this file, disconnected when the file ends. */
function newClient(options) {
  const client = new OrderSocketClient(options);
  clients.push(client);
  return client;
}
after(() => {
  for (const client of clients) client.disconnect();
});

async function connected(username = "waiter1") {
  const client = newClient();
  await client.connect(server.url, await tokenFor(server.url, username));
  return client;
}

test("connects, and goes idle → connecting → connected → disconnected", async () => {
  const client = newClient();
  assert.equal(client.getConnectionState(), "idle");
  assert.equal(client.getSocket(), null);
  const states = recordStates(client);
  await client.connect(server.url, await tokenFor(server.url, "waiter1"));
  assert.equal(client.getConnectionState(), "connected");
  assert.equal(client.getSocket()?.connected, true);
  client.disconnect();
  assert.equal(client.getSocket(), null);
  assert.deepEqual(states, ["connecting", "connected", "disconnected"]);
});

test("rejects connect() with the server's refusal for an unknown or missing token", async () => {
  for (const [token, code] of [["nobody", "token_invalid"], ["", "token_missing"]]) {
    const client = newClient();
    const states = recordStates(client);
    await assert.rejects(client.connect(server.url, token), (err) => {
      assert.ok(err instanceof ConnectError, String(err));
      assert.equal(err.code, code);
      assert.ok(err.message.length > 0);
      assert.equal(err.data?.code, code);
      assert.equal(err.data?.message, err.message, "the message is the server's");
      return true;
    });
    assert.deepEqual(states, ["connecting", "lost"]);
    assert.equal(client.getSocket(), null, "a refused client keeps no socket retrying");
    assert.equal(client.getLastError()?.code, code);
  }
});

test("rejects connect() with code transport when nobody listens", async () => {
  const client = newClient();
  // Port 1 on loopback: connection refused at once.
  await assert.rejects(client.connect("http://127.0.0.1:1", "waiter1"), (err) => {
    assert.ok(err instanceof ConnectError);
    assert.equal(err.code, "transport");
    return true;
  });
  assert.equal(client.getConnectionState(), "lost");
});

test("join:kitchen answers the open tickets and the stats", async () => {
  const order = await rest.createOrder(1);
  await rest.confirm(order.orderId);
  const client = await connected("chef1");

  const ack = await client.joinKitchenRoom();
  assert.equal(ack.ok, true);
  assert.equal(ack.room, "kitchen");
  assert.deepEqual(Object.keys(ack.snapshot), ["orders", "stats"]);
  const mine = ack.snapshot.orders.find((o) => o.orderId === order.orderId);
  assert.ok(mine, "the confirmed order is in the kitchen snapshot");
  assert.deepEqual(mine, await rest.getOrder(order.orderId), "snapshot orders have the REST form");
  assert.ok(ack.snapshot.orders.every((o) => o.kitchenOrder !== null), "only orders with a ticket");
  assert.deepEqual(ack.snapshot.stats, await rest.stats());
  assert.deepEqual(client.getJoinedRooms(), ["kitchen"]);

  const { snapshot } = await client.joinKitchenRoom(); // again: idempotent
  assert.ok(snapshot.orders.some((o) => o.orderId === order.orderId));
  assert.deepEqual(client.getJoinedRooms(), ["kitchen"]);
});

test("join:waiters answers {ok, room} without a snapshot", async () => {
  const client = await connected();
  assert.deepEqual(await client.joinWaitersRoom(), { ok: true, room: "waiters" });
  assert.deepEqual(client.getJoinedRooms(), ["waiters"]);
});

test("join:table answers the table's open orders, oldest first", async () => {
  const first = await rest.createOrder(2);
  const second = await rest.createOrder(2);
  await rest.confirm(second.orderId);
  const client = await connected();

  const ack = await client.joinTableRoom(2);
  assert.equal(ack.ok, true);
  assert.equal(ack.room, "table:2");
  assert.equal(ack.snapshot.tableId, 2);
  assert.deepEqual(
    ack.snapshot.orders.map((o) => o.orderId),
    [first.orderId, second.orderId],
  );
  assert.deepEqual(ack.snapshot.orders[0], await rest.getOrder(first.orderId));
  assert.deepEqual(ack.snapshot.orders[1], await rest.getOrder(second.orderId));
  assert.deepEqual(client.getJoinedRooms(), ["table:2"]);
});

test("join:order answers the order", async () => {
  const order = await rest.createOrder(3);
  const client = await connected();
  const ack = await client.joinOrderRoom(order.orderId);
  assert.deepEqual(ack, { ok: true, room: `order:${order.orderId}`, snapshot: { order: await rest.getOrder(order.orderId) } });
  assert.deepEqual(client.getJoinedRooms(), [`order:${order.orderId}`]);
});

const refused = async (promise, code, field) =>
  assert.rejects(promise, (err) => {
    assert.ok(err instanceof RoomJoinError, String(err));
    assert.equal(err.code, code);
    assert.ok(err.message.length > 0);
    if (field) assert.equal(err.details.field, field);
    return true;
  });

test("a refused join throws RoomJoinError with the server's code, and is not remembered", async () => {
  const client = await connected();
  await refused(client.joinTableRoom(987654), "not_found");
  await refused(client.joinOrderRoom(987654), "not_found");
  await refused(client.joinTableRoom(1.5), "validation", "tableId");
  await refused(client.joinOrderRoom(-3), "validation", "orderId");
  assert.deepEqual(client.getJoinedRooms(), []);
});

test("an id of 0 is refused as validation, not looked up", async () => {
  const client = await connected();
  await refused(client.joinTableRoom(0), "validation", "tableId");
  await refused(client.joinOrderRoom(0), "validation", "orderId");
  assert.deepEqual(client.getJoinedRooms(), []);
});

test("room commands without a connection throw code not_connected", async () => {
  const client = newClient();
  await assert.rejects(client.joinKitchenRoom(), (err) => err instanceof RoomJoinError && err.code === "not_connected");
  await client.connect(server.url, await tokenFor(server.url, "waiter1"));
  client.disconnect();
  await assert.rejects(client.joinTableRoom(1), (err) => err instanceof RoomJoinError && err.code === "not_connected");
});

test("a join called right after an unawaited connect() waits for the connection", async () => {
  const client = newClient();
  const connecting = client.connect(server.url, await tokenFor(server.url, "waiter1"));
  const ack = await client.joinWaitersRoom();
  assert.deepEqual(ack, { ok: true, room: "waiters" });
  await connecting;
});

test("delivers REST changes through the onX handlers with the documented payloads", async () => {
  const kitchen = await connected("chef1");
  const table = await connected();
  await kitchen.joinKitchenRoom();
  await table.joinTableRoom(4);

  const created = withTimeout(
    new Promise((resolve) => table.onOrderCreated(resolve)),
    "order:created",
  );
  const news = withTimeout(new Promise((resolve) => kitchen.onOrderNew(resolve)), "order:new");
  const order = await rest.createOrder(4, [{ menuItemId: 2, quantity: 2 }]);
  // Events carry the items as REST does, modifiers, seat, course, allergens and line total included.
  const expectedItems = order.items;
  assert.deepEqual(await created, {
    orderId: order.orderId,
    tableId: 4,
    orderNumber: order.orderNumber,
    status: "pending",
    totalAmount: order.totalAmount,
    finalAmount: order.finalAmount,
    items: expectedItems,
    notes: order.notes,
    createdBy: order.createdBy,
    createdAt: order.createdAt,
  });
  assert.deepEqual(await news, {
    orderId: order.orderId,
    tableId: 4,
    orderNumber: order.orderNumber,
    status: "pending",
    items: expectedItems,
  });
  table.offOrderCreated();
  kitchen.offOrderNew();

  // Confirming: order:confirmed to both, order:status to the table only.
  const confirmed = nextEvent(kitchen, "order:confirmed", (p) => p.orderId === order.orderId);
  const status = withTimeout(
    new Promise((resolve) => table.onOrderStatus((p) => p.orderId === order.orderId && resolve(p))),
    "order:status",
  );
  const stats = withTimeout(new Promise((resolve) => kitchen.onKitchenStatsUpdate(resolve)), "kitchen:stats_update");
  const after = await rest.confirm(order.orderId);
  assert.deepEqual(await confirmed, {
    orderId: order.orderId,
    tableId: 4,
    orderNumber: order.orderNumber,
    confirmedAt: after.confirmedAt,
    items: after.items,
    order: orderState(after),
  });
  assert.deepEqual(await status, { orderId: order.orderId, tableId: 4, status: "confirmed", order: orderState(after) });
  const update = await stats;
  assert.deepEqual(Object.keys(update), ["pending", "preparing", "ready", "total"]);
  table.offOrderStatus();
  kitchen.offKitchenStatsUpdate();

  // The ticket moves: acknowledged, preparing (table: kitchen:preparing), ready (kitchen:order_ready, kitchen:ready).
  const kitchenOrderId = after.kitchenOrder.kitchenOrderId;
  const acknowledged = withTimeout(
    new Promise((resolve) => kitchen.onKitchenOrderAcknowledged(resolve)),
    "kitchen:order_acknowledged",
  );
  const acked = await rest.ticket(kitchenOrderId, "acknowledge");
  assert.deepEqual(await acknowledged, {
    kitchenOrderId,
    orderId: order.orderId,
    chefId: acked.kitchenOrder.chefId,
    chefName: acked.kitchenOrder.chefName,
    order: orderState(acked),
  });

  const preparing = withTimeout(new Promise((resolve) => table.onKitchenPreparing(resolve)), "kitchen:preparing");
  const started = await rest.ticket(kitchenOrderId, "start");
  assert.deepEqual(await preparing, { kitchenOrderId, orderId: order.orderId, tableId: 4, order: orderState(started) });

  const readyKitchen = withTimeout(new Promise((resolve) => kitchen.onKitchenOrderReady(resolve)), "kitchen:order_ready");
  const readyTable = withTimeout(new Promise((resolve) => table.onKitchenReady(resolve)), "kitchen:ready");
  const ready = await rest.ticket(kitchenOrderId, "ready");
  assert.deepEqual(await readyKitchen, { kitchenOrderId, orderId: order.orderId, tableId: 4, order: orderState(ready) });
  assert.deepEqual(await readyTable, { kitchenOrderId, orderId: order.orderId, tableId: 4, order: orderState(ready) });

  const completed = withTimeout(
    new Promise((resolve) => table.onKitchenOrderCompleted(resolve)),
    "kitchen:order_completed",
  );
  await rest.ticket(kitchenOrderId, "complete");
  const done = await completed;
  assert.deepEqual(Object.keys(done), ["kitchenOrderId", "orderId", "tableId", "prepTime", "order"]);
  assert.equal(done.kitchenOrderId, kitchenOrderId);
  assert.equal(typeof done.prepTime, "number");

  const recalledKitchen = withTimeout(
    new Promise((resolve) => kitchen.onKitchenOrderRecalled(resolve)),
    "kitchen:order_recalled (kitchen)",
  );
  const recalledTable = withTimeout(
    new Promise((resolve) => table.onKitchenOrderRecalled(resolve)),
    "kitchen:order_recalled (table)",
  );
  const recalled = await rest.ticket(kitchenOrderId, "recall");
  assert.deepEqual(await recalledKitchen, { kitchenOrderId, orderId: order.orderId, tableId: 4, order: orderState(recalled) });
  assert.deepEqual(await recalledTable, { kitchenOrderId, orderId: order.orderId, tableId: 4, order: orderState(recalled) });
});

test("listeners added before connect() receive events once connected", async () => {
  const client = newClient();
  const seen = [];
  client.onOrderItemsAdded((payload) => seen.push(payload));
  await client.connect(server.url, await tokenFor(server.url, "waiter1"));
  const order = await rest.createOrder(5);
  await client.joinOrderRoom(order.orderId);
  const added = nextEvent(client, "order:items_added", (p) => p.orderId === order.orderId);
  const updated = await rest.addItems(order.orderId, [{ menuItemId: 3, quantity: 1, notes: "extra hot" }]);
  await added;
  assert.equal(seen.length, 1);
  const line = updated.items.at(-1);
  assert.equal(line.menuItemId, 3);
  assert.equal(line.notes, "extra hot");
  assert.deepEqual(seen[0], {
    orderId: order.orderId,
    tableId: 5,
    items: [line],
    newTotalAmount: updated.totalAmount,
    newFinalAmount: updated.finalAmount,
    order: orderState(updated),
  });
});

test("offX removes a handler: it stays silent while a handler of a later event fires", async () => {
  const client = await connected();
  await client.joinTableRoom(6);

  let removedCalls = 0;
  const removed = () => removedCalls++;
  let keptCalls = 0;
  const kept = () => keptCalls++;
  client.onOrderCreated(removed);
  client.onOrderCreated(kept);
  client.offOrderCreated(removed);

  let allRemovedCalls = 0;
  client.onOrderStatusChanged(() => allRemovedCalls++);
  client.onOrderStatusChanged(() => allRemovedCalls++);
  client.offOrderStatusChanged(); // without a handler: every one

  const order = await rest.createOrder(6);
  const confirmed = withTimeout(
    new Promise((resolve) => client.onOrderConfirmed((p) => p.orderId === order.orderId && resolve(p))),
    "order:confirmed",
  );
  // The status change after the confirmation is the barrier for offOrderStatusChanged().
  const status = nextEvent(client, "order:status", (p) => p.orderId === order.orderId);
  await rest.confirm(order.orderId);
  await confirmed;
  await status;
  assert.equal(removedCalls, 0, "the removed order:created handler was not called");
  assert.equal(keptCalls, 1, "the other order:created handler was");
  assert.equal(allRemovedCalls, 0, "offOrderStatusChanged() removed both handlers");
  client.offOrderCreated();
  client.offOrderConfirmed();
});

test("a throwing handler does not keep the next one from running, and its error is reported", async () => {
  const reported = [];
  const client = newClient({ onListenerError: (error, event) => reported.push([event, error.message]) });
  await client.connect(server.url, await tokenFor(server.url, "waiter1"));
  await client.joinTableRoom(7);
  client.onOrderCreated(() => {
    throw new Error("screen bug");
  });
  const order = rest.createOrder(7);
  const received = await nextEvent(client, "order:created");
  assert.equal(received.orderId, (await order).orderId);
  client.offOrderCreated();
  assert.deepEqual(reported, [["order:created", "screen bug"]]);
});

test("leaving a room stops its events", async () => {
  const client = await connected("manager1"); // a manager may be in the kitchen and at a table
  await client.joinKitchenRoom();
  await client.joinTableRoom(8);
  let tableOnly = [];
  client.onOrderStatus((p) => tableOnly.push(p.orderId));

  // Control: in table:8, order:status (sent to the table only) arrives.
  const first = await rest.createOrder(8);
  const firstStatus = nextEvent(client, "order:status", (p) => p.orderId === first.orderId);
  await rest.confirm(first.orderId);
  await firstStatus;

  assert.deepEqual(await client.leaveTableRoom(8), { ok: true, room: "table:8" });
  assert.deepEqual(client.getJoinedRooms(), ["kitchen"]);
  tableOnly = [];

  const second = await rest.createOrder(8);
  const confirmed = await rest.confirm(second.orderId);
  // Barrier: a later kitchen-only event; order:status of the confirmation would have come before it.
  const barrier = nextEvent(client, "kitchen:priority_changed", (p) => p.orderId === second.orderId);
  const vip = await rest.priority(confirmed.kitchenOrder.kitchenOrderId, "vip");
  assert.deepEqual(await barrier, {
    kitchenOrderId: confirmed.kitchenOrder.kitchenOrderId,
    orderId: second.orderId,
    priority: "vip",
    order: orderState(vip),
  });
  assert.deepEqual(tableOnly, [], "no order:status after leaving table:8");
  client.offOrderStatus();

  assert.deepEqual(await client.leaveKitchenRoom(), { ok: true, room: "kitchen" });
  assert.deepEqual(client.getJoinedRooms(), []);
});

test("leaving while not connected resolves locally and forgets the room", async () => {
  const client = newClient();
  assert.deepEqual(await client.leaveOrderRoom(5), { ok: true, room: "order:5" });
});

test("has an on/off pair for every event of docs/events.md", () => {
  const whole = readFileSync(new URL("../../../docs/events.md", import.meta.url), "utf8");
  // Only the generated routing table: the rest of the page also has tables (the room commands).
  const doc = whole.slice(whole.indexOf("<!-- BEGIN GENERATED"), whole.indexOf("<!-- END GENERATED"));
  assert.ok(doc.length > 0, "docs/events.md has its generated routing table");
  const documented = [...doc.matchAll(/^\| `([a-z_]+:[a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.equal(documented.length, 25);
  assert.deepEqual([...SERVER_EVENT_NAMES].sort(), [...documented].sort());
  const client = new OrderSocketClient();
  const camel = (event) =>
    event
      .split(/[:_]/)
      .map((part) => part[0].toUpperCase() + part.slice(1))
      .join("");
  for (const event of SERVER_EVENT_NAMES) {
    assert.equal(typeof client[`on${camel(event)}`], "function", `on${camel(event)}`);
    assert.equal(typeof client[`off${camel(event)}`], "function", `off${camel(event)}`);
  }
});

test("tells onAuthRevoked why the server ends the session when a manager deactivates the member, then goes lost", async () => {
  const manager = apiClient(server.url, "manager1");
  const hired = await manager("POST", "/api/admin/staff", {
    json: { name: "Test Rita", username: "rita", role: "waiter", password: "correct horse" },
  });
  assert.equal(hired.status, 201, JSON.stringify(hired.body));
  const client = newClient();
  const notices = [];
  client.onAuthRevoked((notice) => notices.push(notice));
  const session = await login(server.url, "rita", "correct horse");
  await client.connect(server.url, session.body.token);
  const lost = stateBecomes(client, "lost");

  const off = await manager("PATCH", `/api/admin/staff/${hired.body.staffId}`, { json: { active: false } });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  await lost;
  assert.equal(notices.length, 1);
  assert.equal(notices[0].code, "token_revoked");
  assert.match(notices[0].message, /deactivated/);
});

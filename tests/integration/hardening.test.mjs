// Hardening (issue 17, docs/security.md "Hardening findings"): what one
// waiter's phone or one table display could once do to a restaurant's
// service, tried again. An order that grows without bound, an event log that
// stores the whole order at every change, a page of events as large as the
// log, a kitchen snapshot that locks the kitchen out of its own room, and
// pipelined joins that pass the room limit before any of them has joined.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { io } from "socket.io-client";

import { apiClient, orderableAsIs, tempDir } from "./support/api.mjs";
import { cliToken, tokenFor } from "./support/auth.mjs";
import { command, join } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

// Small bounds, so that a few orders reach them: a connection's unsent
// events (the slow-consumer bound) and its rooms.
const maxOutboundBytes = 128 * 1024;
const maxRooms = 3;

let server = null;
let db = "";
if (!skip) {
  db = path.join(tempDir("brigade-hardening-"), "hardening.db");
  server = await startKitchenServer({
    db,
    extraArgs: ["--max-outbound-bytes", String(maxOutboundBytes), "--max-rooms-per-socket", String(maxRooms)],
  });
}
const waiter = () => apiClient(server.url, "waiter1");

/** 100 items of the first dish, their notes together 8000 characters: the largest order one command makes. */
function fullItems(menuItemId, noteLength = 80) {
  return Array.from({ length: 100 }, (_, i) => ({ menuItemId, quantity: 1, notes: `${i}`.padEnd(noteLength, "n") }));
}

async function firstDish() {
  const menu = (await waiter()("GET", "/api/menu")).body.menu;
  return menu.find(orderableAsIs).menuItemId;
}

async function createOrder(tableId, items) {
  const res = await waiter()("POST", "/api/orders", { json: { tableId, items } });
  assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
  return res.body;
}

/** The outbox's head: the sequence of the restaurant's latest event. */
async function lastSequence() {
  let after = 0;
  for (;;) {
    const page = (await apiClient(server.url, "manager1")("GET", `/api/events?after=${after}&limit=1000`)).body;
    after = page.lastSequence;
    if (!page.more) return after;
  }
}

test("an order stops growing at its limits, with 413 order_too_large naming the limit", { skip }, async () => {
  const dish = await firstDish();
  const order = await createOrder(1, fullItems(dish, 1));
  const add = (items) => waiter()("POST", `/api/orders/${order.orderId}/items`, { json: { items } });
  assert.equal((await add(fullItems(dish, 1))).status, 200);
  const before = await lastSequence();
  // 200 items now: the probe's 61st command of 100 items is refused at the first item too many.
  const over = await add([{ menuItemId: dish, quantity: 1 }]);
  assert.equal(over.status, 413, JSON.stringify(over.body));
  assert.equal(over.body.error.code, "order_too_large");
  assert.equal(over.body.error.field, "items");
  assert.equal(over.body.error.limit, "200");
  assert.match(over.body.error.message, /at most 200 items/);
  assert.equal(await lastSequence(), before, "a refused command writes no event");
  const stored = (await waiter()("GET", `/api/orders/${order.orderId}`)).body;
  assert.equal(stored.items.length, 200);

  const notes = await createOrder(2, fullItems(dish));  // 8000 characters of notes already
  const moreNotes = await waiter()("POST", `/api/orders/${notes.orderId}/items`, {
    json: { items: [{ menuItemId: dish, quantity: 1, notes: "one more" }] },
  });
  assert.equal(moreNotes.status, 413, JSON.stringify(moreNotes.body));
  assert.equal(moreNotes.body.error.field, "notes");
  assert.equal(moreNotes.body.error.limit, "8000");
  const longNote = await waiter()("POST", "/api/orders", {
    json: { tableId: 2, items: [{ menuItemId: dish, quantity: 1, notes: "x".repeat(201) }] },
  });
  assert.equal(longNote.status, 400);
  assert.equal(longNote.body.error.field, "items[0].notes");
});

test("the event log stores what changed, not the whole order again", { skip }, async () => {
  const dish = await firstDish();
  const order = await createOrder(3, fullItems(dish));
  const from = await lastSequence();
  for (let i = 0; i < 3; i += 1) {
    const res = await waiter()("POST", `/api/orders/${order.orderId}/items`, {
      json: { items: [{ menuItemId: dish, quantity: 1 }] },
    });
    assert.equal(res.status, 200);
  }
  const page = (await waiter()("GET", `/api/events?after=${from}&limit=10`)).body;
  const added = page.events.filter((e) => e.type === "order.items_added");
  assert.equal(added.length, 3);
  for (const event of added) {
    assert.deepEqual(event.order.items.map((item) => item.itemId), event.addedItemIds);
    assert.ok(JSON.stringify(event).length < 4096, `an event of one added item is small: ${JSON.stringify(event).length} bytes`);
  }
  assert.equal(added.at(-1).order.totalAmount, (await waiter()("GET", `/api/orders/${order.orderId}`)).body.totalAmount);
});

test("a page of events is bounded in bytes as well as in count, and says when there is more", { skip }, async () => {
  const dish = await firstDish();
  const from = await lastSequence();
  // Each order.created of 100 noted items stores some 20 KB: 64 of them pass the 1 MiB page bound.
  const orders = 64;
  for (let i = 0; i < orders; i += 1) await createOrder(4 + (i % 4), fullItems(dish));
  const res = await fetch(`${server.url}/api/events?after=${from}&limit=1000`, {
    headers: { Authorization: `Bearer ${await tokenFor(server.url, "waiter1")}` },
  });
  const text = await res.text();
  const page = JSON.parse(text);
  assert.ok(page.events.length > 0 && page.events.length < orders, `a cut page: ${page.events.length} events, ${text.length} bytes`);
  assert.ok(text.length < 1.5 * 1024 * 1024, `the page is about 1 MiB: ${text.length} bytes`);
  assert.equal(page.more, true);
  // Reading on from lastSequence gets the rest, each event once.
  let after = page.lastSequence;
  let seen = page.events.length;
  for (;;) {
    const next = (await waiter()("GET", `/api/events?after=${after}&limit=1000`)).body;
    seen += next.events.length;
    after = next.lastSequence;
    if (!next.more) break;
  }
  assert.equal(seen, orders);
  assert.equal(after, await lastSequence());
});

test("a page of orders is bounded in bytes too, and its cursor goes on from the cut", { skip }, async () => {
  // The orders of the tests before: some 100 of 100 noted items, 2 MB and more of JSON.
  const res = await fetch(`${server.url}/api/orders?limit=200`, {
    headers: { Authorization: `Bearer ${await tokenFor(server.url, "waiter1")}` },
  });
  const text = await res.text();
  const first = JSON.parse(text);
  assert.ok(text.length < 1.5 * 1024 * 1024, `about 1 MiB: ${text.length} bytes`);
  assert.equal(typeof first.nextCursor, "string");
  const ids = first.orders.map((o) => o.orderId);
  let cursor = first.nextCursor;
  while (cursor) {
    const page = (await waiter()("GET", `/api/orders?limit=200&cursor=${encodeURIComponent(cursor)}`)).body;
    ids.push(...page.orders.map((o) => o.orderId));
    cursor = page.nextCursor;
  }
  assert.equal(new Set(ids).size, ids.length, "each order once");
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), "newest first, across the cut");
  assert.ok(ids.length > first.orders.length);
});

test("a kitchen snapshot larger than the slow-consumer bound still lets the kitchen into its room", { skip }, async (t) => {
  const dish = await firstDish();
  // Ten confirmed orders of 100 noted items: a snapshot well over the 128 KiB bound.
  for (let i = 0; i < 10; i += 1) {
    const order = await createOrder(1 + (i % 8), fullItems(dish));
    assert.equal((await waiter()("POST", `/api/orders/${order.orderId}/confirm`)).status, 200);
  }
  const token = await tokenFor(server.url, "chef1");
  for (const transports of [["websocket"], ["polling"]]) {
    const socket = io(server.url, { auth: { token }, transports, forceNew: true, reconnection: false });
    t.after(() => socket.close());
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const ack = await join(socket, "join:kitchen");
    const size = JSON.stringify(ack.snapshot).length;
    assert.ok(size > maxOutboundBytes, `the snapshot (${size} bytes) is over the bound`);
    assert.ok(ack.snapshot.orders.length >= 10);
    assert.equal(socket.connected, true, `${transports}: still connected after the snapshot`);
    // And events still reach it: the room works.
    const heard = new Promise((resolve) => socket.once("order:created", resolve));
    await createOrder(9, [{ menuItemId: dish, quantity: 1 }]);
    assert.equal((await heard).tableId, 9);
    socket.close();
  }
});

test("pipelined join:order of a table display cannot pass the room limit", { skip }, async (t) => {
  const dish = await firstDish();
  const tableId = 10;
  const orders = [];
  for (let i = 0; i < maxRooms + 3; i += 1) orders.push(await createOrder(tableId, [{ menuItemId: dish, quantity: 1 }]));
  const { token } = cliToken(db, ["--role", "table_display", "--table", String(tableId), "--name", "Table 10"]);
  const display = io(server.url, { auth: { token }, transports: ["websocket"], forceNew: true, reconnection: false });
  t.after(() => display.close());
  await new Promise((resolve, reject) => {
    display.once("connect", resolve);
    display.once("connect_error", reject);
  });
  // All sent before any answer: each order's table is looked up first.
  const acks = await Promise.all(orders.map((o) => command(display, "join:order", { orderId: o.orderId })));
  const joined = acks.filter((a) => a.ok);
  const refused = acks.filter((a) => !a.ok);
  assert.equal(joined.length, maxRooms, JSON.stringify(acks));
  assert.ok(refused.every((a) => a.error.code === "too_many_rooms"), JSON.stringify(refused));
  // Leaving one frees its place.
  assert.equal((await command(display, "leave:order", { orderId: orders[0].orderId })).ok, true);
  const again = await command(display, "join:order", { orderId: orders.at(-1).orderId });
  assert.equal(again.ok, true, JSON.stringify(again));
});

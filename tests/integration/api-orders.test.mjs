// The waiters' side of the REST API: create, read, list, confirm, add items,
// item and order status, with every validation and transition error.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, cents, demoFinalCents, orderableAsIs, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip ? null : await startKitchenServer({ db: path.join(tempDir(), "orders.db") });
const waiter = server && apiClient(server.url, "waiter1");
const chef = server && apiClient(server.url, "chef1");
let tables, menu, available, soldOut;

if (!skip) {
  tables = (await waiter("GET", "/api/tables")).body.tables;
  menu = (await waiter("GET", "/api/menu")).body.menu;
  available = menu.filter(orderableAsIs);
  soldOut = menu.find((m) => !m.available);
}

async function createOrder(items, extra = {}) {
  const res = await waiter("POST", "/api/orders", { json: { tableId: tables[0].tableId, items, ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

test("creates an order with numbered, priced items and answers 201", { skip }, async () => {
  const [a, b] = available;
  const order = await createOrder(
    [
      { menuItemId: a.menuItemId, quantity: 2, notes: "no onions" },
      { menuItemId: b.menuItemId, quantity: 1 },
    ],
    { notes: "birthday" },
  );
  assert.equal(typeof order.orderId, "number");
  assert.match(order.orderNumber, /^A-\d{4,}$/);
  assert.equal(order.tableId, tables[0].tableId);
  assert.equal(order.status, "pending");
  assert.equal(order.notes, "birthday");
  assert.equal(order.items.length, 2);
  assert.deepEqual(
    order.items.map((i) => [i.menuItemId, i.name, i.quantity, i.unitPrice, i.status]),
    [
      [a.menuItemId, a.name, 2, a.price, "pending"],
      [b.menuItemId, b.name, 1, b.price, "pending"],
    ],
  );
  assert.equal(order.items[0].notes, "no onions");
  const total = 2 * cents(a.price) + cents(b.price);
  assert.equal(cents(order.totalAmount), total);
  assert.equal(cents(order.finalAmount), demoFinalCents(total));
  assert.equal(order.kitchenOrder, null, "no ticket before confirmation");
  assert.ok(!Number.isNaN(Date.parse(order.createdAt)));
  assert.equal(order.confirmedAt, null);

  const again = await waiter("GET", `/api/orders/${order.orderId}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, order);
});

test("gives each order of the day the next number", { skip }, async () => {
  const first = await createOrder([{ menuItemId: available[0].menuItemId, quantity: 1 }]);
  const second = await createOrder([{ menuItemId: available[0].menuItemId, quantity: 1 }]);
  const n = (o) => Number(o.orderNumber.split("-")[1]);
  assert.equal(n(second), n(first) + 1);
});

test("confirms an order, which opens its kitchen ticket", { skip }, async () => {
  const order = await createOrder([{ menuItemId: available[2].menuItemId, quantity: 1 }]);
  const res = await waiter("POST", `/api/orders/${order.orderId}/confirm`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.status, "confirmed");
  assert.ok(res.body.confirmedAt);
  const ticket = res.body.kitchenOrder;
  assert.equal(ticket.status, "pending");
  assert.equal(ticket.priority, "normal");
  assert.equal(ticket.orderId, order.orderId);
  assert.equal(ticket.stationId, available[2].stationId);

  const twice = await waiter("POST", `/api/orders/${order.orderId}/confirm`);
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, "invalid_transition");
  assert.equal(twice.body.error.from, "confirmed");
  assert.equal(twice.body.error.to, "confirmed");
});

test("refuses status moves the rules do not allow, naming from and to", { skip }, async () => {
  const order = await createOrder([{ menuItemId: available[0].menuItemId, quantity: 1 }]);
  for (const to of ["ready", "served", "completed", "preparing", "cancelled", "pending"]) {
    const res = await waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: to } });
    assert.equal(res.status, 409, `pending → ${to}`);
    assert.equal(res.body.error.code, "invalid_transition");
    assert.equal(res.body.error.from, "pending");
    assert.equal(res.body.error.to, to);
  }
  const bad = await waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: "eaten" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "validation");
  assert.equal(bad.body.error.field, "status");

  const ok = await waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: "confirmed" } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, "confirmed");
});

test("adds items to an order and recomputes its totals", { skip }, async () => {
  const order = await createOrder([{ menuItemId: available[0].menuItemId, quantity: 1 }]);
  await waiter("POST", `/api/orders/${order.orderId}/confirm`);
  const res = await waiter("POST", `/api/orders/${order.orderId}/items`, {
    json: { items: [{ menuItemId: available[3].menuItemId, quantity: 3 }] },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.items.length, 2);
  const total = cents(available[0].price) + 3 * cents(available[3].price);
  assert.equal(cents(res.body.totalAmount), total);
  assert.equal(cents(res.body.finalAmount), demoFinalCents(total));
  assert.equal(res.body.kitchenOrder.changed, true, "the ticket shows the change");
});

test("moves one item forward, cancels another, and refuses a skip", { skip }, async () => {
  const order = await createOrder([
    { menuItemId: available[0].menuItemId, quantity: 1 },
    { menuItemId: available[1].menuItemId, quantity: 2 },
  ]);
  const [first, second] = order.items;
  const url = (item) => `/api/orders/${order.orderId}/items/${item.itemId}`;

  const preparing = await chef("PATCH", url(first), { json: { status: "preparing" } });
  assert.equal(preparing.status, 200, JSON.stringify(preparing.body));
  assert.equal(preparing.body.items.find((i) => i.itemId === first.itemId).status, "preparing");

  // Only the floor serves; the manager may do everything, so the skip is
  // refused by the item's life, not by the role.
  const skip = await apiClient(server.url, "manager1")("PATCH", url(first), { json: { status: "served" } });
  assert.equal(skip.status, 409);
  assert.equal(skip.body.error.from, "preparing");
  assert.equal(skip.body.error.to, "served");

  const cancelled = await waiter("PATCH", url(second), { json: { status: "cancelled" } });
  assert.equal(cancelled.status, 200);
  assert.equal(cents(cancelled.body.totalAmount), cents(available[0].price), "a cancelled item costs nothing");

  const missing = await chef("PATCH", `/api/orders/${order.orderId}/items/999999`, {
    json: { status: "ready" },
  });
  assert.equal(missing.status, 404);
});

test("names the field of every invalid order", { skip }, async () => {
  const good = { menuItemId: available[0].menuItemId, quantity: 1 };
  const cases = [
    [{ items: [good] }, "tableId"],
    [{ tableId: "one", items: [good] }, "tableId"],
    [{ tableId: 999999, items: [good] }, "tableId"],
    [{ tableId: tables[0].tableId }, "items"],
    [{ tableId: tables[0].tableId, items: [] }, "items"],
    [{ tableId: tables[0].tableId, items: [{ quantity: 1 }] }, "items[0].menuItemId"],
    [{ tableId: tables[0].tableId, items: [good, { menuItemId: 999999, quantity: 1 }] }, "items[1].menuItemId"],
    [{ tableId: tables[0].tableId, items: [{ ...good, quantity: 0 }] }, "items[0].quantity"],
    [{ tableId: tables[0].tableId, items: [{ ...good, quantity: 1.5 }] }, "items[0].quantity"],
    [{ tableId: tables[0].tableId, items: [{ ...good, quantity: 100 }] }, "items[0].quantity"],
    [{ tableId: tables[0].tableId, items: [{ ...good, notes: 7 }] }, "items[0].notes"],
    [{ tableId: tables[0].tableId, items: [{ ...good, notes: "n".repeat(501) }] }, "items[0].notes"],
  ];
  for (const [body, field] of cases) {
    const res = await waiter("POST", "/api/orders", { json: body });
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "validation");
    assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    assert.ok(res.body.error.message.length > 0);
  }
});

test("refuses a sold-out item with 409", { skip }, async () => {
  const res = await waiter("POST", "/api/orders", {
    json: { tableId: tables[0].tableId, items: [{ menuItemId: soldOut.menuItemId, quantity: 1 }] },
  });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "sold_out");
});

test("answers 404 for an order that does not exist", { skip }, async () => {
  for (const [method, url, json] of [
    ["GET", "/api/orders/987654"],
    ["POST", "/api/orders/987654/confirm"],
    ["PATCH", "/api/orders/987654/status", { status: "served" }],
    ["POST", "/api/orders/987654/items", { items: [{ menuItemId: 1, quantity: 1 }] }],
    ["POST", "/api/orders/987654/cancel-request", { reason: "left" }],
  ]) {
    const res = await waiter(method, url, json ? { json } : {});
    assert.equal(res.status, 404, `${method} ${url}`);
    assert.equal(res.body.error.code, "not_found");
  }
});

test("lists orders newest first, filtered, page by page", { skip }, async () => {
  const table = tables[5].tableId;
  const created = [];
  for (let i = 0; i < 5; i++) {
    const res = await waiter("POST", "/api/orders", {
      json: { tableId: table, items: [{ menuItemId: available[0].menuItemId, quantity: 1 }] },
    });
    created.push(res.body.orderId);
  }
  await waiter("POST", `/api/orders/${created[0]}/confirm`);

  const seen = [];
  let cursor = null;
  do {
    const query = `tableId=${table}&limit=2` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const page = await waiter("GET", `/api/orders?${query}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.orders.length <= 2);
    seen.push(...page.body.orders.map((o) => o.orderId));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, [...created].reverse());

  const confirmed = await waiter("GET", `/api/orders?tableId=${table}&status=confirmed`);
  assert.deepEqual(
    confirmed.body.orders.map((o) => o.orderId),
    [created[0]],
  );

  for (const query of ["limit=0", "limit=201", "limit=x", "status=eaten", "tableId=x", "cursor=%%%"]) {
    const res = await waiter("GET", `/api/orders?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(res.body.error.code, "validation");
  }
});

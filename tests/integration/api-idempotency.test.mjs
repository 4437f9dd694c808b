// Idempotent order creation and concurrent clients: one Idempotency-Key is
// one order, however often and however concurrently it is sent.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { test } from "node:test";

import { apiClient, orderableAsIs, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip ? null : await startKitchenServer({ db: path.join(tempDir(), "idem.db") });
const waiter = server && apiClient(server.url, "waiter1");
let body, table;

if (!skip) {
  table = (await waiter("GET", "/api/tables")).body.tables[7].tableId;
  const dish = (await waiter("GET", "/api/menu")).body.menu.find(orderableAsIs);
  body = { tableId: table, items: [{ menuItemId: dish.menuItemId, quantity: 1 }] };
}

const ordersAtTable = async () =>
  (await waiter("GET", `/api/orders?tableId=${table}&limit=200`)).body.orders.map((o) => o.orderId);

test("returns the same order for the same key and never creates a second", { skip }, async () => {
  const key = randomUUID();
  const before = await ordersAtTable();
  const first = await waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } });
  assert.equal(first.status, 201);
  const retry = await waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } });
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get("idempotent-replayed"), "true");
  assert.equal(retry.body.orderId, first.body.orderId);
  assert.equal(retry.body.orderNumber, first.body.orderNumber);
  assert.deepEqual(await ordersAtTable(), [first.body.orderId, ...before]);
});

test("creates exactly one order when requests with one key race", { skip }, async () => {
  const key = randomUUID();
  const before = await ordersAtTable();
  const results = await Promise.all(
    Array.from({ length: 16 }, () =>
      waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } }),
    ),
  );
  assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join(","));
  const ids = new Set(results.map((r) => r.body.orderId));
  assert.equal(ids.size, 1, "every racer got the same order");
  assert.equal(results.filter((r) => r.headers.get("idempotent-replayed") !== "true").length, 1);
  assert.deepEqual(await ordersAtTable(), [...ids, ...before]);
});

test("refuses a key reused for a different order with 409", { skip }, async () => {
  const key = randomUUID();
  await waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } });
  const other = { ...body, notes: "something else" };
  const res = await waiter("POST", "/api/orders", { json: other, headers: { "Idempotency-Key": key } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "conflict");
});

test("treats the same body with keys in another order as the same request", { skip }, async () => {
  const key = randomUUID();
  const first = await waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } });
  const reordered = { items: body.items, tableId: body.tableId };
  const retry = await waiter("POST", "/api/orders", { json: reordered, headers: { "Idempotency-Key": key } });
  assert.equal(retry.status, 201);
  assert.equal(retry.body.orderId, first.body.orderId);
});

test("refuses an unusable key with 400", { skip }, async () => {
  for (const key of ["x".repeat(256), "tab\there"]) {
    const res = await waiter("POST", "/api/orders", { json: body, headers: { "Idempotency-Key": key } });
    assert.equal(res.status, 400, JSON.stringify(key));
    assert.equal(res.body.error.field, "Idempotency-Key");
  }
});

test("serves several clients at once: every order stored once, numbers unique", { skip }, async () => {
  const clients = ["waiter1", "manager1", "waiter1", "manager1"].map((staff) => apiClient(server.url, staff));
  const perClient = 15;
  const created = (
    await Promise.all(
      clients.map(async (client) => {
        const mine = [];
        for (let i = 0; i < perClient; i++) {
          const res = await client("POST", "/api/orders", {
            json: body,
            headers: { "Idempotency-Key": randomUUID() },
          });
          assert.equal(res.status, 201);
          mine.push(res.body);
        }
        return mine;
      }),
    )
  ).flat();
  assert.equal(created.length, clients.length * perClient);
  assert.equal(new Set(created.map((o) => o.orderId)).size, created.length);
  assert.equal(new Set(created.map((o) => o.orderNumber)).size, created.length);
  const stored = new Set(await ordersAtTable());
  for (const order of created) assert.ok(stored.has(order.orderId));
});

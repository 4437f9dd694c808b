// Nothing acknowledged is ever lost: the store survives a clean restart and a
// SIGKILL in the middle of a burst of orders, with every order it answered
// 2xx intact and no order half-written.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, it } from "node:test";

import { allEvents, allOrders, apiClient, cents, orderableAsIs, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

describe("durability", { skip: isNodePeer && "Brigade only" }, () => {
  it("keeps everything across a clean restart", async () => {
    const db = path.join(tempDir(), "restart.db");
    const first = await startKitchenServer({ db });
    const api = apiClient(first.url);
    const dish = (await api("GET", "/api/menu")).body.menu.find(orderableAsIs);
    const table = (await api("GET", "/api/tables")).body.tables[0].tableId;
    const made = await api("POST", "/api/orders", {
      json: { tableId: table, items: [{ menuItemId: dish.menuItemId, quantity: 2, notes: "well done" }] },
    });
    const confirmed = await api("POST", `/api/orders/${made.body.orderId}/confirm`);
    assert.equal(confirmed.status, 200);
    await first.stop();

    const second = await startKitchenServer({ db });
    // The demo is loaded only into an empty database.
    await second.waitForStderr(/demo data not loaded/);
    const again = apiClient(second.url);
    const reread = await again("GET", `/api/orders/${made.body.orderId}`);
    assert.equal(reread.status, 200);
    assert.deepEqual(reread.body, confirmed.body);
    assert.equal((await again("GET", "/api/menu")).body.menu.length, 20, "the demo was not loaded twice");
  });

  it("loses no answered order and half-writes none when killed mid-burst", async () => {
    const db = path.join(tempDir(), "crash.db");
    const server = await startKitchenServer({ db });
    const api = apiClient(server.url);
    const menu = (await api("GET", "/api/menu")).body.menu.filter(orderableAsIs);
    const tables = (await api("GET", "/api/tables")).body.tables;

    // 8 clients send orders as fast as they are answered; after 150 answers
    // the server is killed while requests are still in flight.
    const answered = new Map(); // orderId -> {request, order}
    const sent = new Map(); // Idempotency-Key -> request, answered or not
    const killAfter = 150;
    let killing = null;
    const clientLoop = async (c) => {
      for (let i = 0; ; i++) {
        const items = Array.from({ length: 1 + ((c + i) % 4) }, (_, k) => ({
          menuItemId: menu[(c * 7 + i + k) % menu.length].menuItemId,
          quantity: 1 + k,
        }));
        const request = { tableId: tables[(c + i) % tables.length].tableId, items, notes: `client ${c} #${i}` };
        const key = randomUUID();
        sent.set(key, request);
        let res;
        try {
          res = await api("POST", "/api/orders", { json: request, headers: { "Idempotency-Key": key } });
        } catch {
          return; // the connection died with the server
        }
        if (res.status === 201) answered.set(res.body.orderId, { key, request, order: res.body });
        if (answered.size >= killAfter && !killing) killing = server.kill9();
        if (killing) return;
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, c) => clientLoop(c)));
    await killing;
    assert.ok(answered.size >= killAfter);

    const restarted = await startKitchenServer({ db, demo: false });
    const after = apiClient(restarted.url);
    const stored = new Map((await allOrders(after)).map((o) => [o.orderId, o]));

    for (const [id, { request, order }] of answered) {
      const found = stored.get(id);
      assert.ok(found, `answered order ${id} survived`);
      assert.equal(found.orderNumber, order.orderNumber);
      assert.equal(found.notes, request.notes);
      assert.deepEqual(
        found.items.map((i) => [i.menuItemId, i.quantity]),
        request.items.map((i) => [i.menuItemId, i.quantity]),
      );
    }
    // No order is half-written: each has its items and totals that add up,
    // and each has exactly one order.created event in a gapless outbox.
    const priceOf = new Map(menu.map((m) => [m.menuItemId, cents(m.price)]));
    for (const order of stored.values()) {
      assert.ok(order.items.length >= 1, `order ${order.orderId} has items`);
      const total = order.items.reduce((sum, i) => sum + i.quantity * priceOf.get(i.menuItemId), 0);
      assert.equal(cents(order.totalAmount), total, `order ${order.orderId} total`);
    }
    const events = await allEvents(after);
    assert.deepEqual(
      events.map((e) => e.sequence),
      events.map((_, i) => i + 1),
    );
    const createdEvents = events.filter((e) => e.type === "order.created").map((e) => e.orderId);
    assert.deepEqual([...createdEvents].sort((a, b) => a - b), [...stored.keys()].sort((a, b) => a - b));
    assert.ok(stored.size >= answered.size);

    // The waiters' apps retry everything they sent, with the same keys: an
    // answered order comes back as itself, one whose answer was lost in the
    // crash is created at most once, and in the end each key is one order.
    const byKey = new Map();
    await Promise.all(
      [...sent].map(async ([key, request]) => {
        const res = await after("POST", "/api/orders", { json: request, headers: { "Idempotency-Key": key } });
        assert.equal(res.status, 201);
        byKey.set(key, res.body.orderId);
      }),
    );
    for (const [id, { key }] of answered) {
      assert.equal(byKey.get(key), id, `retry of answered order ${id} returns it`);
    }
    const final = await allOrders(after);
    assert.equal(final.length, sent.size, "one order per key, none twice");
    assert.equal(new Set(byKey.values()).size, sent.size);
  });
});

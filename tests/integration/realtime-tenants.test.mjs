// Rooms are per restaurant (docs/events.md, "Rooms"): every restaurant has
// its own `kitchen` and `waiters`, so a screen of one restaurant never
// receives another restaurant's events, and it cannot join another
// restaurant's table or order rooms.
//
// The demo has one restaurant; a second one ("B", staff waiter2 and chef2,
// one table, one station, one dish) is added to the database with the
// sqlite3 shell between a first start (which loads the demo) and the start
// under test (scripts/setup.sh installs the sqlite3 shell).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { cliToken } from "./support/auth.mjs";
import { command, commandEvents, loadRoutes, roomHarness } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

// scripts/setup.sh installs the sqlite3 shell; without it this file fails
// rather than skipping, so isolation is never silently untested.
const skip = isNodePeer && "Brigade only";

const secondRestaurant = `
INSERT INTO restaurants (name, order_number_prefix) VALUES ('Second Kitchen', 'B');
INSERT INTO stations (restaurant_id, name) VALUES ((SELECT max(id) FROM restaurants), 'pass');
INSERT INTO tables (restaurant_id, name, seats) VALUES ((SELECT max(id) FROM restaurants), '1', 4);
INSERT INTO menu_categories (restaurant_id, name) VALUES ((SELECT max(id) FROM restaurants), 'Starters');
INSERT INTO menu_items (restaurant_id, name, price, category_id, default_station_id)
  VALUES ((SELECT max(id) FROM restaurants), 'Soup', 650, (SELECT max(id) FROM menu_categories),
          (SELECT max(id) FROM stations));
INSERT INTO staff (restaurant_id, name, username, role) VALUES
  ((SELECT max(id) FROM restaurants), 'Wanda Waiter', 'waiter2', 'waiter'),
  ((SELECT max(id) FROM restaurants), 'Carl Chef', 'chef2', 'chef');
`;

let server = null;
// Restaurant B's staff have no password: their tokens come from the
// `brigade token --staff` command, as a set-up script would get them.
const tokensB = {};
if (!skip) {
  const db = path.join(tempDir("brigade-tenants-"), "tenants.db");
  const seeding = await startKitchenServer({ db });
  await seeding.stop();
  execFileSync("sqlite3", [db, secondRestaurant]);
  tokensB.waiter = cliToken(db, ["--staff", "waiter2"]).token;
  tokensB.chef = cliToken(db, ["--staff", "chef2"]).token;
  server = await startKitchenServer({ db, demo: false, extraArgs: ["--stats-interval-ms", "40"] });
}
const routes = loadRoutes();

test("each restaurant's screens get only their restaurant's events and rooms", { skip, timeout: 20_000 }, async (t) => {
  const a = { waiter: apiClient(server.url, "waiter1"), chef: apiClient(server.url, "chef1") };
  const b = { waiter: apiClient(server.url, tokensB.waiter), chef: apiClient(server.url, tokensB.chef) };
  const tableA = 3;
  const tablesB = (await b.waiter("GET", "/api/tables")).body.tables;
  assert.equal(tablesB.length, 1, "restaurant B sees only its own table");
  const tableB = tablesB[0].tableId;
  const dishB = (await b.waiter("GET", "/api/menu")).body.menu[0].menuItemId;

  // Restaurant A already has an open ticket when B's kitchen joins.
  const a0 = (await a.waiter("POST", "/api/orders", { json: { tableId: tableA, items: [{ menuItemId: 1, quantity: 1 }] } })).body;
  await a.waiter("POST", `/api/orders/${a0.orderId}/confirm`);

  const h = roomHarness({ url: server.url, routes, kitchenApis: { A: a.chef, B: b.chef } });
  const kitchenA = await h.screen(t, "A kitchen", "chef1", { restaurant: "A" });
  const waitersA = await h.screen(t, "A waiters+table", "waiter1", { restaurant: "A" });
  const kitchenB = await h.screen(t, "B kitchen", tokensB.chef, { restaurant: "B" });
  const waitersB = await h.screen(t, "B waiters+table", tokensB.waiter, { restaurant: "B" });

  const snapshotA = await h.enter(kitchenA, "kitchen");
  assert.deepEqual(snapshotA.snapshot.orders.map((o) => o.orderId), [a0.orderId]);
  assert.deepEqual(await h.enter(kitchenB, "kitchen"), {
    ok: true,
    room: "kitchen",
    snapshot: { orders: [], stats: { pending: 0, preparing: 0, ready: 0, total: 0 } },
  });
  await h.enter(waitersA, "waiters");
  await h.enter(waitersA, `table:${tableA}`);
  await h.enter(waitersB, "waiters");
  await h.enter(waitersB, `table:${tableB}`);

  // Another restaurant's table or order is not found, whatever its id.
  for (const [event, payload] of [
    ["join:table", { tableId: tableA }],
    ["join:order", { orderId: a0.orderId }],
  ]) {
    const ack = await command(waitersB.socket, event, payload);
    assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)} by B → ${JSON.stringify(ack)}`);
    assert.equal(ack.error.code, "not_found");
  }
  const ackA = await command(waitersA.socket, "join:table", { tableId: tableB });
  assert.equal(ackA.error?.code, "not_found", `A joining B's table → ${JSON.stringify(ackA)}`);
  await h.syncOutbox();

  // Each restaurant's flow reaches only its own screens (checked exactly by the harness).
  const b1 = await h.step("B creates an order", {
    restaurant: "B",
    request: () => b.waiter("POST", "/api/orders", { json: { tableId: tableB, items: [{ menuItemId: dishB, quantity: 2 }] } }),
    status: 201,
    triggers: commandEvents.create,
  });
  assert.match(b1.orderNumber, /^B-/);
  const a1 = await h.step("A creates an order", {
    restaurant: "A",
    request: () => a.waiter("POST", "/api/orders", { json: { tableId: tableA, items: [{ menuItemId: 2, quantity: 1 }] } }),
    status: 201,
    triggers: commandEvents.create,
  });
  const b2 = await h.step("B confirms", {
    restaurant: "B",
    before: b1,
    request: () => b.waiter("POST", `/api/orders/${b1.orderId}/confirm`),
    triggers: commandEvents.confirm,
  });
  const a2 = await h.step("A confirms", {
    restaurant: "A",
    before: a1,
    request: () => a.waiter("POST", `/api/orders/${a1.orderId}/confirm`),
    triggers: commandEvents.confirm,
  });
  await h.step("B starts", {
    restaurant: "B",
    before: b2,
    request: () => b.chef("POST", `/api/kitchen/orders/${b2.kitchenOrder.kitchenOrderId}/start`),
    triggers: commandEvents.start,
  });
  // Sentinels both ways: a leak of B's last events to A's screens would have
  // arrived before A's next one, and the other way round.
  await h.step("A starts", {
    restaurant: "A",
    before: a2,
    request: () => a.chef("POST", `/api/kitchen/orders/${a2.kitchenOrder.kitchenOrderId}/start`),
    triggers: commandEvents.start,
  });
  await h.step("B creates a second order", {
    restaurant: "B",
    request: () => b.waiter("POST", "/api/orders", { json: { tableId: tableB, items: [{ menuItemId: dishB, quantity: 1 }] } }),
    status: 201,
    triggers: commandEvents.create,
  });
  // B's orders are not A's business: A cannot act on them either.
  assert.equal((await a.chef("POST", `/api/kitchen/orders/${b2.kitchenOrder.kitchenOrderId}/ready`)).status, 404);

  const statsOf = (s) => s.log.events().filter((e) => e.event === "kitchen:stats_update").map((e) => e.payload);
  assert.deepEqual(statsOf(kitchenB).at(-1), { pending: 0, preparing: 1, ready: 0, total: 1 });
  assert.deepEqual(statsOf(kitchenA).at(-1), { pending: 1, preparing: 1, ready: 0, total: 2 });
  for (const s of [kitchenB, waitersB]) {
    assert.ok(!s.log.events().some((e) => [a0.orderId, a1.orderId].includes(e.payload?.orderId)), `${s.label}`);
  }
  for (const s of [kitchenA, waitersA]) {
    assert.ok(!s.log.events().some((e) => e.payload?.orderId === b1.orderId), `${s.label}`);
  }
});

// Live 86 (docs/api.md "Menu availability", docs/events.md): a chef or a
// manager marks a dish sold out or back with PATCH /api/menu/items/{id};
// the kitchen and waiters rooms hear menu:item_availability at once; a new
// order with the dish is refused with 409 sold_out naming it, while an order
// already taken keeps it.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, orderableAsIs, tempDir } from "./support/api.mjs";
import { command, EventLog, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const server = skip ? null : await startKitchenServer({ db: path.join(tempDir("brigade-86-"), "menu.db") });
const url = server?.url;

test("a chef 86es a dish: the rooms hear it, new orders are refused, taken ones keep it", { skip }, async (t) => {
  const waiter = apiClient(url, "waiter1");
  const chef = apiClient(url, "chef1");
  const dish = (await waiter("GET", "/api/menu")).body.menu.find(orderableAsIs);

  const kitchenScreen = await staffSocket(t, url, "chef1");
  const waiterPhone = await staffSocket(t, url, "waiter1");
  assert.equal((await command(kitchenScreen, "join:kitchen")).ok, true);
  assert.equal((await command(waiterPhone, "join:waiters")).ok, true);
  const heard = { kitchen: new EventLog(kitchenScreen, "kitchen"), waiters: new EventLog(waiterPhone, "waiters") };
  const availability = (log, n) =>
    log.until((all) => all.filter((e) => e.event === "menu:item_availability").length >= n, { what: `${n} menu:item_availability` })
      .then(() => log.entries.filter((e) => e.event === "menu:item_availability"));

  const taken = await waiter("POST", "/api/orders", { json: { tableId: 2, items: [{ menuItemId: dish.menuItemId, quantity: 1 }] } });
  assert.equal(taken.status, 201);

  const sold = await chef("PATCH", `/api/menu/items/${dish.menuItemId}`, { json: { available: false } });
  assert.equal(sold.status, 200, JSON.stringify(sold.body));
  assert.equal(sold.body.menuItemId, dish.menuItemId);
  assert.equal(sold.body.available, false);
  for (const [room, log] of Object.entries(heard)) {
    const [event] = await availability(log, 1);
    assert.deepEqual(event.payload, { menuItemId: dish.menuItemId, name: dish.name, available: false }, room);
  }
  const menu = (await waiter("GET", "/api/menu")).body.menu;
  assert.equal(menu.find((m) => m.menuItemId === dish.menuItemId).available, false);

  const refused = await waiter("POST", "/api/orders", {
    json: { tableId: 3, items: [{ menuItemId: 1 === dish.menuItemId ? 2 : 1, quantity: 1 }, { menuItemId: dish.menuItemId, quantity: 2 }] },
  });
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, "sold_out");
  assert.equal(refused.body.error.field, "items[1].menuItemId");
  assert.equal(refused.body.error.menuItemId, String(dish.menuItemId));
  assert.match(refused.body.error.message, new RegExp(`${dish.name} is sold out`));
  const added = await waiter("POST", `/api/orders/${taken.body.orderId}/items`, { json: { items: [{ menuItemId: dish.menuItemId, quantity: 1 }] } });
  assert.equal(added.status, 409);
  assert.equal(added.body.error.code, "sold_out");

  // The order taken before the 86 is untouched and goes on to the kitchen.
  const confirmed = await waiter("POST", `/api/orders/${taken.body.orderId}/confirm`);
  assert.equal(confirmed.status, 200);
  assert.deepEqual(confirmed.body.items.map((i) => i.menuItemId), [dish.menuItemId]);

  // Saying it again changes nothing and announces nothing; back on the menu is announced once.
  assert.equal((await chef("PATCH", `/api/menu/items/${dish.menuItemId}`, { json: { available: false } })).status, 200);
  const back = await apiClient(url, "manager1")("PATCH", `/api/menu/items/${dish.menuItemId}`, { json: { available: true } });
  assert.equal(back.status, 200);
  const changes = await availability(heard.waiters, 2);
  assert.deepEqual(changes.map((e) => e.payload.available), [false, true], "one event per change, none for the repeat");
  assert.equal((await waiter("POST", "/api/orders", { json: { tableId: 3, items: [{ menuItemId: dish.menuItemId, quantity: 1 }] } })).status, 201);

  // The outbox has both changes, with the menu item.
  const events = (await waiter("GET", "/api/events?after=0&limit=1000")).body.events.filter((e) => e.type === "menu.item_availability_changed");
  assert.deepEqual(events.map((e) => e.menuItem.available), [false, true]);
  assert.equal(events[0].menuItem.menuItemId, dish.menuItemId);
});

test("only a chef or a manager may 86, with a body of exactly {available: boolean}", { skip }, async () => {
  const dish = (await apiClient(url, "waiter1")("GET", "/api/menu")).body.menu[0];
  const forbidden = await apiClient(url, "waiter1")("PATCH", `/api/menu/items/${dish.menuItemId}`, { json: { available: false } });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.body.error.code, "forbidden");
  const chef = apiClient(url, "chef1");
  for (const body of [{ available: "no" }, {}, { available: true, price: 1 }]) {
    const bad = await chef("PATCH", `/api/menu/items/${dish.menuItemId}`, { json: body });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(bad.body.error.code, "validation");
  }
  const missing = await chef("PATCH", "/api/menu/items/999999", { json: { available: false } });
  assert.equal(missing.status, 404);
  assert.equal((await apiClient(url, "waiter1")("GET", "/api/menu")).body.menu[0].available, dish.available, "nothing changed");
});

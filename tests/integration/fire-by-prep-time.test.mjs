// Fire by prep time (docs/kitchen.md "Fire by prep time"), against `brigade
// serve` with the demo menu: a manager gives dishes their prep times and
// turns the setting on; a burger (12 min) and fries (5 min) sent together
// reach the grill at once and the fry station 7 minutes later, when the
// server's timer releases the fries with order:course_fired; a chef may
// start a waiting line early.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { apiClient, demoDishes, expectOk, stationsOf, tempDir } from "./support/api.mjs";
import { EventLog, join, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const db = skip ? null : path.join(tempDir("brigade-prep-time-"), "prep.db");
const server = skip ? null : await startKitchenServer({ db, extraArgs: ["--auto-fire-check-ms", "100"] });
const url = server?.url;
const manager = skip ? null : apiClient(url, "manager1");
const waiter = skip ? null : apiClient(url, "waiter1");
const chef = skip ? null : apiClient(url, "chef1");
const station = skip ? null : stationsOf(waiter);
const ok = expectOk;
const { BURGER, FRIES } = demoDishes;

/** The lines of one ticket a station's screen shows (undefined: none). */
async function stationLines(stationName, orderId) {
  const { orders } = await ok(chef("GET", `/api/kitchen/orders?stationId=${await station(stationName)}`));
  return orders.find((o) => o.orderId === orderId)?.items;
}

async function burgerAndFries() {
  const items = [
    { menuItemId: BURGER, quantity: 1 },
    { menuItemId: FRIES, quantity: 1 },
  ];
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId: 3, items } }), 201);
  return ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
}

test("a manager sets prep times and fire by prep time; bad values are refused", { skip }, async () => {
  const tooLong = await manager("PATCH", `/api/admin/menu/items/${BURGER}`, { json: { prepMinutes: 241 } });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.error.field, "prepMinutes");
  assert.equal((await ok(manager("PATCH", `/api/admin/menu/items/${BURGER}`, { json: { prepMinutes: 12 } }))).prepMinutes, 12);
  await ok(manager("PATCH", `/api/admin/menu/items/${FRIES}`, { json: { prepMinutes: 5 } }));
  const menu = await ok(waiter("GET", "/api/menu"));
  assert.equal(menu.menu.find((m) => m.menuItemId === FRIES).prepMinutes, 5);
  const csv = await manager("GET", "/api/admin/menu/export?format=csv");
  assert.match(csv.body, /^category,name,description,price,station,course,prep_minutes,/);

  const notABoolean = await manager("PATCH", "/api/admin/settings", { json: { fireByPrepTime: "yes" } });
  assert.equal(notABoolean.status, 400);
  assert.equal(notABoolean.body.error.field, "fireByPrepTime");
  const settings = await ok(manager("PATCH", "/api/admin/settings", { json: { fireByPrepTime: true } }));
  assert.equal(settings.fireByPrepTime, true);
});

test("the quicker dish waits for its turn, then the timer sends it with order:course_fired", { skip }, async (t) => {
  const kitchenSocket = await staffSocket(t, url, "chef1");
  await join(kitchenSocket, "join:kitchen");
  const kitchen = new EventLog(kitchenSocket, "kitchen");
  const order = await burgerAndFries();
  const [burger, fries] = order.items;
  assert.equal(burger.held, false);
  assert.notEqual(burger.firedAt, null);
  assert.equal(fries.held, true);
  assert.equal(fries.firedAt, null);
  const wait = Date.parse(fries.releaseAt) - Date.parse(order.confirmedAt ?? burger.firedAt);
  assert.equal(Math.round(wait / 60000), 7, "12 − 5 minutes");
  assert.deepEqual((await stationLines("grill", order.orderId)).map((i) => [i.name, i.held]), [["Classic Burger", false]]);
  assert.deepEqual((await stationLines("fry", order.orderId)).map((i) => [i.name, i.held]), [["French Fries", true]]);
  const ticket = order.kitchenOrder;
  const fryPart = ticket.stations.find((p) => p.stationName === "fry");
  assert.equal(fryPart.nextReleaseAt, fries.releaseAt);
  assert.equal(order.items.every((i) => i.course === 2), true, "one course, fired when the ticket opened");

  // Seven minutes pass for the fries (their turn moved back in the database,
  // beside the running server): the next check sends them.
  execFileSync("sqlite3", [
    db,
    `PRAGMA busy_timeout = 5000; UPDATE order_items SET release_at = release_at - 420000 WHERE id = ${fries.itemId};`,
  ]);
  const isRelease = (e) => e.event === "order:course_fired" && e.payload.orderId === order.orderId;
  await kitchen.until((all) => all.some(isRelease), { what: "order:course_fired for the fries" });
  const fired = kitchen.entries.find(isRelease);
  assert.equal(fired.payload.course, 2);
  assert.deepEqual([...fired.payload.itemIds].sort(), [burger.itemId, fries.itemId].sort());
  assert.deepEqual((await stationLines("fry", order.orderId)).map((i) => [i.name, i.held]), [["French Fries", false]]);
  const { events } = await ok(chef("GET", "/api/events?after=0&limit=1000"));
  const fires = events.filter((e) => e.type === "order.course_fired" && e.orderId === order.orderId);
  assert.equal(fires.length, 1, "released once");
  assert.equal(fires[0].actorId, 0, "the restaurant's timer");
});

test("a chef starts a waiting line early; a second fire sends the rest at once", { skip }, async () => {
  const early = await burgerAndFries();
  const fries = early.items[1];
  const started = await ok(
    chef("PATCH", `/api/orders/${early.orderId}/items/${fries.itemId}`, { json: { status: "preparing" } }),
  );
  const line = started.items.find((i) => i.itemId === fries.itemId);
  assert.equal(line.held, false);
  assert.equal(line.status, "preparing");
  assert.equal(line.releaseAt, null);

  const rushed = await burgerAndFries();
  const now = await ok(waiter("POST", `/api/orders/${rushed.orderId}/courses/2/fire`));
  assert.equal(now.items[1].held, false, "fired again: now");
  assert.notEqual(now.items[1].firedAt, null);
});

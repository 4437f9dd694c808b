// Item-level station routing, station parts, expo bumps, and courses held
// until the waiter fires them (docs/kitchen.md "Stations and courses",
// docs/api.md, docs/events.md), against `brigade serve` with the demo menu:
// each station's view shows only its lines; the ticket is ready only when
// every station is done, or when the expediter bumps it, and
// kitchen:order_ready is announced once; held courses reach the stations
// only after their fire, with order:course_fired in the kitchen, waiters and
// order rooms; a restaurant that auto-fires sends a held course by itself
// once its minutes have passed.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { apiClient, demoDishes, expectOk, stationsOf, tempDir } from "./support/api.mjs";
import { EventLog, join, orderState, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const server = skip ? null : await startKitchenServer({ db: path.join(tempDir("brigade-stations-"), "stations.db") });
const url = server?.url;
const waiter = skip ? null : apiClient(url, "waiter1");
const chef = skip ? null : apiClient(url, "chef1");

const { SALAD, BURGER, FRIES, ESPRESSO } = demoDishes;
const ok = expectOk;
const station = skip ? null : stationsOf(waiter);

async function confirmedOrder(tableId, items) {
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId, items } }), 201);
  return ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
}

/** The lines a station's screen shows of one ticket (undefined: the ticket is not on it). */
async function stationView(stationName, kitchenOrderId) {
  const { orders } = await ok(chef("GET", `/api/kitchen/orders?stationId=${await station(stationName)}`));
  return orders.find((o) => o.kitchenOrder.kitchenOrderId === kitchenOrderId);
}

/** Screens in the four rooms of one order, each logging what it hears. */
async function screensFor(t, order) {
  const kitchen = await staffSocket(t, url, "chef1");
  const waiters = await staffSocket(t, url, "waiter1");
  const table = await staffSocket(t, url, "waiter1");
  const orderRoom = await staffSocket(t, url, "manager1");
  await join(kitchen, "join:kitchen");
  await join(waiters, "join:waiters");
  await join(table, "join:table", { tableId: order.tableId });
  await join(orderRoom, "join:order", { orderId: order.orderId });
  return {
    kitchen: new EventLog(kitchen, "kitchen"),
    waiters: new EventLog(waiters, "waiters"),
    table: new EventLog(table, `table:${order.tableId}`),
    order: new EventLog(orderRoom, `order:${order.orderId}`),
  };
}

const named = (log, event, orderId) => log.entries.filter((e) => e.event === event && e.payload.orderId === orderId);

/** The restaurant's outbox events of one type for one order. */
async function outbox(type, orderId) {
  const { events } = await ok(chef("GET", "/api/events?after=0&limit=1000"));
  return events.filter((e) => e.type === type && e.orderId === orderId);
}

test("each line goes to its station; the ticket is ready once, when every station is done", { skip }, async (t) => {
  // The waiter sends everything at once: the burgers as course 1 too.
  const order = await confirmedOrder(3, [
    { menuItemId: SALAD, quantity: 1 },
    { menuItemId: BURGER, quantity: 2, course: 1 },
    { menuItemId: ESPRESSO, quantity: 1 },
  ]);
  const ticketId = order.kitchenOrder.kitchenOrderId;
  const lineOf = (menuItemId) => order.items.find((i) => i.menuItemId === menuItemId);
  assert.equal(lineOf(SALAD).stationId, await station("cold"));
  assert.equal(lineOf(BURGER).stationId, await station("grill"));
  assert.equal(lineOf(ESPRESSO).stationId, await station("bar"));
  assert.ok(order.items.every((i) => !i.held && i.firedAt !== null), JSON.stringify(order.items));

  // Each station's screen: this ticket, with only its own line.
  for (const [name, dish] of [["cold", SALAD], ["grill", BURGER], ["bar", ESPRESSO]]) {
    const view = await stationView(name, ticketId);
    assert.ok(view, `${name} sees the ticket`);
    assert.deepEqual(view.items.map((i) => i.menuItemId), [dish], name);
    assert.equal(view.kitchenOrder.stations.length, 3, "every station's part is still listed");
  }
  assert.equal(await stationView("fry", ticketId), undefined, "the fryer has nothing on it");

  const heard = await screensFor(t, order);
  const grill = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("grill")}/ready`));
  assert.equal(grill.kitchenOrder.status, "preparing", "one station done: the ticket started, not ready");
  const grillPart = grill.kitchenOrder.stations.find((p) => p.stationName === "grill");
  assert.deepEqual([grillPart.status, grillPart.readyItems, grillPart.items], ["ready", 1, 1]);
  const burgerLine = lineOf(BURGER).itemId;
  await heard.kitchen.until((all) => all.some((e) => e.event === "order:item_status_changed" && e.payload.itemId === burgerLine), {
    what: "the grill's line in the kitchen room",
  });
  assert.deepEqual(named(heard.kitchen, "order:item_status_changed", order.orderId)[0].payload, {
    orderId: order.orderId,
    itemId: burgerLine,
    status: "ready",
    stationId: await station("grill"),
    course: 1,
    item: grill.items.find((i) => i.itemId === burgerLine),
    order: orderState(grill),
  });

  const cold = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("cold")}/ready`));
  assert.equal(cold.kitchenOrder.status, "preparing");
  // The bar's line, one by one: the last line ready makes the ticket ready.
  const espresso = lineOf(ESPRESSO).itemId;
  await ok(chef("PATCH", `/api/orders/${order.orderId}/items/${espresso}`, { json: { status: "preparing" } }));
  const done = await ok(chef("PATCH", `/api/orders/${order.orderId}/items/${espresso}`, { json: { status: "ready" } }));
  assert.equal(done.kitchenOrder.status, "ready");
  assert.equal(done.status, "ready");
  assert.ok(done.kitchenOrder.stations.every((p) => p.status === "ready"));

  for (const room of ["kitchen", "waiters", "table", "order"]) {
    await heard[room].until((all) => all.some((e) => e.event === "kitchen:order_ready" && e.payload.orderId === order.orderId), {
      what: "kitchen:order_ready",
    });
  }
  // Nothing moves any more: a second "done" changes nothing, and announces nothing.
  const again = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("bar")}/ready`));
  assert.equal(again.kitchenOrder.readyAt, done.kitchenOrder.readyAt);
  // A later event every room hears bounds what each room got: exactly one order_ready.
  await ok(waiter("PATCH", `/api/orders/${order.orderId}/status`, { json: { status: "served" } }));
  for (const room of ["kitchen", "waiters", "table", "order"]) {
    await heard[room].until((all) => all.some((e) => e.event === "order:status_changed" && e.payload.status === "served"), {
      what: "order:status_changed served",
    });
    assert.equal(named(heard[room], "kitchen:order_ready", order.orderId).length, 1, room);
  }
  assert.equal((await outbox("ticket.ready", order.orderId)).length, 1);
});

test("the expediter bumps a ticket to the pass while a station is still cooking", { skip }, async (t) => {
  const order = await confirmedOrder(5, [{ menuItemId: SALAD, quantity: 1 }, { menuItemId: ESPRESSO, quantity: 2 }]);
  const ticketId = order.kitchenOrder.kitchenOrderId;
  const heard = await screensFor(t, order);
  const cold = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("cold")}/ready`));
  assert.equal(cold.kitchenOrder.status, "preparing");
  const bumped = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/ready`));
  assert.equal(bumped.kitchenOrder.status, "ready");
  assert.ok(bumped.items.every((i) => i.status === "ready"), JSON.stringify(bumped.items));
  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/complete`));
  for (const room of ["kitchen", "waiters", "table"]) {
    await heard[room].until((all) => all.some((e) => e.event === "kitchen:order_completed" && e.payload.orderId === order.orderId), {
      what: "kitchen:order_completed",
    });
    assert.equal(named(heard[room], "kitchen:order_ready", order.orderId).length, 1, room);
  }
  assert.equal((await outbox("ticket.ready", order.orderId)).length, 1);
});

test("mains stay held on their stations until the waiter fires them", { skip }, async (t) => {
  const order = await confirmedOrder(6, [
    { menuItemId: SALAD, quantity: 2 },
    { menuItemId: BURGER, quantity: 1 },
    { menuItemId: FRIES, quantity: 1 },
  ]);
  const ticketId = order.kitchenOrder.kitchenOrderId;
  const burger = order.items.find((i) => i.menuItemId === BURGER);
  assert.deepEqual(
    order.items.map((i) => [i.course, i.held, i.firedAt === null]),
    [[1, false, false], [2, true, true], [2, true, true]],
  );
  const grillView = await stationView("grill", ticketId);
  assert.deepEqual(grillView.items.map((i) => [i.itemId, i.held]), [[burger.itemId, true]], "the grill sees the burger, held");
  assert.equal(grillView.kitchenOrder.stations.find((p) => p.stationName === "grill").status, "held");

  // A held line cannot be cooked, nor is it readied with its station or ticket.
  const early = await chef("PATCH", `/api/orders/${order.orderId}/items/${burger.itemId}`, { json: { status: "preparing" } });
  assert.equal(early.status, 409, JSON.stringify(early.body));
  assert.equal(early.body.error.code, "conflict");
  assert.equal(early.body.error.course, "2");
  const startersDone = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("cold")}/ready`));
  assert.equal(startersDone.kitchenOrder.status, "preparing", "held mains keep the ticket from being ready");
  assert.equal(startersDone.items.find((i) => i.itemId === burger.itemId).status, "pending");

  // Only the floor fires, and only a course the order has.
  const byChef = await chef("POST", `/api/orders/${order.orderId}/courses/2/fire`);
  assert.equal(byChef.status, 403, JSON.stringify(byChef.body));
  const noDessert = await waiter("POST", `/api/orders/${order.orderId}/courses/3/fire`);
  assert.equal(noDessert.status, 409, JSON.stringify(noDessert.body));
  const tooFar = await waiter("POST", `/api/orders/${order.orderId}/courses/9/fire`);
  assert.equal(tooFar.status, 400, JSON.stringify(tooFar.body));
  assert.equal(tooFar.body.error.field, "course");

  const heard = await screensFor(t, order);
  const fired = await ok(waiter("POST", `/api/orders/${order.orderId}/courses/2/fire`));
  const mains = fired.items.filter((i) => i.course === 2);
  assert.ok(mains.every((i) => !i.held && i.firedAt !== null), JSON.stringify(mains));
  const expected = {
    orderId: order.orderId,
    tableId: order.tableId,
    course: 2,
    itemIds: mains.map((i) => i.itemId),
    firedAt: mains[0].firedAt,
    items: mains,
    order: orderState(fired),
  };
  for (const room of ["kitchen", "waiters", "order"]) {
    await heard[room].until((all) => all.some((e) => e.event === "order:course_fired"), { what: "order:course_fired" });
    assert.deepEqual(named(heard[room], "order:course_fired", order.orderId).map((e) => e.payload), [expected], room);
  }
  // Firing again changes nothing and announces nothing.
  const twice = await ok(waiter("POST", `/api/orders/${order.orderId}/courses/2/fire`));
  assert.equal(twice.items.find((i) => i.itemId === burger.itemId).firedAt, expected.firedAt);
  assert.equal((await outbox("order.course_fired", order.orderId)).length, 1);
  // The table's screen is not told (docs/events.md): a later event it hears bounds its log.
  await ok(waiter("POST", "/api/orders", { json: { tableId: order.tableId, items: [{ menuItemId: ESPRESSO, quantity: 1 }] } }), 201);
  await heard.table.until((all) => all.some((e) => e.event === "order:created"), { what: "order:created" });
  assert.equal(heard.table.entries.filter((e) => e.event === "order:course_fired").length, 0);

  // Live on the grill now; the grill and the fryer finish the ticket.
  assert.equal((await stationView("grill", ticketId)).items[0].held, false);
  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("grill")}/ready`));
  const last = await ok(chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("fry")}/ready`));
  assert.equal(last.kitchenOrder.status, "ready");
});

test("a chef moves one line to another station, and its screens follow", { skip }, async (t) => {
  const order = await confirmedOrder(7, [{ menuItemId: SALAD, quantity: 1 }, { menuItemId: ESPRESSO, quantity: 1 }]);
  const ticketId = order.kitchenOrder.kitchenOrderId;
  const salad = order.items.find((i) => i.menuItemId === SALAD);
  const heard = await screensFor(t, order);
  const moved = await ok(chef("PUT", `/api/kitchen/orders/${ticketId}/items/${salad.itemId}/station`, {
    json: { stationId: await station("grill") },
  }));
  assert.equal(moved.items.find((i) => i.itemId === salad.itemId).stationName, "grill");
  await heard.kitchen.until((all) => all.some((e) => e.event === "kitchen:item_station_changed"), { what: "kitchen:item_station_changed" });
  assert.deepEqual(heard.kitchen.entries.find((e) => e.event === "kitchen:item_station_changed").payload, {
    kitchenOrderId: ticketId,
    orderId: order.orderId,
    itemId: salad.itemId,
    stationId: await station("grill"),
    stationName: "grill",
    item: moved.items.find((i) => i.itemId === salad.itemId),
    order: orderState(moved),
  });
  assert.deepEqual((await stationView("grill", ticketId)).items.map((i) => i.itemId), [salad.itemId]);
  assert.equal(await stationView("cold", ticketId), undefined);

  const nowhere = await chef("PUT", `/api/kitchen/orders/${ticketId}/items/${salad.itemId}/station`, { json: { stationId: 987654 } });
  assert.equal(nowhere.status, 400);
  assert.equal(nowhere.body.error.field, "stationId");
  const byWaiter = await waiter("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("grill")}/ready`);
  assert.equal(byWaiter.status, 403);
  const noLine = await chef("POST", `/api/kitchen/orders/${ticketId}/stations/${await station("fry")}/ready`);
  assert.equal(noLine.status, 404, JSON.stringify(noLine.body));
});

test("an order read back from the store keeps its lines' stations, courses and holds", { skip }, async () => {
  const order = await confirmedOrder(8, [{ menuItemId: SALAD, quantity: 1 }, { menuItemId: BURGER, quantity: 1 }]);
  const stored = await ok(chef("GET", `/api/orders/${order.orderId}`));
  assert.deepEqual(
    stored.items.map((i) => [i.stationName, i.course, i.held]),
    [["cold", 1, false], ["grill", 2, true]],
  );
});

test("a manager turns auto-fire on: a held course goes by itself once its minutes have passed", { skip }, async (t) => {
  const db = path.join(tempDir("brigade-auto-fire-"), "auto.db");
  const timed = await startKitchenServer({ db, extraArgs: ["--auto-fire-check-ms", "100"] });
  const manager = apiClient(timed.url, "manager1");
  const floor = apiClient(timed.url, "waiter1");
  assert.deepEqual(await ok(manager("GET", "/api/admin/settings")), {
    autoFireMinutes: 0,
    ticketTargetMinutes: 15,
    fireByPrepTime: false,
  });
  const refused = await floor("PATCH", "/api/admin/settings", { json: { autoFireMinutes: 1 } });
  assert.equal(refused.status, 403);
  const bad = await manager("PATCH", "/api/admin/settings", { json: { autoFireMinutes: 241 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "autoFireMinutes");
  assert.deepEqual(await ok(manager("PATCH", "/api/admin/settings", { json: { autoFireMinutes: 1 } })), {
    autoFireMinutes: 1,
    ticketTargetMinutes: 15,
    fireByPrepTime: false,
  });
  const audit = await ok(manager("GET", "/api/admin/audit"));
  assert.equal(audit.entries[0].action, "settings.updated");

  const phone = await staffSocket(t, timed.url, "waiter1");
  await join(phone, "join:waiters");
  const heard = new EventLog(phone, "waiters");
  const created = await ok(floor("POST", "/api/orders", { json: { tableId: 2, items: [{ menuItemId: SALAD, quantity: 1 }, { menuItemId: BURGER, quantity: 1 }] } }), 201);
  const order = await ok(floor("POST", `/api/orders/${created.orderId}/confirm`));
  assert.equal(order.items[1].held, true);
  // (Not due before its minutes: kitchen_service_test's auto-fire tests, on a clock of their own.)
  // Two minutes pass for this order (its lines' fire time moved back in the
  // database, beside the running server): the next check fires the mains.
  execFileSync("sqlite3", [
    db,
    `PRAGMA busy_timeout = 5000; UPDATE order_items SET fired_at = fired_at - 120000 WHERE order_id = ${order.orderId} AND fired_at IS NOT NULL;`,
  ]);
  await heard.until((all) => all.some((e) => e.event === "order:course_fired" && e.payload.orderId === order.orderId), {
    what: "order:course_fired from the auto-fire",
  });
  const fired = await ok(floor("GET", `/api/orders/${order.orderId}`));
  assert.equal(fired.items[1].held, false);
  assert.notEqual(fired.items[1].firedAt, null);
  const events = await ok(manager("GET", "/api/events?after=0&limit=1000"));
  const fire = events.events.filter((e) => e.type === "order.course_fired" && e.orderId === order.orderId);
  assert.equal(fire.length, 1);
  assert.equal(fire[0].course, 2);
  assert.equal(fire[0].actorId, 0, "the restaurant's timer, not a member of staff");
});

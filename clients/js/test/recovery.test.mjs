// OrderSocketClient after a dropped connection, against Brigade's connection
// state recovery (docs/reliability.md):
//   - recovered: the same session, nothing re-joined, the server replays what
//     was missed;
//   - not recovered (past the recovery window): the rooms re-joined with their
//     snapshots, and the missed events read from GET /api/events;
// either way each missed event reaches the listeners once, in order, with the
// payload a connected screen got (no offset). A "witness" socket that never
// disconnects, in the same rooms, says what that is.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { isDeepStrictEqual } from "node:util";

import { OrderSocketClient, formatOffset, isOffsetText, parseOffset, compareOffsets, routeOutboxEvent } from "@brigade/client";

import {
  apiClient,
  cliToken,
  dropConnection,
  eventsOf,
  fastReconnect,
  nextEvent,
  recordDeliveries,
  recordOutgoing,
  restaurant,
  restoreConnection,
  sleep,
  startKitchenServer,
  stateBecomes,
  tempDir,
  tokenFor,
  until,
  witness,
} from "./support.mjs";

const dir = tempDir("brigade-client-recovery-");
let dbCount = 0;
const newDb = () => path.join(dir, `recovery-${++dbCount}.db`);

/** `--recovery-window 1`: a session dropped for more than a second is not recovered. */
const shortWindow = ["--recovery-window", "1"];
const pastTheWindowMs = 1600;

/**
 * While a screen is away: every immediate event of docs/events.md about the
 * pending order `a` (table `a.tableId`) and a second order of that table,
 * plus an order of `otherTable` (kitchen and waiters rooms only).
 */
async function shift(rest, a, otherTable) {
  const confirmedA = await rest.confirm(a.orderId); // order:confirmed, order:status_changed, order:status
  const ticketA = confirmedA.kitchenOrder.kitchenOrderId;
  await rest.addItems(a.orderId, [{ menuItemId: 2, quantity: 1, notes: "no salt" }]); // order:items_added
  await rest.ticket(ticketA, "acknowledge"); // kitchen:order_acknowledged, kitchen:acknowledged
  await rest.priority(ticketA, "vip"); // kitchen:priority_changed
  await rest.station(ticketA, 2); // kitchen:station_assigned
  await rest.ticket(ticketA, "start"); // kitchen:order_preparing, kitchen:preparing
  await rest.itemStatus(a.orderId, confirmedA.items[0].itemId, "ready"); // order:item_status_changed
  await rest.ticket(ticketA, "ready"); // kitchen:order_ready, kitchen:ready
  await rest.ticket(ticketA, "complete"); // kitchen:order_completed
  await rest.ticket(ticketA, "recall"); // kitchen:order_recalled

  const b = await rest.confirm((await rest.createOrder(a.tableId)).orderId); // order:created, order:new, …
  const ticketB = b.kitchenOrder.kitchenOrderId;
  await rest.requestCancellation(b.orderId, "changed their mind"); // order:cancel_request
  await rest.rejectCancellation(ticketB, "already plated"); // kitchen:cancel_rejected
  await rest.requestCancellation(b.orderId, "really leaving");
  await rest.acceptCancellation(ticketB); // kitchen:cancel_accepted, order:cancelled

  await rest.confirm((await rest.createOrder(otherTable)).orderId);
  return rest.createOrder(a.tableId); // Last: a barrier every screen of the table hears.
}

/** Every immediate event name of the routing table. */
const immediateEvents = [
  "order:created", "order:new", "order:confirmed", "order:status_changed", "order:status", "order:items_added",
  "order:item_status_changed", "order:cancel_request", "order:cancelled", "kitchen:order_acknowledged",
  "kitchen:acknowledged", "kitchen:order_preparing", "kitchen:preparing", "kitchen:order_ready", "kitchen:ready",
  "kitchen:order_completed", "kitchen:order_recalled", "kitchen:cancel_accepted", "kitchen:cancel_rejected",
  "kitchen:priority_changed", "kitchen:station_assigned",
];

/**
 * Two screens at table `tableId` of `server`: a manager in every room
 * (kitchen, waiters, the table, order `a`) and a waiter in the table and
 * order rooms only, each with a witness in the same rooms. Each has heard
 * one event (a second order of the table) before this returns.
 */
async function screens(t, server, rest, tableId, clientOptions = {}) {
  const a = await rest.createOrder(tableId);
  const setups = [
    { username: "manager1", rooms: ["kitchen", "waiters", `table:${tableId}`, `order:${a.orderId}`] },
    { username: "waiter1", rooms: [`table:${tableId}`, `order:${a.orderId}`] },
  ];
  const out = [];
  for (const { username, rooms } of setups) {
    const token = await tokenFor(server.url, username);
    const client = new OrderSocketClient(clientOptions);
    t.after(() => client.disconnect());
    const seen = recordDeliveries(client);
    await client.connect(server.url, token, fastReconnect);
    const commands = [];
    for (const room of rooms) {
      if (room === "kitchen") {
        await client.joinKitchenRoom();
        commands.push(["join:kitchen"]);
      } else if (room === "waiters") {
        await client.joinWaitersRoom();
        commands.push(["join:waiters"]);
      } else if (room.startsWith("table:")) {
        await client.joinTableRoom(tableId);
        commands.push(["join:table", { tableId }]);
      } else {
        await client.joinOrderRoom(a.orderId);
        commands.push(["join:order", { orderId: a.orderId }]);
      }
    }
    out.push({ username, client, seen, rooms, witness: await witness(t, server.url, token, commands) });
  }
  // Something heard before the drop: the position a catch-up resumes from.
  await witnessed(out, await rest.createOrder(tableId));
  await caughtUp(out);
  for (const s of out) {
    assertSameAsWitness(s);
    assert.ok(s.witness.events.length > 0, `${s.username} heard the second order`);
  }
  return { a, screens: out };
}

/**
 * Waits until every witness heard the creation of `order` (order:created,
 * and order:new in the kitchen room): then it heard everything before it.
 */
async function witnessed(all, order, ms = 6000) {
  for (const s of all) {
    const expected = s.rooms.includes("kitchen") ? ["order:created", "order:new"] : ["order:created"];
    const heard = () => s.witness.events.filter(([, p]) => p.orderId === order.orderId).map(([e]) => e);
    await until(() => expected.every((e) => heard().includes(e)), `${s.username}'s witness: order ${order.orderId} created`, ms);
  }
}

/**
 * Waits until every screen delivered what its (complete: see witnessed())
 * witness heard; on a timeout the assertion after it says what differs.
 */
async function caughtUp(all, ms = 6000) {
  for (const s of all) {
    await until(() => isDeepStrictEqual(eventsOf(s.seen), s.witness.events), `${s.username}: its witness's events`, ms).catch(() => {});
  }
}

/** The screen got exactly what its witness heard, each payload as the listener's only argument. */
function assertSameAsWitness(s) {
  assert.deepEqual(eventsOf(s.seen), s.witness.events, `${s.username}: the witness's events, once each, in order`);
  for (const d of s.seen) if (d.event !== "rejoined") assert.equal(d.argc, 1, `${s.username}: ${d.event} without its offset`);
}

/** The deliveries after the drop, up to and including the rejoined report, and the rest. */
function splitAtReport(s, droppedAt) {
  const after = s.seen.slice(droppedAt);
  const at = after.findIndex((d) => d.event === "rejoined");
  assert.ok(at >= 0, `${s.username}: a rejoined report`);
  return { before: after.slice(0, at), report: after[at].report, following: after.slice(at + 1) };
}

test("recovered: the same session, nothing re-joined, each missed event once, in order, without its offset", async (t) => {
  const server = await startKitchenServer({ db: newDb() });
  const rest = restaurant(server.url, apiClient);
  const { a, screens: all } = await screens(t, server, rest, 11);
  const marks = all.map((s) => ({ id: s.client.getSocket().id, at: s.seen.length }));

  const sockets = [];
  for (const s of all) sockets.push(await dropConnection(s.client));
  const sent = sockets.map(recordOutgoing);
  const witnessedBefore = all.map((s) => s.witness.events.length);
  await witnessed(all, await shift(rest, a, 12));

  const stats = nextEvent(all[0].client, "kitchen:stats_update", () => true, 6000);
  for (const socket of sockets) restoreConnection(socket);
  for (const s of all) await stateBecomes(s.client, "connected", 6000);
  assert.deepEqual(await stats, await rest.stats(), "the kitchen's current stats, which are not replayed");

  await caughtUp(all);
  const beforeBarrier = all.map((s) => s.witness.events.length);
  await witnessed(all, await rest.createOrder(11)); // after the reconnection: live again
  await caughtUp(all);
  all.forEach((s, i) => {
    assertSameAsWitness(s);
    assert.equal(s.client.getSocket().id, marks[i].id, `${s.username}: the same socket id`);
    assert.deepEqual(sent[i], [], `${s.username}: no join command sent`);
    assert.deepEqual(s.client.getJoinedRooms(), s.rooms);

    const { before, report, following } = splitAtReport(s, marks[i].at);
    assert.deepEqual(report, { results: [], recovered: true, catchUp: { status: "recovered" } });
    // The server replays before the CONNECT reply: all of it before the report, while reconnecting.
    const missed = s.witness.events.slice(witnessedBefore[i], beforeBarrier[i]);
    assert.ok(missed.length > 0, `${s.username}: events were missed`);
    assert.deepEqual(eventsOf(before), missed);
    assert.ok(before.every((d) => d.state === "reconnecting"));
    assert.deepEqual(eventsOf(following), s.witness.events.slice(beforeBarrier[i]), `${s.username}: then live`);
  });
  // The manager is in every room: every immediate event was missed and replayed.
  assert.deepEqual(new Set(eventsOf(splitAtReport(all[0], marks[0].at).before).map(([e]) => e)), new Set(immediateEvents));
  // The waiter is not in the kitchen or waiters rooms: the other table's order is not for it.
  assert.ok(!eventsOf(all[1].seen).some(([, p]) => p.tableId === 12));
});

test("past the recovery window: rooms re-joined with snapshots, then the missed events from GET /api/events, once each, in order", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const { a, screens: all } = await screens(t, server, rest, 11);
  const marks = all.map((s) => ({ id: s.client.getSocket().id, at: s.seen.length, lastOffset: s.witness.offsets.at(-1) }));

  const dropped = Date.now();
  const sockets = [];
  for (const s of all) sockets.push(await dropConnection(s.client));
  const sent = sockets.map(recordOutgoing);
  const witnessedBefore = all.map((s) => s.witness.events.length);
  await witnessed(all, await shift(rest, a, 12));
  await sleep(dropped + pastTheWindowMs - Date.now());

  for (const socket of sockets) restoreConnection(socket);
  for (const s of all) await stateBecomes(s.client, "connected", 6000);
  const order = await rest.getOrder(a.orderId);
  const table = (await rest.waiter("GET", "/api/orders?tableId=11")).body.orders.filter((o) => !["completed", "cancelled"].includes(o.status));
  const head = (await rest.waiter("GET", "/api/events?after=0&limit=1000")).body.lastSequence;

  await caughtUp(all);
  const beforeBarrier = all.map((s) => s.witness.events.length);
  await witnessed(all, await rest.createOrder(11));
  await caughtUp(all);
  all.forEach((s, i) => {
    assertSameAsWitness(s);
    assert.notEqual(s.client.getSocket().id, marks[i].id, `${s.username}: a new session`);
    const joins = s.rooms.map((room) => `join:${room.split(":")[0]}`);
    assert.deepEqual([...sent[i]].sort(), [...joins].sort(), `${s.username}: every room re-joined, once`);

    const { before, report, following } = splitAtReport(s, marks[i].at);
    assert.deepEqual(before, [], "nothing before the report: the server replayed nothing");
    assert.equal(report.recovered, false);
    assert.deepEqual(report.results.map((r) => [r.room, r.ok]), s.rooms.map((room) => [room, true]));
    for (const r of report.results) {
      if (r.kind === "order") assert.deepEqual(r.ack.snapshot, { order });
      if (r.kind === "table") assert.deepEqual(r.ack.snapshot.orders.map((o) => o.orderId).sort(), table.map((o) => o.orderId).sort());
    }
    const missed = s.witness.events.slice(witnessedBefore[i], beforeBarrier[i]);
    assert.ok(missed.length > 0);
    assert.deepEqual(report.catchUp, { status: "ok", from: marks[i].lastOffset, lastSequence: head, events: missed.length });
    // Right after the report, still "reconnecting": the missed events; then live again.
    assert.deepEqual(eventsOf(following.slice(0, missed.length)), missed);
    assert.ok(following.slice(0, missed.length).every((d) => d.state === "reconnecting"));
    assert.deepEqual(eventsOf(following.slice(missed.length)), s.witness.events.slice(beforeBarrier[i]));
  });
  assert.deepEqual(new Set(eventsOf(splitAtReport(all[0], marks[0].at).following).map(([e]) => e)), new Set(immediateEvents));
  assert.ok(!eventsOf(all[1].seen).some(([, p]) => p.tableId === 12), "the waiter gets nothing of the other table");
});

test("events committed while re-joining and catching up are delivered once each, in order", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const { screens: all } = await screens(t, server, rest, 3);

  for (let round = 0; round < 3; round++) {
    const dropped = Date.now();
    const sockets = [];
    for (const s of all) sockets.push(await dropConnection(s.client));
    await rest.createOrder(3);
    await sleep(dropped + pastTheWindowMs - Date.now());

    // A stream of changes while the screens re-join and read the outbox.
    let busy = true;
    const stream = (async () => {
      while (busy) {
        const created = await rest.createOrder(3);
        await rest.confirm(created.orderId);
      }
    })();
    for (const socket of sockets) restoreConnection(socket);
    for (const s of all) await stateBecomes(s.client, "connected", 6000);
    await sleep(30);
    busy = false;
    await stream;
    await witnessed(all, await rest.createOrder(3));
    await caughtUp(all);
    for (const s of all) {
      assertSameAsWitness(s);
      assert.equal(s.seen.filter((d) => d.event === "rejoined").at(-1).report.catchUp.status, "ok");
    }
  }
});

test("catchUp: false re-joins with snapshots and replays nothing", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const { a, screens: all } = await screens(t, server, rest, 4, { catchUp: false });
  const s = all[1];
  const at = s.seen.length;
  const dropped = Date.now();
  const socket = await dropConnection(s.client);
  await rest.confirm(a.orderId);
  await sleep(dropped + pastTheWindowMs - Date.now());
  restoreConnection(socket);
  await stateBecomes(s.client, "connected", 6000);
  const { report, following } = splitAtReport(s, at);
  assert.deepEqual(report.catchUp, { status: "skipped", reason: "disabled" });
  assert.equal(report.results.find((r) => r.kind === "order").ack.snapshot.order.status, "confirmed", "the snapshot has the change");
  assert.deepEqual(following, [], "the missed events are not replayed");
});

test("with nothing heard since connect() there is no position to catch up from", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const seen = recordDeliveries(client);
  await client.connect(server.url, await tokenFor(server.url, "waiter1"), fastReconnect);
  await client.joinTableRoom(5);
  const dropped = Date.now();
  const socket = await dropConnection(client);
  const order = await rest.createOrder(5);
  await sleep(dropped + pastTheWindowMs - Date.now());
  restoreConnection(socket);
  await stateBecomes(client, "connected", 6000);
  const [{ report }] = seen;
  assert.deepEqual(report.catchUp, { status: "skipped", reason: "no_position" });
  assert.deepEqual(report.results[0].ack.snapshot.orders.map((o) => o.orderId), [order.orderId], "the snapshot has it");
});

test("with the server's recovery off (--recovery-window 0) events carry no offset: re-joined with snapshots, no catch-up", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: ["--recovery-window", "0"] });
  const rest = restaurant(server.url, apiClient);
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const seen = recordDeliveries(client);
  await client.connect(server.url, await tokenFor(server.url, "waiter1"), fastReconnect);
  await client.joinTableRoom(8);
  const heard = nextEvent(client, "order:created");
  const one = await rest.createOrder(8);
  assert.equal((await heard).orderId, one.orderId);

  const socket = await dropConnection(client);
  const two = await rest.createOrder(8);
  restoreConnection(socket);
  await stateBecomes(client, "connected", 6000);
  const { report, following } = splitAtReport({ username: "waiter1", seen }, 1);
  assert.equal(report.recovered, false);
  assert.deepEqual(report.catchUp, { status: "skipped", reason: "no_position" });
  assert.deepEqual(report.results[0].ack.snapshot.orders.map((o) => o.orderId), [one.orderId, two.orderId]);
  assert.deepEqual(following, []);
});

test("further behind than maxEvents: too_far_behind, only the snapshots", async (t) => {
  const server = await startKitchenServer({ db: newDb(), extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const { a, screens: all } = await screens(t, server, rest, 6, { catchUp: { pageSize: 2, maxEvents: 4 } });
  const s = all[1];
  const at = s.seen.length;
  const from = s.witness.offsets.at(-1);
  const dropped = Date.now();
  const socket = await dropConnection(s.client);
  await rest.confirm(a.orderId); // 2 outbox events (with the stats)
  await rest.confirm((await rest.createOrder(6)).orderId); // 3 more
  await sleep(dropped + pastTheWindowMs - Date.now());
  restoreConnection(socket);
  await stateBecomes(s.client, "connected", 6000);
  const { report, following } = splitAtReport(s, at);
  assert.deepEqual(report.catchUp, { status: "too_far_behind", from, maxEvents: 4 });
  assert.equal(report.results.find((r) => r.kind === "table").ack.snapshot.orders.length, 3);
  assert.deepEqual(following, []);
});

test("a table display may not read the event log: the catch-up fails with forbidden, the room is re-joined", async (t) => {
  const db = newDb();
  const server = await startKitchenServer({ db, extraArgs: shortWindow });
  const rest = restaurant(server.url, apiClient);
  const token = cliToken(db, ["--role", "table_display", "--table", "7"]).token;
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const seen = recordDeliveries(client);
  await client.connect(server.url, token, fastReconnect);
  await client.joinTableRoom(7);
  const first = nextEvent(client, "order:created");
  const one = await rest.createOrder(7);
  await first;

  const dropped = Date.now();
  const socket = await dropConnection(client);
  const two = await rest.createOrder(7);
  await sleep(dropped + pastTheWindowMs - Date.now());
  restoreConnection(socket);
  await stateBecomes(client, "connected", 6000);
  const { report } = seen.find((d) => d.event === "rejoined");
  assert.equal(report.catchUp.status, "failed");
  assert.equal(report.catchUp.error.name, "CatchUpError");
  assert.equal(report.catchUp.error.code, "forbidden");
  assert.equal(report.catchUp.error.status, 403);
  assert.deepEqual(report.results[0].ack.snapshot.orders.map((o) => o.orderId), [one.orderId, two.orderId]);
});

test("offsets: parsed, compared and formatted; outbox events routed with the server's parts", () => {
  assert.equal(isOffsetText("42.1"), true);
  for (const text of ["42", "42.", ".1", "4 2.1", "-1.0", "1.0.0", "x"]) assert.equal(isOffsetText(text), false, text);
  assert.deepEqual(parseOffset("42.1"), { sequence: 42, part: 1 });
  assert.equal(parseOffset("nope"), null);
  assert.equal(formatOffset({ sequence: 7, part: 0 }), "7.0");
  assert.ok(compareOffsets(parseOffset("9.1"), parseOffset("10.0")) < 0);
  assert.ok(compareOffsets(parseOffset("10.1"), parseOffset("10.0")) > 0);

  const order = { orderId: 5, tableId: 3, kitchenOrder: null, items: [], status: "confirmed" };
  // No ticket: the ticket routes of the event are skipped and do not count.
  assert.deepEqual(
    routeOutboxEvent({ sequence: 9, type: "order.status_changed", order }).map((r) => [r.event, formatOffset(r.offset), r.rooms]),
    [
      ["order:status_changed", "9.0", ["kitchen", "waiters", "table:3", "order:5"]],
      ["order:status", "9.1", ["table:3"]],
    ],
  );
  assert.deepEqual(routeOutboxEvent({ sequence: 10, type: "ticket.ready", order }), []);
  assert.deepEqual(routeOutboxEvent({ sequence: 11, type: "kitchen.stats_changed", stats: {} }), []);
  assert.deepEqual(routeOutboxEvent({ sequence: 12, type: "order.someday", order }), []);
});

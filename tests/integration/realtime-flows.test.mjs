// Acceptance test of the real-time events (specification:
// /work/shared/spec/websocket-integration.md; contract: the routing table of
// docs/events.md). Real socket.io-client sockets sit in each room — kitchen,
// waiters, table:A, table:B, order:X, order:Y — plus one socket in several
// overlapping rooms (kitchen + waiters + table:A + order:X). Every flow of the
// specification is driven over the REST API, and every socket's whole event
// log (socket.onAny) must be exactly what the routing table says, in order,
// with the documented keys in order and values taken from the REST answers.
//
// Determinism. Immediate events of one command are sent in the command's
// order, and one connection delivers in order, so each step awaits the
// expected number of events on every socket, then compares the whole log
// (an extra or a duplicate shows up as a mismatch at the step it belongs to
// or at a later one). kitchen:stats_update is throttled; this server runs
// with a short interval (--stats-interval-ms 40) and the test awaits each
// step's update before the next command, so exactly one update per
// stats-changing command is expected, right after that command's immediate
// events, carrying GET /api/kitchen/stats. The end is proven with a
// sentinel: every socket joins table:12 and an order is created there.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import {
  command,
  commandEvents,
  comparable,
  connectError,
  loadRoutes,
  roomHarness,
  shape,
  staffSocket,
} from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const statsIntervalMs = 40;

// The cluster test (cluster-pg.test.mjs) runs this file against a cluster
// it started: the screens on one node, the commands through another.
const clusterSockets = process.env.BRIGADE_FLOWS_SOCKETS_URL;
const clusterCommands = process.env.BRIGADE_FLOWS_COMMANDS_URL;
const server =
  skip || clusterSockets
    ? null
    : await startKitchenServer({
        db: path.join(tempDir("brigade-realtime-"), "realtime.db"),
        extraArgs: ["--stats-interval-ms", String(statsIntervalMs)],
      });
const url = clusterSockets ?? server?.url;
const commandsUrl = clusterCommands ?? url;
const waiter = url && apiClient(commandsUrl, "waiter1");
const chef = url && apiClient(commandsUrl, "chef1");
const routes = loadRoutes();

const TABLE_A = 3;
const TABLE_B = 4;
const TABLE_SENTINEL = 12;

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** A request creating an order (201), for `step`. */
const createOrder = (tableId, items, notes) => () =>
  waiter("POST", "/api/orders", { json: notes === undefined ? { tableId, items } : { tableId, notes, items } });

const getOrder = (id) => ok(waiter("GET", `/api/orders/${id}`));
const getStats = () => ok(chef("GET", "/api/kitchen/stats"));

/** The harness of support/rooms.mjs on this server (one restaurant: the demo's). */
const harness = () => roomHarness({ url, routes, kitchenApis: { demo: chef } });

test("every flow reaches exactly the rooms of docs/events.md, once each, in order, with the REST state", { skip, timeout: 45_000 }, async (t) => {
  const h = harness();
  // Managers may join every room: the kitchen screen also joins the
  // sentinel table below, which a chef may not.
  const kitchen = await h.screen(t, "kitchen", "manager1");
  const waiters = await h.screen(t, "waiters", "waiter1");
  const tableA = await h.screen(t, `table:${TABLE_A}`, "waiter1");
  const tableB = await h.screen(t, `table:${TABLE_B}`, "waiter1");
  const multi = await h.screen(t, "kitchen+waiters+table:A+order:X", "manager1");

  // Fresh restaurant: the snapshots are empty and the stats zero.
  const kitchenAck = await h.enter(kitchen, "kitchen");
  assert.deepEqual(kitchenAck, {
    ok: true,
    room: "kitchen",
    snapshot: { orders: [], stats: { pending: 0, preparing: 0, ready: 0, total: 0 } },
  });
  assert.deepEqual(await h.enter(waiters, "waiters"), { ok: true, room: "waiters" });
  assert.deepEqual(await h.enter(tableA, `table:${TABLE_A}`), {
    ok: true,
    room: `table:${TABLE_A}`,
    snapshot: { tableId: TABLE_A, orders: [] },
  });
  await h.enter(tableB, `table:${TABLE_B}`);
  await h.enter(multi, "kitchen");
  await h.enter(multi, "waiters");
  await h.enter(multi, `table:${TABLE_A}`);
  await h.syncOutbox();

  // --- Order creation flow -------------------------------------------------
  const X = await h.step("create X (table A)", {
    request: createOrder(TABLE_A, [{ menuItemId: 6, quantity: 2, notes: "medium rare" }, { menuItemId: 10, quantity: 1 }], "window seat"),
    status: 201,
    triggers: commandEvents.create,
  });
  assert.equal(X.status, "pending", "the demo restaurant does not send orders to the kitchen on creation");
  const Y = await h.step("create Y (table B)", {
    request: createOrder(TABLE_B, [{ menuItemId: 1, quantity: 3 }]),
    status: 201,
    triggers: commandEvents.create,
  });

  // Order rooms exist once their orders do; the snapshot is the REST order.
  const orderX = await h.screen(t, `order:${X.orderId}`, "waiter1");
  const orderY = await h.screen(t, `order:${Y.orderId}`, "waiter1");
  const xAck = await h.enter(orderX, `order:${X.orderId}`);
  assert.deepEqual(Object.keys(xAck), ["ok", "room", "snapshot"]);
  assert.deepEqual(xAck.snapshot, { order: await getOrder(X.orderId) });
  assert.deepEqual(shape(xAck.snapshot.order), shape(X), "order snapshot has the REST key order");
  await h.enter(orderY, `order:${Y.orderId}`);
  await h.enter(multi, `order:${X.orderId}`);

  // --- Confirmation: order:confirmed, status, a ticket (stats) ---------------
  const orderCmd = (id, action, opts) => () => waiter("POST", `/api/orders/${id}/${action}`, opts);
  const ticketCmd = (o, action, opts) => () =>
    chef("POST", `/api/kitchen/orders/${o.kitchenOrder.kitchenOrderId}/${action}`, opts);

  let x = await h.step("confirm X", { before: X, request: orderCmd(X.orderId, "confirm"), triggers: commandEvents.confirm });
  assert.ok(x.confirmedAt && x.kitchenOrder, "confirm opens the ticket");
  let y = await h.step("confirm Y", { before: Y, request: orderCmd(Y.orderId, "confirm"), triggers: commandEvents.confirm });

  // --- Kitchen: acknowledge, priority, station, start ------------------------
  x = await h.step("acknowledge X", { before: x, request: ticketCmd(x, "acknowledge"), triggers: commandEvents.acknowledge });
  assert.equal(x.kitchenOrder.chefName, "Charlie Chef");
  x = await h.step("priority X → vip", {
    before: x,
    request: () =>
      chef("PATCH", `/api/kitchen/orders/${x.kitchenOrder.kitchenOrderId}/priority`, { json: { priority: "vip" } }),
    triggers: commandEvents.priority,
  });
  const bar = (await ok(waiter("GET", "/api/stations"))).stations.find((s) => s.name === "bar");
  assert.notEqual(x.kitchenOrder.stationId, bar.stationId);
  x = await h.step("station X → bar", {
    before: x,
    request: () =>
      chef("PUT", `/api/kitchen/orders/${x.kitchenOrder.kitchenOrderId}/station`, { json: { stationId: bar.stationId } }),
    triggers: commandEvents.station,
  });
  x = await h.step("start X", { before: x, request: ticketCmd(x, "start"), triggers: commandEvents.start });

  // --- Item status ---------------------------------------------------------
  const fries = x.items.find((i) => i.menuItemId === 10);
  x = await h.step("item status: X's fries → ready", {
    before: x,
    itemId: fries.itemId,
    request: () =>
      chef("PATCH", `/api/orders/${x.orderId}/items/${fries.itemId}`, { json: { status: "ready" } }),
    triggers: commandEvents.itemStatus,
  });

  // --- Cancellation requested, then rejected --------------------------------
  x = await h.step("cancel request on X", {
    before: x,
    request: orderCmd(x.orderId, "cancel-request", { json: { reason: "guest is in a hurry" } }),
    triggers: commandEvents.cancelRequest,
  });
  x = await h.step("kitchen rejects X's cancellation", {
    before: x,
    request: ticketCmd(x, "cancel/reject", { json: { reason: "already on the grill" } }),
    triggers: commandEvents.reject,
  });
  assert.equal(x.status, "preparing");

  // --- Ready, items added (reopens), ready, complete, paid -------------------
  x = await h.step("X ready", { before: x, request: ticketCmd(x, "ready"), triggers: commandEvents.ready });
  x = await h.step("add items to X (reopens the ticket)", {
    before: x,
    // Onion rings, a side: the mains' course, already fired, so they go at once.
    request: orderCmd(x.orderId, "items", { json: { items: [{ menuItemId: 11, quantity: 2, notes: "extra crispy" }] } }),
    triggers: commandEvents.addItemsReopening,
  });
  assert.equal(x.status, "preparing");
  x = await h.step("X ready again", { before: x, request: ticketCmd(x, "ready"), triggers: commandEvents.ready });
  x = await h.step("X complete (ticket)", { before: x, request: ticketCmd(x, "complete"), triggers: commandEvents.complete });
  assert.equal(x.status, "served");
  assert.equal(typeof x.kitchenOrder.prepTime, "number");

  // --- The bump was a mistake: recalled, then bumped again -------------------
  x = await h.step("X recalled (undo the bump)", { before: x, request: ticketCmd(x, "recall"), triggers: commandEvents.recall });
  assert.equal(x.status, "ready");
  assert.equal(x.servedAt, null);
  assert.equal(x.kitchenOrder.status, "ready");
  assert.equal(x.kitchenOrder.completedAt, null);
  assert.equal(x.kitchenOrder.prepTime, null);
  assert.ok(x.items.every((i) => i.status === "ready"), JSON.stringify(x.items));
  const twice = await chef("POST", `/api/kitchen/orders/${x.kitchenOrder.kitchenOrderId}/recall`);
  assert.equal(twice.status, 409, JSON.stringify(twice.body));
  assert.deepEqual(
    [twice.body.error.code, twice.body.error.from, twice.body.error.to],
    ["invalid_transition", "ready", "ready"],
  );
  x = await h.step("X complete again", { before: x, request: ticketCmd(x, "complete"), triggers: commandEvents.complete });
  assert.equal(x.status, "served");
  x = await h.step("X paid (status completed)", {
    before: x,
    request: () => waiter("PATCH", `/api/orders/${x.orderId}/status`, { json: { status: "completed" } }),
    triggers: commandEvents.completed,
  });
  // Paid: the kitchen can no longer take it back (and nothing is sent; the
  // next step's exact comparison would show it).
  const closed = await chef("POST", `/api/kitchen/orders/${x.kitchenOrder.kitchenOrderId}/recall`);
  assert.equal(closed.status, 409, JSON.stringify(closed.body));
  assert.equal(closed.body.error.code, "conflict");

  // --- Y: preparing, cancellation requested and accepted ---------------------
  y = await h.step("start Y", { before: y, request: ticketCmd(y, "start"), triggers: commandEvents.start });
  y = await h.step("cancel request on Y", {
    before: y,
    request: orderCmd(y.orderId, "cancel-request", { json: { reason: "guest left" } }),
    triggers: commandEvents.cancelRequest,
  });
  y = await h.step("kitchen accepts Y's cancellation", {
    before: y,
    request: ticketCmd(y, "cancel/accept"),
    triggers: commandEvents.accept,
  });
  assert.equal(y.status, "cancelled");

  // --- Z (table A, no order room): served by the waiter's status change -------
  let z = await h.step("create Z (table A)", {
    request: createOrder(TABLE_A, [{ menuItemId: 16, quantity: 2 }]),
    status: 201,
    triggers: commandEvents.create,
  });
  z = await h.step("confirm Z", { before: z, request: orderCmd(z.orderId, "confirm"), triggers: commandEvents.confirm });
  z = await h.step("start Z", { before: z, request: ticketCmd(z, "start"), triggers: commandEvents.start });
  z = await h.step("Z ready", { before: z, request: ticketCmd(z, "ready"), triggers: commandEvents.ready });
  z = await h.step("Z served (order status)", {
    before: z,
    request: () => waiter("PATCH", `/api/orders/${z.orderId}/status`, { json: { status: "served" } }),
    triggers: commandEvents.served,
  });
  assert.equal(z.kitchenOrder.status, "completed");

  // --- V (table B): cancelled at once, no ticket yet ---------------------------
  let v = await h.step("create V (table B)", {
    request: createOrder(TABLE_B, [{ menuItemId: 19, quantity: 1 }]),
    status: 201,
    triggers: commandEvents.create,
  });
  v = await h.step("cancel request on V (no ticket: cancelled at once)", {
    before: v,
    request: orderCmd(v.orderId, "cancel-request", { json: { reason: "wrong table" } }),
    triggers: commandEvents.cancelRequestNoTicket,
  });
  assert.equal(v.status, "cancelled");

  // --- Sentinel: everyone joins table:12; an order there ends every log -------
  for (const s of h.screens.values()) await h.enter(s, `table:${TABLE_SENTINEL}`);
  await h.step("sentinel order on table 12", {
    request: createOrder(TABLE_SENTINEL, [{ menuItemId: 20, quantity: 1 }]),
    status: 201,
    triggers: commandEvents.create,
  });

  // Spelled out, beyond the exact comparison above:
  const aboutA = (e) => e.payload?.tableId === TABLE_A || [X.orderId, z.orderId].includes(e.payload?.orderId);
  for (const s of [tableB, orderY]) {
    assert.deepEqual(s.log.events().filter(aboutA), [], `${s.label} hears nothing about table A`);
  }
  // Once each: every distinct event arrived as many times as it was routed to
  // the socket (the same payload can recur legitimately, e.g. "preparing"
  // again after a reopen), never more.
  const tally = (lines) => {
    const counts = {};
    for (const line of lines) counts[line] = (counts[line] ?? 0) + 1;
    return counts;
  };
  for (const s of h.screens.values()) {
    assert.deepEqual(tally(s.log.events().map(comparable)), tally(s.expected), `${s.label}: each event as often as routed`);
  }
  for (const s of h.screens.values()) {
    const events = s.log.events();
    t.diagnostic(`${s.label}: ${events.length} events, exactly as routed (${new Set(events.map((e) => e.event)).size} kinds)`);
  }
  const stats = multi.log.events().filter((e) => e.event === "kitchen:stats_update");
  assert.ok(stats.length >= 10, "the overlapping socket got the stats updates");
  assert.deepEqual(stats.at(-1).payload, await getStats(), "the last stats update is the current stats");
  assert.ok(!waiters.log.events().some((e) => e.event.startsWith("kitchen:stats") || e.event === "order:new"));
});

test("leave stops delivery: only the rooms still joined get events", { skip, timeout: 15_000 }, async (t) => {
  const h = harness();
  const s = await h.screen(t, "leaver", "manager1");
  const table = 5;
  await h.enter(s, "kitchen");
  await h.enter(s, `table:${table}`);
  await h.syncOutbox();

  const p0 = await h.step("create P (table 5)", {
    request: createOrder(table, [{ menuItemId: 2, quantity: 1 }]),
    status: 201,
    triggers: commandEvents.create,
  });
  await h.enter(s, "waiters");
  await h.enter(s, `order:${p0.orderId}`);

  const leave = async (event, payload, room) => {
    const ack = payload === undefined ? await command(s.socket, event) : await command(s.socket, event, payload);
    assert.deepEqual(ack, { ok: true, room }, `${event} ack`);
    s.rooms.delete(room);
  };
  await leave("leave:table", { tableId: table }, `table:${table}`);
  // Still in kitchen, waiters and order:P: everything but order:status.
  const p1 = await h.step("confirm P after leaving table:5", {
    before: p0,
    request: () => waiter("POST", `/api/orders/${p0.orderId}/confirm`),
    triggers: commandEvents.confirm,
  });
  assert.ok(!s.log.events().some((e) => e.event === "order:status"), "left table:5: no order:status");

  await leave("leave:kitchen", undefined, "kitchen");
  await leave("leave:waiters", undefined, "waiters");
  await leave("leave:order", { orderId: p0.orderId }, `order:${p0.orderId}`);
  assert.equal(s.rooms.size, 0);
  const before = s.log.entries.length;
  await h.step("start P after leaving every room", {
    before: p1,
    request: () => chef("POST", `/api/kitchen/orders/${p1.kitchenOrder.kitchenOrderId}/start`),
    triggers: commandEvents.start,
  });
  await h.enter(s, `table:${TABLE_SENTINEL}`);
  await h.step("sentinel order on table 12", {
    request: createOrder(TABLE_SENTINEL, [{ menuItemId: 20, quantity: 1 }]),
    status: 201,
    triggers: commandEvents.create,
  });
  assert.deepEqual(
    s.log.events().slice(before).map((e) => e.event),
    ["order:created"],
    "after leaving everything, only the sentinel room's event arrives",
  );
  assert.deepEqual(
    s.log.events().map((e) => e.event),
    [
      "order:created",
      "order:new",
      "order:confirmed",
      "order:status_changed",
      "kitchen:stats_update",
      "order:created",
    ],
  );
});

test("refuses sockets without a valid token with Authentication error and a code", { skip }, async (t) => {
  for (const [auth, code] of [
    [{ token: "nobody" }, "token_invalid"],
    [{ token: "" }, "token_missing"],
    [{}, "token_missing"],
    [undefined, "token_missing"],
  ]) {
    const err = await connectError(t, url, auth === undefined ? {} : { auth });
    assert.equal(err.message, "Authentication error");
    assert.deepEqual(Object.keys(err.data ?? {}), ["code", "message"], `connect_error data for ${JSON.stringify(auth)}`);
    assert.equal(err.data.code, code);
    assert.equal(typeof err.data.message, "string");
    assert.ok(err.data.message.length > 0);
  }
});

test("join errors: not_found for unknown tables and orders, validation for bad payloads", { skip }, async (t) => {
  const socket = await staffSocket(t, url, "waiter1");

  // Every case is checked and the mismatches are reported together.
  const problems = [];

  /** Checks {ok:false, error:{code, message}} (a `field` naming the offending field is tolerated). */
  async function refused(code, event, ...args) {
    const ack = await command(socket, event, ...args);
    const what = `${event} ${args.length ? (JSON.stringify(args[0]) ?? String(args[0])) : "(no payload)"}`;
    const keys = Object.keys(ack?.error ?? {});
    const wellFormed =
      JSON.stringify(Object.keys(ack ?? {})) === '["ok","error"]' &&
      ack.ok === false &&
      typeof ack.error.message === "string" &&
      ack.error.message.length > 0 &&
      keys[0] === "code" &&
      keys[1] === "message" &&
      (keys.length === 2 || (keys.length === 3 && keys[2] === "field"));
    if (!wellFormed || ack.error.code !== code) {
      problems.push(`${what}: expected ${code}, got ${JSON.stringify(ack)}`);
    }
  }

  await refused("not_found", "join:table", { tableId: 999 });
  await refused("not_found", "join:order", { orderId: 999999 });
  for (const bad of [{}, { tableId: "3" }, { tableId: 0 }, { tableId: -3 }, { tableId: 2.5 }, { tableId: null }, { id: 3 }]) {
    await refused("validation", "join:table", bad);
  }
  for (const bad of ["3", 3, null, [3], true]) await refused("validation", "join:table", bad);
  await refused("validation", "join:table");
  for (const bad of [{}, { orderId: "1" }, { orderId: 0 }, { orderId: -1 }, { orderId: 1.5 }, "1"]) {
    await refused("validation", "join:order", bad);
  }
  await refused("validation", "join:order");
  await refused("validation", "join:kitchen", "please");
  await refused("validation", "join:waiters", 42);
  await refused("validation", "leave:table", { tableId: "x" });
  await refused("validation", "leave:table", { tableId: 0 });
  await refused("validation", "leave:order", {});
  assert.deepEqual(problems, [], "join/leave refusals per the protocol");

  // The socket is still usable after refusals.
  assert.deepEqual(await command(socket, "join:waiters"), { ok: true, room: "waiters" });
});

test("snapshots on join reflect the current state", { skip, timeout: 15_000 }, async (t) => {
  const table = 6;
  const create = async (items) =>
    ok(waiter("POST", "/api/orders", { json: { tableId: table, items } }), 201);
  const post = (who, p) => ok(who("POST", p));

  const paid = await create([{ menuItemId: 5, quantity: 1, ...(isNodePeer ? {} : { modifiers: [{ optionId: 8 }] }) }]); // steak, rare
  const paidTicket = (await post(waiter, `/api/orders/${paid.orderId}/confirm`)).kitchenOrder.kitchenOrderId;
  for (const a of ["start", "ready", "complete"]) await post(chef, `/api/kitchen/orders/${paidTicket}/${a}`);
  await ok(waiter("PATCH", `/api/orders/${paid.orderId}/status`, { json: { status: "completed" } }));
  const dropped = await create([{ menuItemId: 4, quantity: 1 }]);
  await ok(waiter("POST", `/api/orders/${dropped.orderId}/cancel-request`, { json: { reason: "left" } }));
  const waiting = await create([{ menuItemId: 3, quantity: 2 }]);
  const cooking = await create([{ menuItemId: 8, quantity: 1 }, { menuItemId: 11, quantity: 1 }]);
  await post(waiter, `/api/orders/${cooking.orderId}/confirm`);
  const confirmedOnly = await create([{ menuItemId: 9, quantity: 1 }]);
  await post(waiter, `/api/orders/${confirmedOnly.orderId}/confirm`);
  await post(chef, `/api/kitchen/orders/${(await getOrder(cooking.orderId)).kitchenOrder.kitchenOrderId}/start`);

  const socket = await staffSocket(t, url, "manager1");

  const kitchenAck = await command(socket, "join:kitchen");
  assert.deepEqual(Object.keys(kitchenAck), ["ok", "room", "snapshot"]);
  assert.deepEqual(Object.keys(kitchenAck.snapshot), ["orders", "stats"]);
  const queue = (await ok(chef("GET", "/api/kitchen/orders"))).orders;
  assert.ok(queue.some((o) => o.orderId === cooking.orderId) && queue.some((o) => o.orderId === confirmedOnly.orderId));
  assert.deepEqual(kitchenAck, { ok: true, room: "kitchen", snapshot: { orders: queue, stats: await getStats() } });
  assert.deepEqual(shape(kitchenAck.snapshot), shape({ orders: queue, stats: await getStats() }), "REST key order");

  const tableAck = await command(socket, "join:table", { tableId: table });
  const all = (await ok(waiter("GET", `/api/orders?tableId=${table}&limit=200`))).orders;
  const open = all.filter((o) => !["completed", "cancelled"].includes(o.status)).reverse();
  assert.deepEqual(
    open.map((o) => o.orderId),
    [waiting.orderId, cooking.orderId, confirmedOnly.orderId],
    "test setup: three open orders on table 6, oldest first",
  );
  assert.deepEqual(tableAck, { ok: true, room: `table:${table}`, snapshot: { tableId: table, orders: open } });
  assert.deepEqual(Object.keys(tableAck.snapshot), ["tableId", "orders"]);
  assert.deepEqual(shape(tableAck.snapshot.orders), shape(open), "REST key order");

  const empty = await command(socket, "join:table", { tableId: 7 });
  assert.deepEqual(empty, { ok: true, room: "table:7", snapshot: { tableId: 7, orders: [] } });

  for (const id of [cooking.orderId, paid.orderId, dropped.orderId]) {
    const ack = await command(socket, "join:order", { orderId: id });
    const order = await getOrder(id);
    assert.deepEqual(ack, { ok: true, room: `order:${id}`, snapshot: { order } });
    assert.deepEqual(shape(ack.snapshot.order), shape(order), "REST key order");
  }
  assert.deepEqual(await command(socket, "leave:order", { orderId: paid.orderId }), {
    ok: true,
    room: `order:${paid.orderId}`,
  });
});

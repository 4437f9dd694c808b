// Support for the real-time tests (realtime-*.test.mjs) against `brigade serve`:
//
// - the routing table of docs/events.md (the contract under test), parsed from
//   its generated section, and a model that routes one domain event to the
//   Socket.IO events each screen should receive;
// - the payload of every event computed from the REST API's answers (the
//   order after the command), in the key order docs/events.md lists;
// - staff sockets (socket.io-client, `auth.token` = a logged-in token), room commands
//   with acks, and an event log per socket (socket.onAny) that a test can
//   await without sleeping.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";

import { isJwt, tokenFor } from "./auth.mjs";
import { waitForEntries } from "./clients.mjs";
import { repoRoot } from "./server.mjs";

export const defaultTimeoutMs = 4000;

// ---------------------------------------------------------------------------
// The routing table of docs/events.md

/**
 * The rows of the generated table in docs/events.md, in table order:
 * {event, trigger, rooms: ["kitchen", "table:{tableId}", …], keys: [...], delivery}.
 */
export function loadRoutes(file = path.join(repoRoot, "docs/events.md")) {
  const text = readFileSync(file, "utf8");
  const begin = text.indexOf("<!-- BEGIN GENERATED: realtime event routes -->");
  const end = text.indexOf("<!-- END GENERATED: realtime event routes -->");
  assert.ok(begin >= 0 && end > begin, "docs/events.md has its generated routing table");
  const rows = text
    .slice(begin, end)
    .split("\n")
    .filter((line) => line.startsWith("| `"));
  const cells = (cell) =>
    cell
      .split(",")
      .map((s) => s.trim().replace(/^`|`$/g, ""))
      .filter(Boolean);
  const routes = rows.map((line) => {
    const [event, trigger, rooms, keys, delivery] = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    return {
      event: cells(event)[0],
      trigger: cells(trigger)[0],
      rooms: cells(rooms),
      keys: cells(keys),
      delivery,
    };
  });
  assert.ok(routes.length >= 21, `docs/events.md lists ${routes.length} routes`);
  return routes;
}

/** Room names a route's templates resolve to for one order. */
export function resolveRooms(route, subject) {
  return route.rooms.map((r) =>
    r.replace("{tableId}", String(subject?.tableId)).replace("{orderId}", String(subject?.orderId)),
  );
}

// ---------------------------------------------------------------------------
// Payloads, computed from REST answers

const item = (i) => ({
  itemId: i.itemId,
  menuItemId: i.menuItemId,
  name: i.name,
  quantity: i.quantity,
  unitPrice: i.unitPrice,
  notes: i.notes,
  status: i.status,
  // Brigade's additions (docs/events.md "Order items"), as REST shows them;
  // the Node reference peer has none.
  ...("modifiers" in i
    ? { modifiers: i.modifiers, seat: i.seat, course: i.course, allergens: i.allergens, lineTotal: i.lineTotal }
    : {}),
  ...("held" in i
    ? {
        stationId: i.stationId,
        stationName: i.stationName,
        held: i.held,
        prepMinutes: i.prepMinutes,
        releaseAt: i.releaseAt,
        firedAt: i.firedAt,
        startedAt: i.startedAt,
        readyAt: i.readyAt,
        servedAt: i.servedAt,
      }
    : {}),
});

/** The station that cooks a line: its own, else the ticket's (docs/kitchen.md "Stations and courses"). */
const lineStation = (o, line) => line.stationId ?? o.kitchenOrder?.stationId ?? null;

const ticket = (o) => {
  assert.ok(o.kitchenOrder, `order ${o.orderId} has a ticket`);
  return o.kitchenOrder;
};

/**
 * `order` of the events (Brigade's addition, docs/events.md "What a screen needs to apply an
 * event"): the REST order without its items and without the ticket's station parts.
 */
export function orderState(o) {
  const { items: _items, kitchenOrder, cancelRequest, ...rest } = o;
  if (!kitchenOrder) return { ...rest, kitchenOrder: null, cancelRequest };
  const { stations: _stations, ...ticketState } = kitchenOrder;
  return { ...rest, kitchenOrder: ticketState, cancelRequest };
}

/** A payload with `order` last, as Brigade sends every order and ticket event but the creation's. */
const withOrder = (payload, o) => ({ ...payload, order: orderState(o) });

/**
 * Payload builders by Socket.IO event. `ctx`: {order (REST, after the command),
 * before (REST, before it), itemId, reason, stats}.
 */
export const payloadBuilders = {
  "order:created": ({ order: o }) => ({
    orderId: o.orderId,
    tableId: o.tableId,
    orderNumber: o.orderNumber,
    status: o.status,
    totalAmount: o.totalAmount,
    finalAmount: o.finalAmount,
    items: o.items.map(item),
    notes: o.notes,
    createdBy: o.createdBy,
    createdAt: o.createdAt,
  }),
  "order:new": ({ order: o }) => ({
    orderId: o.orderId,
    tableId: o.tableId,
    orderNumber: o.orderNumber,
    status: o.status,
    items: o.items.map(item),
  }),
  "order:confirmed": ({ order: o }) =>
    withOrder({ orderId: o.orderId, tableId: o.tableId, orderNumber: o.orderNumber, confirmedAt: o.confirmedAt, items: o.items.map(item) }, o),
  "order:status_changed": ({ order: o }) => withOrder({ orderId: o.orderId, tableId: o.tableId, status: o.status }, o),
  "order:status": ({ order: o }) => withOrder({ orderId: o.orderId, tableId: o.tableId, status: o.status }, o),
  "order:items_added": ({ order: o, before }) => {
    const old = new Set(before.items.map((i) => i.itemId));
    return withOrder(
      {
        orderId: o.orderId,
        tableId: o.tableId,
        items: o.items.filter((i) => !old.has(i.itemId)).map(item),
        newTotalAmount: o.totalAmount,
        newFinalAmount: o.finalAmount,
      },
      o,
    );
  },
  "order:item_status_changed": ({ order: o, itemId }) => {
    const line = o.items.find((i) => i.itemId === itemId);
    return withOrder(
      { orderId: o.orderId, itemId, status: line.status, stationId: lineStation(o, line), course: line.course, item: item(line) },
      o,
    );
  },
  "order:cancel_request": ({ order: o }) =>
    withOrder({ orderId: o.orderId, tableId: o.tableId, reason: o.cancelRequest.reason, staffId: o.cancelRequest.requestedBy }, o),
  "order:cancelled": ({ order: o }) => withOrder({ orderId: o.orderId, tableId: o.tableId, reason: o.cancelRequest.reason }, o),
  "kitchen:order_acknowledged": ({ order: o }) =>
    withOrder({ kitchenOrderId: ticket(o).kitchenOrderId, orderId: o.orderId, chefId: ticket(o).chefId, chefName: ticket(o).chefName }, o),
  "kitchen:acknowledged": (ctx) => payloadBuilders["kitchen:order_acknowledged"](ctx),
  "kitchen:order_preparing": ({ order: o }) => ticketMove(o),
  "kitchen:preparing": ({ order: o }) => ticketMove(o),
  "kitchen:order_ready": ({ order: o }) => ticketMove(o),
  "kitchen:ready": ({ order: o }) => ticketMove(o),
  "kitchen:order_completed": ({ order: o }) => withOrder({ ...ticketRef(o), prepTime: ticket(o).prepTime }, o),
  "kitchen:order_recalled": ({ order: o }) => ticketMove(o),
  "kitchen:cancel_accepted": ({ order: o }) => ticketMove(o),
  "kitchen:cancel_rejected": ({ order: o }) => withOrder({ ...ticketRef(o), reason: o.cancelRequest.rejectionReason }, o),
  "kitchen:priority_changed": ({ order: o }) =>
    withOrder({ kitchenOrderId: ticket(o).kitchenOrderId, orderId: o.orderId, priority: ticket(o).priority }, o),
  "kitchen:station_assigned": ({ order: o }) =>
    withOrder({ kitchenOrderId: ticket(o).kitchenOrderId, orderId: o.orderId, stationId: ticket(o).stationId, stationName: ticket(o).stationName }, o),
  "kitchen:stats_update": ({ stats }) => ({
    pending: stats.pending,
    preparing: stats.preparing,
    ready: stats.ready,
    total: stats.total,
  }),
};

function ticketRef(o) {
  return { kitchenOrderId: ticket(o).kitchenOrderId, orderId: o.orderId, tableId: o.tableId };
}

/** kitchen:order_preparing, …_ready, …_recalled, cancel_accepted and their short names. */
function ticketMove(o) {
  return withOrder(ticketRef(o), o);
}

/** The domain events each REST command commits, in order (docs/kitchen.md, "Events"). */
export const commandEvents = {
  create: ["order.created"],
  confirm: ["order.confirmed", "order.status_changed", "kitchen.stats_changed"],
  served: ["order.status_changed", "ticket.completed", "kitchen.stats_changed"],
  completed: ["order.status_changed"],
  addItems: ["order.items_added"],
  addItemsReopening: ["order.items_added", "order.status_changed", "kitchen.stats_changed"],
  itemStatus: ["order.item_status_changed"],
  cancelRequest: ["order.cancel_requested"],
  cancelRequestNoTicket: ["order.cancel_requested", "order.cancelled"],
  acknowledge: ["ticket.acknowledged"],
  start: ["ticket.preparing", "order.status_changed", "kitchen.stats_changed"],
  ready: ["ticket.ready", "order.status_changed", "kitchen.stats_changed"],
  complete: ["ticket.completed", "order.status_changed", "kitchen.stats_changed"],
  recall: ["ticket.recalled", "order.status_changed", "kitchen.stats_changed"],
  accept: ["ticket.cancel_accepted", "order.cancelled", "kitchen.stats_changed"],
  reject: ["ticket.cancel_rejected"],
  priority: ["ticket.priority_changed"],
  station: ["ticket.station_assigned"],
};

/**
 * The Socket.IO events one domain event sends, in table order, each with the
 * rooms it goes to and its payload: [{event, rooms, payload}].
 */
export function routeDomainEvent(routes, trigger, ctx) {
  const out = [];
  for (const route of routes) {
    if (route.trigger !== trigger) continue;
    const build = payloadBuilders[route.event];
    assert.ok(build, `the test knows how to build ${route.event}`);
    const payload = build(ctx);
    // The test's own builders must follow the documented key order.
    assert.deepEqual(Object.keys(payload), route.keys, `test builder for ${route.event} follows docs/events.md`);
    out.push({ event: route.event, rooms: resolveRooms(route, ctx.order), payload });
  }
  assert.ok(out.length > 0, `docs/events.md routes ${trigger}`);
  return out;
}

// ---------------------------------------------------------------------------
// Comparing what arrived with what should have

/** Keys at every level, in order: makes key order part of a deepEqual. */
export function shape(value) {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => [k, shape(v)]);
  return typeof value;
}

/**
 * An event as compared: its name and its payload as JSON text. JSON.stringify
 * keeps key order, so equal text means the same keys in the same order at
 * every level and the same values; a mismatch diffs one line per event.
 */
export function comparable({ event, payload }) {
  return `${event} ${JSON.stringify(payload)}`;
}

// ---------------------------------------------------------------------------
// Sockets

/**
 * A socket.io-client socket authenticated as `token` (a staff username),
 * WebSocket only, closed when the test `t` ends. Resolves once connected.
 */
export async function staffSocket(t, url, who, { timeoutMs = defaultTimeoutMs } = {}) {
  // A demo username logs in first; a JWT is used as it is.
  const token = isJwt(who) ? who : await tokenFor(url, who);
  const socket = io(url, { auth: { token }, transports: ["websocket"], forceNew: true, reconnection: false });
  t.after(() => socket.close());
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket (${who}) did not connect in ${timeoutMs} ms`)), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(new Error(`connect_error for ${who}: ${err.message} ${JSON.stringify(err.data ?? null)}`));
    });
  });
  return socket;
}

/** Resolves with the connect_error of a socket that must not connect. */
export function connectError(t, url, opts, { timeoutMs = defaultTimeoutMs } = {}) {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, ...opts });
  t.after(() => socket.close());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect_error within ${timeoutMs} ms`)), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      reject(new Error(`connected with ${JSON.stringify(opts.auth ?? null)}; expected connect_error`));
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

/** Sends a room command and resolves with its ack. `args`: the payload(s), none for `join:kitchen`. */
export function command(socket, event, ...args) {
  return socket.timeout(defaultTimeoutMs).emitWithAck(event, ...args);
}

/** Room commands that must succeed: {ok: true, room, snapshot?}; returns the ack. */
export async function join(socket, event, ...args) {
  const ack = await command(socket, event, ...args);
  assert.equal(ack?.ok, true, `${event} ${JSON.stringify(args)} → ${JSON.stringify(ack)}`);
  return ack;
}

/**
 * Every event a socket receives (socket.onAny), with its arrival time, and a
 * way to await a condition over them.
 */
export class EventLog {
  constructor(socket, label) {
    this.label = label;
    this.entries = [];
    this.waiters = new Set();
    socket.onAny((event, ...args) => {
      this.entries.push({ event, args, payload: args[0], at: performance.now() });
      for (const w of [...this.waiters]) w.check();
    });
  }

  /** {event, payload} of everything so far, optionally without some events. */
  events({ without = [] } = {}) {
    return this.entries.filter((e) => !without.includes(e.event)).map(({ event, payload }) => ({ event, payload }));
  }

  until(predicate, { timeoutMs = defaultTimeoutMs, what = "condition" } = {}) {
    return waitForEntries(this, predicate, timeoutMs, () => {
      const got = this.entries.map((e) => `${e.event} ${JSON.stringify(e.payload)}`);
      return (
        `[${this.label}] timed out after ${timeoutMs} ms waiting for ${what}; ` +
        `got ${got.length} event(s):\n  ${got.slice(-12).join("\n  ")}`
      );
    });
  }

  untilCount(n, options) {
    return this.until((entries) => entries.length >= n, { what: `${n} event(s)`, ...options });
  }
}

// ---------------------------------------------------------------------------
// The harness: screens in rooms, REST steps, exact logs

async function okBody(promise, status) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/**
 * Screens (sockets by label, each with its restaurant, the rooms it is in, an
 * event log and the events it should have received so far) and `step()`,
 * which runs one REST command and then checks every screen's whole log.
 *
 * `kitchenApis`: an apiClient per restaurant label (a chef or manager of that
 * restaurant), used to read its outbox and kitchen stats. A step's events
 * are routed to the screens of the step's restaurant only: room names are
 * per restaurant.
 */
export function roomHarness({ url, routes, kitchenApis }) {
  const screens = new Map();
  const lastSequence = {};
  const [firstRestaurant] = Object.keys(kitchenApis);

  async function screen(t, label, token, { restaurant = firstRestaurant } = {}) {
    const socket = await staffSocket(t, url, token);
    const s = { label, restaurant, socket, rooms: new Set(), log: new EventLog(socket, label), expected: [] };
    screens.set(label, s);
    return s;
  }

  /** Joins `room` (spec name: kitchen, waiters, table:3, order:5) with its command; returns the ack. */
  async function enter(s, room) {
    const [kind, id] = room.split(":");
    const ack =
      id === undefined
        ? await join(s.socket, `join:${kind}`)
        : await join(s.socket, `join:${kind}`, { [`${kind}Id`]: Number(id) });
    assert.equal(ack.room, room, `${s.label} join ${room}`);
    s.rooms.add(room);
    return ack;
  }

  /** Starts the outbox comparison from the restaurants' current last events. */
  async function syncOutbox() {
    for (const [restaurant, api] of Object.entries(kitchenApis)) {
      lastSequence[restaurant] = (await okBody(api("GET", "/api/events?after=0&limit=1000"), 200)).lastSequence;
    }
  }

  /**
   * Runs `request` (resolving to the REST answer: the order after the
   * command), checks that the restaurant's outbox recorded exactly `triggers`
   * (docs/kitchen.md's events for the command), adds the events docs/events.md
   * routes for them to each screen's expectations (once per socket, however
   * many of the event's rooms it is in), then awaits and compares every log.
   */
  async function step(what, { restaurant = firstRestaurant, before, request, triggers, itemId, status = 200 }) {
    const api = kitchenApis[restaurant];
    const order = await okBody(request(), status);
    const outbox = await okBody(api("GET", `/api/events?after=${lastSequence[restaurant] ?? 0}&limit=1000`), 200);
    lastSequence[restaurant] = outbox.lastSequence;
    assert.deepEqual(
      outbox.events.map((e) => e.type),
      triggers,
      `${what}: the domain events (outbox) are docs/kitchen.md's for this command`,
    );
    const stats = triggers.includes("kitchen.stats_changed")
      ? await okBody(api("GET", "/api/kitchen/stats"), 200)
      : undefined;
    const ctx = { order, before, itemId, stats };
    for (const trigger of triggers) {
      for (const out of routeDomainEvent(routes, trigger, ctx)) {
        for (const s of screens.values()) {
          if (s.restaurant === restaurant && out.rooms.some((r) => s.rooms.has(r))) s.expected.push(comparable(out));
        }
      }
    }
    await settle(what);
    return order;
  }

  /** Awaits every screen's expected count, then compares every whole log. */
  async function settle(what) {
    await Promise.all([...screens.values()].map((s) => s.log.untilCount(s.expected.length)));
    for (const s of screens.values()) {
      assert.deepEqual(
        s.log.events().map(comparable),
        s.expected,
        `${what}: ${s.label} (rooms ${[...s.rooms].join(", ")}) got exactly the routed events`,
      );
    }
  }

  return { screens, screen, enter, step, settle, syncOutbox };
}

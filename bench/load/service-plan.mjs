// What the `service` scenario asks of a server (bench/load/service.mjs): the
// commands of an order's life as REST requests, the mix in which orders take
// them, and which deliveries each command owes to which screens.

import { randomUUID } from "node:crypto";

import { roomFor } from "../peers/event-routes.mjs";

/** A small seeded generator (mulberry32), so both servers get the same plans. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rng, list) => list[Math.floor(rng() * list.length)];

/** Order lines: 1–4 dishes of the restaurant's menu, 1 or 2 of each. */
const lines = (rng, dishes, most) =>
  Array.from({ length: 1 + Math.floor(rng() * most) }, () => ({ menuItemId: pick(rng, dishes), quantity: 1 + Math.floor(rng() * 2) }));

/**
 * Each command: who sends it (the restaurant's waiter or chef), its request,
 * and the domain events it commits (docs/kitchen.md, "Events") that screens
 * hear at once — kitchen.stats_changed is throttled and owed to nobody.
 */
export const commands = {
  create: {
    who: "waiter",
    request: (o, rng, r) => ({
      method: "POST",
      path: "/api/orders",
      body: { tableId: o.tableId, items: lines(rng, r.dishIds, 4) },
      headers: { "Idempotency-Key": randomUUID() },
    }),
    domainEvents: ["order.created"],
  },
  confirm: { who: "waiter", request: (o) => ({ method: "POST", path: `/api/orders/${o.orderId}/confirm` }), domainEvents: ["order.confirmed", "order.status_changed"] },
  priority: {
    who: "chef",
    request: (o, rng) => ({ method: "PATCH", path: `/api/kitchen/orders/${o.ticketId}/priority`, body: { priority: pick(rng, ["express", "vip"]) } }),
    domainEvents: ["ticket.priority_changed"],
  },
  acknowledge: { who: "chef", request: (o) => ({ method: "POST", path: `/api/kitchen/orders/${o.ticketId}/acknowledge` }), domainEvents: ["ticket.acknowledged"] },
  start: { who: "chef", request: (o) => ({ method: "POST", path: `/api/kitchen/orders/${o.ticketId}/start` }), domainEvents: ["ticket.preparing", "order.status_changed"] },
  addItems: {
    who: "waiter",
    request: (o, rng, r) => ({ method: "POST", path: `/api/orders/${o.orderId}/items`, body: { items: lines(rng, r.dishIds, 2) } }),
    domainEvents: ["order.items_added"],
  },
  ready: { who: "chef", request: (o) => ({ method: "POST", path: `/api/kitchen/orders/${o.ticketId}/ready` }), domainEvents: ["ticket.ready", "order.status_changed"] },
  complete: { who: "chef", request: (o) => ({ method: "POST", path: `/api/kitchen/orders/${o.ticketId}/complete` }), domainEvents: ["ticket.completed", "order.status_changed"] },
  cancelRequest: {
    who: "waiter",
    request: (o) => ({ method: "POST", path: `/api/orders/${o.orderId}/cancel-request`, body: { reason: "guest left" } }),
    domainEvents: ["order.cancel_requested"],
  },
  cancelAccept: { who: "chef", request: (o) => ({ method: "POST", path: `/api/kitchen/orders/${o.ticketId}/cancel/accept` }), domainEvents: ["ticket.cancel_accepted", "order.cancelled"] },
};

/**
 * The commands one order takes, in order. Every order is created and sent to
 * the kitchen; a share is cancelled there (the waiter asks, the kitchen
 * accepts); the others are acknowledged, started, made ready and bumped, some
 * with a priority change before the kitchen acknowledges them and some with
 * dishes added while they cook (a cooking ticket is not reopened by them).
 * The pipeline (`pipeline`): every order is only created, the command whose
 * order:new (and order:created, in the same write) reaches every kitchen
 * screen: the "REST order followed by order:new at each kitchen
 * socket".
 */
export function planOrder(rng, { cancelShare, priorityShare, addItemsShare, pipeline = false }) {
  if (pipeline) return ["create"];
  if (rng() < cancelShare) return ["create", "confirm", "cancelRequest", "cancelAccept"];
  const plan = ["create", "confirm"];
  if (rng() < priorityShare) plan.push("priority");
  plan.push("acknowledge", "start");
  if (rng() < addItemsShare) plan.push("addItems");
  plan.push("ready", "complete");
  return plan;
}

/** The expected share of each command kind, from the plan's probabilities. */
export function expectedMix({ cancelShare, priorityShare, addItemsShare, pipeline = false }) {
  if (pipeline) return { create: 1 };
  const kept = 1 - cancelShare;
  const perOrder = {
    create: 1,
    confirm: 1,
    priority: kept * priorityShare,
    acknowledge: kept,
    start: kept,
    addItems: kept * addItemsShare,
    ready: kept,
    complete: kept,
    cancelRequest: cancelShare,
    cancelAccept: cancelShare,
  };
  const total = Object.values(perOrder).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(perOrder).map(([k, v]) => [k, v / total]));
}

/**
 * Events whose (event, orderId) is not unique over an order's life: the
 * order's status events, told apart by the status they carry.
 */
export const statusKeyedEvents = (routes) => routes.filter((r) => r.trigger === "order.status_changed").map((r) => r.event);

/** The key a screen files a delivery under, and the driver expects it by. */
export const deliveryKey = (event, orderId, status) => (status === undefined ? `${event}|${orderId}` : `${event}|${orderId}|${status}`);

/**
 * What one answered command owes the screens: [{key, rooms}] with the rooms
 * resolved for this order ("table:4"), from docs/events.md's routing table.
 */
export function owedDeliveries(routes, kind, order) {
  const keyedByStatus = new Set(statusKeyedEvents(routes));
  const owed = [];
  for (const trigger of commands[kind].domainEvents) {
    for (const route of routes) {
      if (route.trigger !== trigger || route.throttled) continue;
      owed.push({
        key: deliveryKey(route.event, order.orderId, keyedByStatus.has(route.event) ? order.status : undefined),
        rooms: route.rooms.map((room) => roomFor(room, order)),
      });
    }
  }
  return owed;
}

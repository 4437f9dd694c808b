// Announces the peer's domain events as Brigade does: each through the rows of
// docs/events.md's routing table that it triggers, to the rooms they name
// (scoped to the restaurant, as Brigade's "r7/kitchen"), with the payload keys
// they list, in that order. kitchen:stats_update is throttled per restaurant
// as Brigade's stats_throttle does it: the first after a quiet interval goes at
// once, the newest numbers of a burst last, at most one interval later.

import { readEventRoutes, roomFor } from "../event-routes.mjs";
import { itemJson, money, orderJson } from "./order-json.mjs";

/** The order without its items and its ticket's station parts: Brigade's `order` key. */
function orderState(order) {
  const { items: _items, kitchenOrder, cancelRequest, ...rest } = orderJson(order);
  if (!kitchenOrder) return { ...rest, kitchenOrder: null, cancelRequest };
  const { stations: _stations, ...ticket } = kitchenOrder;
  return { ...rest, kitchenOrder: ticket, cancelRequest };
}

/** Every value a payload key can take for one domain event; `items` and `order` only when asked for. */
function payloadValues({ type, order, added, stats }) {
  const t = order.ticket;
  const values = {
    orderId: order.orderId,
    tableId: order.tableId,
    orderNumber: order.orderNumber,
    status: order.status,
    totalAmount: money(order.totalCents),
    finalAmount: money(order.totalCents),
    newTotalAmount: money(order.totalCents),
    newFinalAmount: money(order.totalCents),
    confirmedAt: order.confirmedAt === null ? null : new Date(order.confirmedAt).toISOString(),
    kitchenOrderId: t?.kitchenOrderId ?? null,
    chefId: t?.chefId ?? null,
    chefName: t?.chefName ?? null,
    priority: t?.priority ?? null,
    prepTime: t?.prepTime ?? null,
    stationId: t?.stationId ?? null,
    stationName: t?.stationName ?? null,
    reason: type === "ticket.cancel_rejected" ? order.cancelRequest?.rejectionReason : order.cancelRequest?.reason,
    staffId: order.cancelRequest?.requestedBy ?? null,
    notes: order.notes,
    createdBy: order.createdBy,
    createdAt: new Date(order.createdAt).toISOString(),
    ...stats,
  };
  let items;
  let state;
  Object.defineProperty(values, "items", { get: () => (items ??= (added ?? order.items).map(itemJson)) });
  Object.defineProperty(values, "order", { get: () => (state ??= orderState(order)) });
  return values;
}

export class Publisher {
  #routes = new Map();
  #throttles = new Map();
  #warned = new Set();

  constructor(io, { statsIntervalMs = 250, routes = readEventRoutes() } = {}) {
    this.io = io;
    this.statsIntervalMs = statsIntervalMs;
    for (const route of routes) {
      if (!this.#routes.has(route.trigger)) this.#routes.set(route.trigger, []);
      this.#routes.get(route.trigger).push(route);
    }
  }

  publish(events) {
    for (const event of events) {
      if (event.type === "kitchen.stats_changed") this.#throttledStats(event);
      else this.#send(event);
    }
  }

  #send(event) {
    const scope = `r${event.order.restaurantId}/`;
    const values = payloadValues(event);
    for (const route of this.#routes.get(event.type) ?? []) {
      const payload = {};
      for (const key of route.keys) {
        if (values[key] === undefined) this.#warn(`${route.event}: the peer has no value for "${key}"`);
        payload[key] = values[key];
      }
      this.io.to(route.rooms.map((room) => scope + roomFor(room, event.order))).emit(route.event, payload);
    }
  }

  /** At most one stats update per restaurant per interval; the newest numbers always go last. */
  #throttledStats(event) {
    const restaurantId = event.order.restaurantId;
    let throttle = this.#throttles.get(restaurantId);
    if (!throttle) this.#throttles.set(restaurantId, (throttle = { lastSentAt: -Infinity, timer: null, latest: null }));
    throttle.latest = event;
    if (throttle.timer) return;
    const wait = throttle.lastSentAt + this.statsIntervalMs - Date.now();
    const flush = () => {
      throttle.timer = null;
      throttle.lastSentAt = Date.now();
      this.#send(throttle.latest);
    };
    if (wait <= 0) flush();
    else throttle.timer = setTimeout(flush, wait);
  }

  #warn(message) {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    process.stderr.write(`express-peer: ${message}\n`);
  }
}

// Orders and their kitchen tickets, in memory, by the rules of docs/kitchen.md
// for the commands the `service` benchmark drives: create, confirm, add items,
// the ticket's acknowledge/start/ready/complete, priority, and the
// cancellation workflow. Each command returns the order after it and its
// domain events, in Brigade's order ("Events" in docs/kitchen.md), for the
// publisher to route. Nothing is written anywhere: a restart forgets it all.

import { conflict, invalidTransition, notFound, requirePermission, requireTable, validation } from "./access.mjs";
import { lineTotalCents, orderJson } from "./order-json.mjs";

const OPEN_TICKET = new Set(["pending", "acknowledged", "preparing", "ready"]);
const CLOSED_ORDER = new Set(["completed", "cancelled"]);
const PRIORITIES = ["normal", "express", "vip"];

export class Orders {
  #orders = new Map();
  #tickets = new Map();
  #nextOrder = 1;
  #nextItem = 1;
  #nextTicket = 1;
  /** restaurantId → {open: Set of orders with an open ticket, byTable: Map tableId → orders, numbers, idempotency} */
  #books = new Map();

  constructor(catalog) {
    this.catalog = catalog;
  }

  #book(restaurantId) {
    let book = this.#books.get(restaurantId);
    if (!book) this.#books.set(restaurantId, (book = { open: new Set(), byTable: new Map(), lastNumber: 0, idempotency: new Map() }));
    return book;
  }

  // ----------------------------------------------------------------- reads

  order(actor, orderId) {
    requirePermission(actor, "read_orders");
    const order = this.#orders.get(orderId);
    if (!order || order.restaurantId !== actor.restaurantId) throw notFound("order");
    requireTable(actor, order.tableId);
    return order;
  }

  #ticket(actor, kitchenOrderId) {
    const order = this.#tickets.get(kitchenOrderId);
    if (!order || order.restaurantId !== actor.restaurantId) throw notFound("ticket");
    return order;
  }

  /** GET /api/orders?status=&tableId=&limit=: newest first. */
  list(actor, { status, tableId, limit = 50 }) {
    requirePermission(actor, "read_orders");
    if (actor.role === "table_display") {
      if (tableId !== undefined && tableId !== actor.tableId) return { orders: [], nextCursor: null };
      tableId = actor.tableId;
    }
    const book = this.#book(actor.restaurantId);
    const source = tableId === undefined ? [...book.byTable.values()].flat().sort((a, b) => a.orderId - b.orderId) : (book.byTable.get(tableId) ?? []);
    const orders = [];
    for (let i = source.length - 1; i >= 0 && orders.length < limit; i--) {
      if (status === undefined || source[i].status === status) orders.push(orderJson(source[i]));
    }
    return { orders, nextCursor: null };
  }

  /** GET /api/kitchen/orders[?stationId=]: the open tickets, oldest first; a station sees only its lines. */
  kitchen(actor, { stationId } = {}) {
    requirePermission(actor, "read_kitchen");
    return { orders: this.#board(actor.restaurantId, stationId) };
  }

  #board(restaurantId, stationId) {
    const open = [...this.#book(restaurantId).open].sort((a, b) => a.ticket.kitchenOrderId - b.ticket.kitchenOrderId);
    const shown = [];
    for (const order of open) {
      const json = orderJson(order);
      if (stationId !== undefined) {
        json.items = json.items.filter((i) => (i.stationId ?? order.ticket.stationId) === stationId && i.status !== "cancelled");
        if (json.items.length === 0) continue;
      }
      shown.push(json);
    }
    return shown;
  }

  stats(restaurantId) {
    const s = { pending: 0, preparing: 0, ready: 0, total: 0 };
    for (const order of this.#book(restaurantId).open) {
      const status = order.ticket.status;
      s[status === "acknowledged" ? "pending" : status] += 1;
      s.total += 1;
    }
    return s;
  }

  /** The kitchen room's snapshot: its board and stats. */
  kitchenSnapshot(restaurantId) {
    return { orders: this.#board(restaurantId), stats: this.stats(restaurantId) };
  }

  /** The table room's snapshot: its open orders (neither completed nor cancelled), oldest first. */
  tableSnapshot(restaurantId, tableId) {
    const orders = (this.#book(restaurantId).byTable.get(tableId) ?? []).filter((o) => !CLOSED_ORDER.has(o.status)).map(orderJson);
    return { tableId, orders };
  }

  // ----------------------------------------------------------------- waiter commands

  create(actor, body, idempotencyKey) {
    requirePermission(actor, "create_order");
    const book = this.#book(actor.restaurantId);
    const fingerprint = JSON.stringify(body);
    if (idempotencyKey !== undefined) {
      const earlier = book.idempotency.get(idempotencyKey);
      if (earlier && earlier.fingerprint !== fingerprint) throw conflict("Idempotency-Key reused for another order", "Idempotency-Key");
      if (earlier) return { order: earlier.order, events: [], replayed: true };
    }
    if (!body || typeof body !== "object") throw validation("items", "items is required");
    const tableId = body.tableId;
    if (!Number.isInteger(tableId)) throw validation("tableId", "tableId must be an integer");
    this.catalog.table(actor.restaurantId, tableId);
    const now = Date.now();
    book.lastNumber += 1;
    const order = {
      orderId: this.#nextOrder++,
      restaurantId: actor.restaurantId,
      orderNumber: `${this.catalog.restaurant(actor.restaurantId).orderPrefix}-${String(book.lastNumber).padStart(4, "0")}`,
      tableId,
      status: "pending",
      items: [],
      notes: typeof body.notes === "string" ? body.notes : "",
      totalCents: 0,
      createdBy: actor.id,
      createdAt: now,
      confirmedAt: null,
      preparingAt: null,
      readyAt: null,
      servedAt: null,
      completedAt: null,
      cancelledAt: null,
      ticket: null,
      cancelRequest: null,
    };
    this.#appendLines(order, body.items, now);
    this.#orders.set(order.orderId, order);
    if (!book.byTable.has(tableId)) book.byTable.set(tableId, []);
    book.byTable.get(tableId).push(order);
    if (idempotencyKey !== undefined) book.idempotency.set(idempotencyKey, { fingerprint, order });
    return { order, events: [{ type: "order.created", order }] };
  }

  confirm(actor, orderId) {
    requirePermission(actor, "create_order");
    const order = this.order(actor, orderId);
    if (order.status !== "pending") throw invalidTransition(order.status, "confirmed");
    return this.#changingStats(order, () => {
      const now = Date.now();
      order.status = "confirmed";
      order.confirmedAt = now;
      this.#openTicket(order, now);
      return [
        { type: "order.confirmed", order },
        { type: "order.status_changed", order },
      ];
    });
  }

  addItems(actor, orderId, body) {
    requirePermission(actor, "add_items");
    const order = this.order(actor, orderId);
    if (CLOSED_ORDER.has(order.status)) throw conflict(`Order ${order.orderNumber} is ${order.status}`);
    return this.#changingStats(order, () => {
      const now = Date.now();
      const added = this.#appendLines(order, body?.items, now);
      const events = [{ type: "order.items_added", order, added }];
      const t = order.ticket;
      if (t) {
        t.changed = true;
        // Lines that go to the kitchen at once reopen a finished ticket.
        if ((t.status === "ready" || t.status === "completed") && added.some((l) => !l.held)) {
          t.status = "preparing";
          t.readyAt = t.completedAt = t.prepTime = null;
          this.#book(order.restaurantId).open.add(order);
          order.status = "preparing";
          order.readyAt = order.servedAt = null;
          events.push({ type: "order.status_changed", order });
        }
      }
      return events;
    });
  }

  requestCancellation(actor, orderId, body) {
    requirePermission(actor, "request_cancellation");
    const order = this.order(actor, orderId);
    const reason = body?.reason;
    if (typeof reason !== "string" || reason.length < 1 || reason.length > 500) throw validation("reason", "reason: 1–500 characters");
    if (["served", "completed", "cancelled"].includes(order.status)) throw conflict(`Order ${order.orderNumber} is ${order.status}`);
    if (order.cancelRequest?.status === "open") throw conflict("A cancellation request is already open");
    const now = Date.now();
    order.cancelRequest = { reason, status: "open", requestedBy: actor.id, requestedAt: now, rejectionReason: null, decidedAt: null };
    const events = [{ type: "order.cancel_requested", order }];
    if (!order.ticket) {
      order.cancelRequest.status = "accepted";
      order.cancelRequest.decidedAt = now;
      this.#cancel(order, now);
      events.push({ type: "order.cancelled", order });
    }
    return { order, events };
  }

  // ----------------------------------------------------------------- kitchen commands

  acknowledge(actor, kitchenOrderId) {
    return this.#moveTicket(actor, kitchenOrderId, "acknowledge_ticket", ["pending"], "acknowledged", (order, t, now) => {
      Object.assign(t, { status: "acknowledged", acknowledgedAt: now, chefId: actor.id, chefName: actor.name });
      return [{ type: "ticket.acknowledged", order }];
    });
  }

  start(actor, kitchenOrderId) {
    return this.#moveTicket(actor, kitchenOrderId, "start_ticket", ["pending", "acknowledged"], "preparing", (order, t, now) => {
      Object.assign(t, { status: "preparing", startedAt: now });
      if (t.chefId === null) Object.assign(t, { chefId: actor.id, chefName: actor.name });
      moveLines(order, ["pending"], "preparing", "startedAt", now);
      Object.assign(order, { status: "preparing", preparingAt: now });
      return [
        { type: "ticket.preparing", order },
        { type: "order.status_changed", order },
      ];
    });
  }

  ready(actor, kitchenOrderId) {
    return this.#moveTicket(actor, kitchenOrderId, "ready_ticket", ["preparing"], "ready", (order, t, now) => {
      Object.assign(t, { status: "ready", readyAt: now });
      moveLines(order, ["pending", "preparing"], "ready", "readyAt", now);
      Object.assign(order, { status: "ready", readyAt: now });
      return [
        { type: "ticket.ready", order },
        { type: "order.status_changed", order },
      ];
    });
  }

  complete(actor, kitchenOrderId) {
    return this.#moveTicket(actor, kitchenOrderId, "complete_ticket", ["ready"], "completed", (order, t, now) => {
      Object.assign(t, { status: "completed", completedAt: now, prepTime: Math.floor((now - t.createdAt) / 60_000 + 0.5) });
      this.#book(order.restaurantId).open.delete(order);
      moveLines(order, ["ready"], "served", "servedAt", now);
      const events = [{ type: "ticket.completed", order }];
      if (order.status === "ready") {
        Object.assign(order, { status: "served", servedAt: now });
        events.push({ type: "order.status_changed", order });
      }
      return events;
    });
  }

  acceptCancellation(actor, kitchenOrderId) {
    requirePermission(actor, "decide_cancellation");
    const order = this.#ticket(actor, kitchenOrderId);
    if (order.cancelRequest?.status !== "open") throw conflict("No open cancellation request");
    return this.#changingStats(order, () => {
      const now = Date.now();
      order.cancelRequest.status = "accepted";
      order.cancelRequest.decidedAt = now;
      this.#cancel(order, now);
      return [
        { type: "ticket.cancel_accepted", order },
        { type: "order.cancelled", order },
      ];
    });
  }

  rejectCancellation(actor, kitchenOrderId, body) {
    requirePermission(actor, "decide_cancellation");
    const order = this.#ticket(actor, kitchenOrderId);
    const reason = body?.reason;
    if (typeof reason !== "string" || reason.length < 1 || reason.length > 500) throw validation("reason", "reason: 1–500 characters");
    if (order.cancelRequest?.status !== "open") throw conflict("No open cancellation request");
    Object.assign(order.cancelRequest, { status: "rejected", rejectionReason: reason, decidedAt: Date.now() });
    return { order, events: [{ type: "ticket.cancel_rejected", order }] };
  }

  setPriority(actor, kitchenOrderId, body) {
    requirePermission(actor, "set_priority");
    const order = this.#ticket(actor, kitchenOrderId);
    const priority = body?.priority;
    if (!PRIORITIES.includes(priority)) throw validation("priority", "priority must be normal, express or vip");
    if (!OPEN_TICKET.has(order.ticket.status)) throw conflict(`Ticket ${kitchenOrderId} is ${order.ticket.status}`);
    if (order.ticket.priority === priority) return { order, events: [] };
    order.ticket.priority = priority;
    return { order, events: [{ type: "ticket.priority_changed", order }] };
  }

  // ----------------------------------------------------------------- helpers

  /** A ticket command: the role, the ticket, its move from one of `from`; `change(order, ticket, now)` returns its events. */
  #moveTicket(actor, kitchenOrderId, permission, from, to, change) {
    requirePermission(actor, permission);
    const order = this.#ticket(actor, kitchenOrderId);
    if (!from.includes(order.ticket.status)) throw invalidTransition(order.ticket.status, to);
    return this.#changingStats(order, () => change(order, order.ticket, Date.now()));
  }

  /** Runs a change and adds kitchen.stats_changed when the restaurant's stats moved. */
  #changingStats(order, change) {
    const before = this.stats(order.restaurantId);
    const events = change();
    const after = this.stats(order.restaurantId);
    if (before.pending !== after.pending || before.preparing !== after.preparing || before.ready !== after.ready || before.total !== after.total) {
      events.push({ type: "kitchen.stats_changed", order, stats: after });
    }
    return { order, events };
  }

  #openTicket(order, now) {
    const menuStation = order.items.find((l) => l.status !== "cancelled")?.stationId ?? null;
    const station = menuStation === null ? null : this.catalog.restaurant(order.restaurantId).stations.get(menuStation);
    order.ticket = {
      kitchenOrderId: this.#nextTicket++,
      status: "pending",
      priority: "normal",
      stationId: station?.stationId ?? null,
      stationName: station?.name ?? null,
      chefId: null,
      chefName: null,
      changed: false,
      createdAt: now,
      acknowledgedAt: null,
      startedAt: null,
      readyAt: null,
      completedAt: null,
      cancelledAt: null,
      prepTime: null,
    };
    this.#tickets.set(order.ticket.kitchenOrderId, order);
    this.#book(order.restaurantId).open.add(order);
    // The lowest course goes to the kitchen; later ones are held for the waiter's fire.
    const lowest = Math.min(...order.items.map((l) => l.course));
    for (const line of order.items) {
      line.held = line.course !== lowest;
      if (!line.held) line.firedAt = now;
    }
  }

  #cancel(order, now) {
    order.status = "cancelled";
    order.cancelledAt = now;
    for (const line of order.items) if (line.status !== "served") line.status = "cancelled";
    if (order.ticket) {
      order.ticket.status = "cancelled";
      order.ticket.cancelledAt = now;
      this.#book(order.restaurantId).open.delete(order);
    }
  }

  /** Validates and appends order lines, copying name, price, station and course from the menu. */
  #appendLines(order, items, now) {
    if (!Array.isArray(items) || items.length < 1 || items.length > 100) throw validation("items", "items: 1 to 100");
    const restaurant = this.catalog.restaurant(order.restaurantId);
    const fired = order.ticket ? order.items.filter((l) => !l.held).map((l) => l.course) : [];
    const highestFired = fired.length ? Math.max(...fired) : null;
    const lines = items.map((item, i) => {
      const dish = restaurant.menu.get(item?.menuItemId);
      if (!dish) throw validation(`items[${i}].menuItemId`, `items[${i}].menuItemId: no such menu item`);
      if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 99) {
        throw validation(`items[${i}].quantity`, `items[${i}].quantity must be an integer from 1 to 99`);
      }
      const station = dish.stationId === null ? null : restaurant.stations.get(dish.stationId);
      return {
        itemId: 0,
        menuItemId: dish.menuItemId,
        name: dish.name,
        quantity: item.quantity,
        unitPriceCents: dish.priceCents,
        notes: typeof item.notes === "string" ? item.notes : "",
        status: "pending",
        seat: item.seat ?? null,
        course: item.course ?? dish.course,
        allergens: dish.allergens,
        prepMinutes: dish.prepMinutes ?? 0,
        stationId: station?.stationId ?? null,
        stationName: station?.name ?? null,
        held: false,
        firedAt: null,
        startedAt: null,
        readyAt: null,
        servedAt: null,
      };
    });
    if (order.ticket) {
      const lowestNew = Math.min(...lines.map((l) => l.course));
      for (const line of lines) {
        line.held = highestFired === null ? line.course !== lowestNew : line.course > highestFired;
        if (!line.held) line.firedAt = now;
      }
    }
    for (const line of lines) {
      line.itemId = this.#nextItem++;
      order.items.push(line);
      order.totalCents += lineTotalCents(line);
    }
    return lines;
  }
}

/** The fired lines in one of `from` move to `to`, with their time. */
function moveLines(order, from, to, timeField, now) {
  for (const line of order.items) {
    if (!line.held && from.includes(line.status)) Object.assign(line, { status: to, [timeField]: now });
  }
}

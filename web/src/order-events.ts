// One real-time event applied to the order a screen holds, from the event's
// payload alone (docs/events.md, "What a screen needs to apply an event"):
// every order and ticket event carries the order after the change without
// its lines (`order`), and the lines it changed (`items`, `item`); the lines a
// ticket's move changes follow the kitchen's rules (docs/kitchen.md), which
// are applied here. When the payload does not say enough (an order the screen
// has not seen, lines it has not heard of), the answer is "read": the screen
// reads the order over REST. Pure functions.

import type { KitchenOrderState, Order, OrderCreatedPayload, OrderItem, OrderState, ServerEventName } from "@brigade/client";

import { stationParts } from "./kitchen/station-parts";

/** The events that change an order, as the rooms send them. */
export type OrderEventName = Exclude<ServerEventName, "kitchen:stats_update" | "menu:item_availability">;

/** What an event does to the order a screen holds. */
export type Applied =
  /** The order after the event (a screen that does not keep it, e.g. a closed one, lets it go). */
  | { kind: "order"; order: Order }
  /** The payload does not say enough: read the order over REST. */
  | { kind: "read" }
  /** Nothing the screen holds changes (order:new, or an event older than the order held). */
  | { kind: "unchanged" };

const unchanged: Applied = { kind: "unchanged" };
const read: Applied = { kind: "read" };

/** The order id an event payload is about, if any. */
export function orderIdOf(payload: unknown): number | null {
  const id = (payload as { orderId?: unknown } | null)?.orderId;
  return typeof id === "number" ? id : null;
}

/** The order an event carries (`order`), or null from a server that sends none. */
export function stateOf(payload: unknown): OrderState | null {
  const state = (payload as { order?: unknown } | null)?.order;
  return state && typeof state === "object" && "orderId" in state ? (state as OrderState) : null;
}

/** An order from its state and its lines, the ticket's station parts counted from them. */
export function orderFrom(state: OrderState, items: OrderItem[]): Order {
  const ticket = state.kitchenOrder;
  return { ...state, items, kitchenOrder: ticket ? { ...ticket, stations: stationParts(items, ticket) } : null };
}

/** `lines` with each of `changed` replacing the line of the same id, or added after them. */
function withLines(lines: OrderItem[], changed: OrderItem[]): OrderItem[] {
  const byId = new Map(changed.map((line) => [line.itemId, line]));
  const next = lines.map((line) => byId.get(line.itemId) ?? line);
  const known = new Set(lines.map((line) => line.itemId));
  return [...next, ...changed.filter((line) => !known.has(line.itemId))];
}

const isLive = (line: OrderItem) => line.status !== "cancelled";

// The lines a ticket's move changes (src/kitchen/ticket_workflow.cpp); the
// times are the ticket's, which the move set at the same instant.

/** Start: a waiting ticket's fired lines start. When a line started first, the ticket only followed it. */
function started(lines: OrderItem[], ticket: KitchenOrderState): OrderItem[] {
  if (lines.some((line) => isLive(line) && line.status !== "pending")) return lines;
  return lines.map((line) =>
    line.status === "pending" && !line.held ? { ...line, status: "preparing", startedAt: line.startedAt ?? ticket.startedAt } : line,
  );
}

/** Ready: every fired line not ready yet is ready (held courses stay held). */
function madeReady(lines: OrderItem[], ticket: KitchenOrderState): OrderItem[] {
  return lines.map((line) =>
    (line.status === "pending" || line.status === "preparing") && !line.held
      ? { ...line, status: "ready", readyAt: line.readyAt ?? ticket.readyAt }
      : line,
  );
}

/** Bump (complete): the ready lines are served. */
function served(lines: OrderItem[], ticket: KitchenOrderState): OrderItem[] {
  return lines.map((line) => (line.status === "ready" ? { ...line, status: "served", servedAt: ticket.completedAt } : line));
}

/** Recall: the served lines are ready again. */
function recalled(lines: OrderItem[]): OrderItem[] {
  return lines.map((line) => (line.status === "served" ? { ...line, status: "ready", servedAt: null } : line));
}

/** Cancelled: every line not served is cancelled. */
function cancelled(lines: OrderItem[]): OrderItem[] {
  return lines.map((line) => (line.status === "served" ? line : { ...line, status: "cancelled" }));
}

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Whether the lines held are all the order has: their totals make the order's.
 * A waiter's phone does not hear order:items_added (the waiters room does not
 * get it), so lines another phone added show up here first. A cancelled
 * order keeps its last total.
 */
export function linesAddUp(order: Order): boolean {
  if (order.status === "cancelled") return true;
  const sum = order.items.filter(isLive).reduce((total, line) => total + cents(line.lineTotal), 0);
  return sum === cents(order.totalAmount);
}

/**
 * Whether `state` is visibly older than the order held: a cancellation
 * request or a ticket never goes away once made. Such an event arrived after
 * a newer answer (a command's, or a read's) and changes nothing.
 */
function olderThan(state: OrderState, held: Order): boolean {
  return (held.cancelRequest !== null && state.cancelRequest === null) || (held.kitchenOrder !== null && state.kitchenOrder === null);
}

/** The lines of `current` after `event`, or null when the payload does not say. */
function linesAfter(event: OrderEventName, payload: Record<string, unknown>, state: OrderState, current: OrderItem[]): OrderItem[] | null {
  const ticket = state.kitchenOrder;
  switch (event) {
    case "order:confirmed": {
      // Every line; an event kept in the log before they were (an older server) has none.
      const items = payload.items as OrderItem[] | undefined;
      return items && items.length > 0 ? items : null;
    }
    case "order:items_added":
    case "order:course_fired":
      return Array.isArray(payload.items) ? withLines(current, payload.items as OrderItem[]) : null;
    case "order:item_status_changed":
    case "kitchen:item_station_changed":
      return payload.item ? withLines(current, [payload.item as OrderItem]) : null;
    case "kitchen:order_preparing":
    case "kitchen:preparing":
      return ticket ? started(current, ticket) : null;
    case "kitchen:order_ready":
    case "kitchen:ready":
      return ticket ? madeReady(current, ticket) : null;
    case "kitchen:order_completed":
      return ticket ? served(current, ticket) : null;
    case "kitchen:order_recalled":
      return recalled(current);
    case "order:cancelled":
      return cancelled(current);
    default:
      return current;
  }
}

/** The order a screen holds (undefined: none) after one event about it. */
export function applyOrderEvent(current: Order | undefined, event: OrderEventName, payload: unknown): Applied {
  const fields = (payload ?? {}) as Record<string, unknown>;
  if (event === "order:new") return unchanged; // order:created says the same, and more
  if (event === "order:created") {
    if (current) return unchanged;
    if (typeof fields.createdAt !== "string") return read;
    // A new order: what order:created carries, and nothing yet of what comes later.
    const later = { confirmedAt: null, preparingAt: null, readyAt: null, servedAt: null, completedAt: null, cancelledAt: null };
    return { kind: "order", order: { ...(payload as OrderCreatedPayload), ...later, kitchenOrder: null, cancelRequest: null } };
  }
  const state = stateOf(payload);
  if (!state) return read;
  if (current && olderThan(state, current)) return unchanged;
  // Only order:confirmed carries every line: the only event that makes an unknown order whole.
  if (!current && event !== "order:confirmed") return read;
  const items = linesAfter(event, fields, state, current?.items ?? []);
  if (!items) return read;
  const order = orderFrom(state, items);
  return linesAddUp(order) ? { kind: "order", order } : read;
}

// Order helpers shared by the apps: which orders are still on the floor, and
// keeping a list of orders up to date from REST answers.

import type { Order } from "@brigade/client";

/** Orders the floor still cares about: not closed, and cancelled ones for a little while. */
export function isOnTheFloor(order: Order, now = Date.now()): boolean {
  if (order.status === "completed") return false;
  if (order.status === "cancelled") return order.cancelledAt !== null && now - Date.parse(order.cancelledAt) < 30 * 60_000;
  return true;
}

/** `orders` with `order` replacing the one of the same id (or added). */
export function upsert(orders: Map<number, Order>, order: Order): Map<number, Order> {
  const next = new Map(orders);
  next.set(order.orderId, order);
  return next;
}

export function byId(orders: Order[]): Map<number, Order> {
  return new Map(orders.map((o) => [o.orderId, o]));
}

/** The order id an event payload is about, if any. */
export function orderIdOf(payload: unknown): number | null {
  const id = (payload as { orderId?: unknown } | null)?.orderId;
  return typeof id === "number" ? id : null;
}

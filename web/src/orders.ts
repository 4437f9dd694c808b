// Order helpers shared by the apps: which orders are still on the floor.

import type { Order } from "@brigade/client";

/** Orders the floor still cares about: not closed, and cancelled ones for a little while. */
export function isOnTheFloor(order: Order, now = Date.now()): boolean {
  if (order.status === "completed") return false;
  if (order.status === "cancelled") return order.cancelledAt !== null && now - Date.parse(order.cancelledAt) < 30 * 60_000;
  return true;
}

// The table display's orders as its table room keeps them (order-book.ts):
// which events feed them, which orders it shows (the table's open ones), and
// in what order. Pure.

import type { Order } from "@brigade/client";

import type { OrderEventName } from "../order-events";

/** The table room's events about orders, each applied from its payload (not the short copies). */
export const tableRoomEvents = [
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:items_added",
  "order:item_status_changed",
  "order:cancelled",
  "kitchen:order_preparing",
  "kitchen:order_ready",
  "kitchen:order_completed",
  "kitchen:order_recalled",
] as const satisfies readonly OrderEventName[];

const openStatuses = new Set(["pending", "confirmed", "preparing", "ready", "served"]);

/** The display shows its table's orders until they are closed or cancelled. */
export const onTheTable = (tableId: number) => (order: Order): boolean => order.tableId === tableId && openStatuses.has(order.status);

/** Oldest first. */
export function tableOrders(orders: ReadonlyMap<number, Order>): Order[] {
  return [...orders.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

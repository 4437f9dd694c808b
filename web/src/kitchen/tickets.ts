// Ordering, filtering and summing the kitchen's open tickets.

import type { KitchenPriority, Order } from "@brigade/client";
import { isToCook, partFor } from "./lines";

const priorityRank: Record<KitchenPriority, number> = { vip: 0, express: 1, normal: 2 };

const createdAt = (order: Order) => Date.parse(order.kitchenOrder!.createdAt);

/** VIP first, then express, then normal; oldest first within each. */
export function sortTickets(orders: Order[]): Order[] {
  return [...orders].sort((a, b) => priorityRank[a.kitchenOrder!.priority] - priorityRank[b.kitchenOrder!.priority] || createdAt(a) - createdAt(b));
}

/** Oldest first, whatever the priority: the expo's order. */
export function oldestFirst(orders: Order[]): Order[] {
  return [...orders].sort((a, b) => createdAt(a) - createdAt(b));
}

/** Orders whose ticket is still open (the kitchen's board). */
export function openTickets(orders: Order[]): Order[] {
  return orders.filter((o) => o.kitchenOrder && o.kitchenOrder.status !== "completed" && o.kitchenOrder.status !== "cancelled");
}

/**
 * A station's board: the tickets with lines for it, each with only those
 * lines (what GET /api/kitchen/orders?stationId= answers), from the whole
 * board the kitchen room keeps.
 */
export function forStation(orders: Order[], stationId: number): Order[] {
  return orders
    .map((order) => ({ ...order, items: order.items.filter((item) => item.stationId === stationId) }))
    .filter((order) => order.items.some((item) => item.status !== "cancelled"));
}

/**
 * Whether a station still shows a ticket: not once its part is done with
 * nothing held to come, unless the cook recalled it.
 */
export function stillOnStation(order: Order, stationId: number, recalled: number | null): boolean {
  const part = partFor(order, stationId);
  if (order.kitchenOrder!.kitchenOrderId === recalled) return true;
  return part !== undefined && !(part.status === "ready" && part.heldItems === 0);
}

/** "All day": how many of each dish the tickets still need to cook (held courses not yet), most first. */
export function allDay(orders: Order[]): { name: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const order of orders) {
    for (const item of order.items) if (isToCook(item)) counts.set(item.name, (counts.get(item.name) ?? 0) + item.quantity);
  }
  return [...counts.entries()].map(([name, quantity]) => ({ name, quantity })).sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}

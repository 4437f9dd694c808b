// Ordering and summing the kitchen's open tickets.

import type { KitchenPriority, Order } from "@brigade/client";

const priorityRank: Record<KitchenPriority, number> = { vip: 0, express: 1, normal: 2 };

/** VIP first, then express, then normal; oldest first within each. */
export function sortTickets(orders: Order[]): Order[] {
  return [...orders].sort((a, b) => {
    const ta = a.kitchenOrder!;
    const tb = b.kitchenOrder!;
    return priorityRank[ta.priority] - priorityRank[tb.priority] || Date.parse(ta.createdAt) - Date.parse(tb.createdAt);
  });
}

/** Orders whose ticket is still open (the kitchen's board). */
export function openTickets(orders: Order[]): Order[] {
  return orders.filter((o) => o.kitchenOrder && o.kitchenOrder.status !== "completed" && o.kitchenOrder.status !== "cancelled");
}

/** "All day": how many of each dish the open tickets still need, most first. */
export function allDay(orders: Order[]): { name: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const order of orders) {
    for (const item of order.items) {
      if (item.status === "served" || item.status === "cancelled" || item.status === "ready") continue;
      counts.set(item.name, (counts.get(item.name) ?? 0) + item.quantity);
    }
  }
  return [...counts.entries()].map(([name, quantity]) => ({ name, quantity })).sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}

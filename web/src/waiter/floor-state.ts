// The waiter's orders as the waiters room keeps them (order-book.ts; the phone
// holds the orders on the floor, orders.ts): which events feed them.
// The waiters room does not get order:items_added nor order:cancel_request:
// the phone's own come with their answers, another phone's with the next
// event about the order (order-events.ts reads the order when its lines no
// longer add up to its total). Pure.

import type { OrderEventName } from "../order-events";

/** The waiters room's events about orders, each applied from its payload. */
export const waitersRoomEvents = [
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:item_status_changed",
  "order:course_fired",
  "order:cancelled",
  "kitchen:order_acknowledged",
  "kitchen:order_preparing",
  "kitchen:order_ready",
  "kitchen:order_completed",
  "kitchen:order_recalled",
  "kitchen:cancel_accepted",
  "kitchen:cancel_rejected",
] as const satisfies readonly OrderEventName[];

// The kitchen's board as the kitchen room keeps it (order-book.ts): which
// events feed it, which orders it holds (those with an open ticket), and the
// tickets a screen shows. Pure.

import type { Order } from "@brigade/client";

import type { OrderEventName } from "../order-events";
import { forStation, openTickets } from "./tickets";

/** The kitchen room's events about orders, each applied to the board from its payload. */
export const kitchenRoomEvents = [
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:items_added",
  "order:item_status_changed",
  "order:course_fired",
  "order:cancel_request",
  "order:cancelled",
  "kitchen:order_acknowledged",
  "kitchen:order_preparing",
  "kitchen:order_ready",
  "kitchen:order_completed",
  "kitchen:cancel_accepted",
  "kitchen:cancel_rejected",
  "kitchen:priority_changed",
  "kitchen:station_assigned",
  "kitchen:item_station_changed",
  "kitchen:order_recalled",
] as const satisfies readonly OrderEventName[];

/** The board holds the orders whose ticket is open; a bumped or cancelled ticket leaves it. */
export const onTheBoard = (order: Order): boolean => openTickets([order]).length > 0;

/** The board's tickets, each whole; a station's screen: the tickets with lines for it, with only those. */
export function boardOf(orders: ReadonlyMap<number, Order>, stationId: number | null = null): Order[] {
  const all = [...orders.values()];
  return stationId === null ? all : forStation(all, stationId);
}

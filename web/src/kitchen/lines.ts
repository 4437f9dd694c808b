// An order's lines and station parts as the kitchen works them: which lines
// are held, which are live, and since when. A held line waits either for the
// waiter to fire its course, or (fire by prep time) for its turn within a
// course already fired. Held lines are shown but not counted: not in timers,
// not in "all day".

import type { Order, OrderItem, StationPart } from "@brigade/client";

/** A line the kitchen still has to cook or hand over: not cancelled, not held. */
export function isLive(item: OrderItem): boolean {
  return item.status !== "cancelled" && !item.held;
}

/** Held until the waiter fires its course. */
export function waitsForFire(item: OrderItem): boolean {
  return item.held && item.releaseAt === null && item.status !== "cancelled";
}

/** Its course was fired; it goes on the screens at `releaseAt`, so the course finishes together. */
export function waitsForTurn(item: OrderItem): boolean {
  return item.held && item.releaseAt !== null && item.status !== "cancelled";
}

/**
 * Minutes until `releaseAt`, to the nearest (at least 1 until due; 0 once
 * due: the server's timer sends it within seconds). Nearest, not rounded up:
 * the screen's clock ticks once a second, so a line released 7 minutes from
 * now may be drawn with a `now` up to a second old.
 */
export function minutesUntil(releaseAt: string, now: number): number {
  const ms = Date.parse(releaseAt) - now;
  return ms <= 0 ? 0 : Math.max(1, Math.round(ms / 60_000));
}

/** "starts in 7 min", "starting" once due. */
export function startsIn(releaseAt: string, now: number): string {
  const minutes = minutesUntil(releaseAt, now);
  return minutes > 0 ? `starts in ${minutes} min` : "starting";
}

/** A live line not yet ready. */
export function isToCook(item: OrderItem): boolean {
  return isLive(item) && (item.status === "pending" || item.status === "preparing");
}

/** The order's lines for one station (every line for null: the whole kitchen). */
export function linesFor(order: Order, stationId: number | null): OrderItem[] {
  return stationId === null ? order.items : order.items.filter((item) => item.stationId === stationId);
}

/** The ticket's part for a station, or undefined when none of its lines go there. */
export function partFor(order: Order, stationId: number): StationPart | undefined {
  return order.kitchenOrder?.stations.find((part) => part.stationId === stationId);
}

function earliest(instants: (string | null)[]): string | null {
  let first: string | null = null;
  for (const at of instants) if (at !== null && (first === null || Date.parse(at) < Date.parse(first))) first = at;
  return first;
}

/**
 * Since when these lines have been the kitchen's work: the earliest fire of
 * the lines still to cook, or of every live line once all are ready; null
 * while every line is held (no timer runs for held food).
 */
export function workingSince(items: OrderItem[]): string | null {
  const toCook = items.filter(isToCook);
  return earliest((toCook.length > 0 ? toCook : items.filter(isLive)).map((item) => item.firedAt));
}

/** When the first of these lines waiting for its turn goes on the screens; null when none waits. */
export function nextTurn(items: OrderItem[]): string | null {
  return earliest(items.filter(waitsForTurn).map((item) => item.releaseAt));
}

/** The courses of an order with lines that pass `test`, lowest first, each with those lines. */
export function coursesWith(order: Order, test: (item: OrderItem) => boolean): { course: number; items: OrderItem[] }[] {
  const byCourse = new Map<number, OrderItem[]>();
  for (const item of order.items) {
    if (!test(item)) continue;
    byCourse.set(item.course, [...(byCourse.get(item.course) ?? []), item]);
  }
  return [...byCourse.entries()].sort(([a], [b]) => a - b).map(([course, items]) => ({ course, items }));
}

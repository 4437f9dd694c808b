// The orders one screen holds, kept from the events of its rooms (pure
// functions; use-order-book.ts runs them). Each event is applied to the order
// it names (order-events.ts); the screen reads an order over REST only when an
// event does not say enough. While the screen loads its orders (at start, and
// after a reconnection that could not recover its session) and while it reads
// one order (a fallback read, or a command whose answer is the order), the
// events about them wait, and are applied in order on what was loaded or read:
// an event that an answer already has changes nothing, a later one moves it on,
// so no older answer outlives a newer event.

import type { Order } from "@brigade/client";

import { applyOrderEvent, orderFrom, orderIdOf, stateOf, type OrderEventName } from "./order-events";

/** One event as a room sent it. */
export interface Heard {
  event: OrderEventName;
  payload: unknown;
}

export interface OrderBook {
  orders: ReadonlyMap<number, Order>;
  /** Loading: the events heard meanwhile, in order. */
  waiting: readonly Heard[] | null;
  /** Orders being read (or answered by a command), with the events heard about each meanwhile. */
  reading: ReadonlyMap<number, readonly Heard[]>;
}

/** Which orders a screen shows: the kitchen its open tickets, a table its open orders, … */
export type Keeps = (order: Order) => boolean;

/** A book after a change, and the orders to read over REST because of it. */
export interface Step {
  book: OrderBook;
  reads: number[];
}

/** A screen that has not loaded yet: events wait for the load. */
export const loadingBook = (): OrderBook => ({ orders: new Map(), waiting: [], reading: new Map() });

function withOrder(orders: ReadonlyMap<number, Order>, order: Order, keeps: Keeps): Map<number, Order> {
  const next = new Map(orders);
  if (keeps(order)) next.set(order.orderId, order);
  else next.delete(order.orderId);
  return next;
}

/** Applies the events in turn, collecting the reads they ask for. */
function hearAll(book: OrderBook, events: readonly Heard[], keeps: Keeps): Step {
  const reads: number[] = [];
  for (const heard of events) {
    const step = hear(book, heard, keeps);
    book = step.book;
    reads.push(...step.reads);
  }
  return { book, reads };
}

/** One event of the screen's rooms. */
export function hear(book: OrderBook, heard: Heard, keeps: Keeps): Step {
  if (book.waiting) return { book: { ...book, waiting: [...book.waiting, heard] }, reads: [] };
  const id = orderIdOf(heard.payload);
  if (id === null) return { book, reads: [] };
  const queued = book.reading.get(id);
  if (queued) return { book: { ...book, reading: new Map(book.reading).set(id, [...queued, heard]) }, reads: [] };
  const current = book.orders.get(id);
  const applied = applyOrderEvent(current, heard.event, heard.payload);
  if (applied.kind === "order") return { book: { ...book, orders: withOrder(book.orders, applied.order, keeps) }, reads: [] };
  if (applied.kind === "unchanged") return { book, reads: [] };
  // An order the screen does not show and would not show as it is now: nothing to read.
  const state = stateOf(heard.payload);
  if (!current && state && !keeps(orderFrom(state, []))) return { book, reads: [] };
  return { book: { ...book, reading: new Map(book.reading).set(id, []) }, reads: [id] };
}

/** Starts (re)loading every order: events wait, and answers to earlier reads are ignored. */
export function beginLoad(book: OrderBook): OrderBook {
  return { ...book, waiting: book.waiting ?? [], reading: new Map() };
}

/** The orders loaded (a room's snapshot, or a REST list); then the events heard meanwhile. */
export function loaded(book: OrderBook, orders: Order[], keeps: Keeps): Step {
  const waiting = book.waiting ?? [];
  const fresh: OrderBook = { orders: new Map(orders.filter(keeps).map((o) => [o.orderId, o])), waiting: null, reading: new Map() };
  return hearAll(fresh, waiting, keeps);
}

/** The load failed: the orders held stay, and the events heard meanwhile are applied on them. */
export function loadFailed(book: OrderBook, keeps: Keeps): Step {
  return loaded(book, [...book.orders.values()], keeps);
}

/** A read (or a command about `orderId`) is on its way: events about the order wait for its answer. */
export function beginRead(book: OrderBook, orderId: number): OrderBook {
  if (book.waiting || book.reading.has(orderId)) return book;
  return { ...book, reading: new Map(book.reading).set(orderId, []) };
}

function endRead(book: OrderBook, orderId: number): { book: OrderBook; queued: readonly Heard[] } | null {
  const queued = book.reading.get(orderId);
  if (!queued) return null; // a load began since: the load has it
  const reading = new Map(book.reading);
  reading.delete(orderId);
  return { book: { ...book, reading }, queued };
}

/** The order as a read or a command answered it; then the events heard about it meanwhile. */
export function answered(book: OrderBook, order: Order, keeps: Keeps): Step {
  const ended = endRead(book, order.orderId);
  if (!ended) return { book, reads: [] };
  return hearAll({ ...ended.book, orders: withOrder(ended.book.orders, order, keeps) }, ended.queued, keeps);
}

/**
 * A read or a command failed. A command changed nothing: the events heard
 * meanwhile are applied. An order that is gone (404) is let go with them.
 */
export function unanswered(book: OrderBook, orderId: number, gone: boolean, keeps: Keeps): Step {
  const ended = endRead(book, orderId);
  if (!ended) return { book, reads: [] };
  if (!gone) return hearAll(ended.book, ended.queued, keeps);
  const orders = new Map(ended.book.orders);
  orders.delete(orderId);
  return { book: { ...ended.book, orders }, reads: [] };
}

/** A new order as its creation answered it, unless its events already brought it. */
export function created(book: OrderBook, order: Order, keeps: Keeps): OrderBook {
  if (book.waiting || book.orders.has(order.orderId)) return book;
  return { ...book, orders: withOrder(book.orders, order, keeps) };
}

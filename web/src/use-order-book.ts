// Runs a screen's order book (order-book.ts) for React: events in, the orders
// it shows out, and the REST reads the book asks for (GET /api/orders/{id})
// made and answered. One book per screen, for as long as the screen is open.

import type { Order } from "@brigade/client";
import { useEffect, useMemo, useRef, useState } from "react";

import { ApiError, type Api } from "./api";
import {
  answered,
  beginLoad,
  beginRead,
  created,
  hear,
  loaded,
  loadFailed,
  loadingBook,
  unanswered,
  type Keeps,
  type OrderBook,
  type Step,
} from "./order-book";
import type { OrderEventName } from "./order-events";

class OrderBookRunner {
  private book: OrderBook = loadingBook();
  private stopped = false;

  constructor(
    private readonly api: Api,
    private readonly keeps: () => Keeps,
    private readonly show: (orders: ReadonlyMap<number, Order>, loaded: boolean) => void,
    private readonly onError: () => (error: unknown) => void,
  ) {}

  /** An event of the screen's rooms. */
  hear = (event: OrderEventName, payload: unknown) => this.step(hear(this.book, { event, payload }, this.keeps()));

  /** The screen starts (re)loading its orders: events wait for `load`. */
  beginLoad = () => this.set(beginLoad(this.book));

  /** The orders loaded; the events heard meanwhile are applied on them. */
  load = (orders: Order[]) => this.step(loaded(this.book, orders, this.keeps()));

  /** The load failed: the screen keeps what it showed, and the events heard meanwhile. */
  loadFailed = () => this.step(loadFailed(this.book, this.keeps()));

  /**
   * A command about an order whose answer is the order after it: the answer
   * is shown, then the events heard about the order meanwhile. Rejects as
   * `work` does.
   */
  command = async (orderId: number, work: () => Promise<Order>): Promise<Order> => {
    this.set(beginRead(this.book, orderId));
    try {
      const order = await work();
      this.step(answered(this.book, order, this.keeps()));
      return order;
    } catch (error) {
      this.step(unanswered(this.book, orderId, false, this.keeps()));
      throw error;
    }
  };

  /** A new order, as its creation answered it. */
  created = (order: Order) => this.set(created(this.book, order, this.keeps()));

  /** While the screen is unmounted, answers still on their way change nothing. */
  setMounted(mounted: boolean) {
    this.stopped = !mounted;
  }

  private set(book: OrderBook) {
    if (this.stopped || book === this.book) return;
    const changed = book.orders !== this.book.orders || (book.waiting === null) !== (this.book.waiting === null);
    this.book = book;
    if (changed) this.show(book.orders, book.waiting === null);
  }

  private step({ book, reads }: Step) {
    this.set(book);
    for (const orderId of reads) void this.read(orderId);
  }

  private async read(orderId: number) {
    try {
      const order = await this.api.get<Order>(`/api/orders/${orderId}`);
      this.step(answered(this.book, order, this.keeps()));
    } catch (error) {
      const gone = error instanceof ApiError && error.status === 404;
      if (!gone) this.onError()(error);
      this.step(unanswered(this.book, orderId, gone, this.keeps()));
    }
  }
}

export type OrderBookControls = Pick<OrderBookRunner, "hear" | "beginLoad" | "load" | "loadFailed" | "command" | "created">;

/**
 * The orders a screen shows (those `keeps` keeps), kept from its events; whether they are loaded
 * (not loading); and what feeds them.
 */
export function useOrderBook(api: Api, keeps: Keeps, onError: (error: unknown) => void) {
  const [shown, setShown] = useState<{ orders: ReadonlyMap<number, Order>; loaded: boolean }>({ orders: new Map(), loaded: false });
  const keepsRef = useRef(keeps);
  keepsRef.current = keeps;
  const errorRef = useRef(onError);
  errorRef.current = onError;
  const runner = useMemo(
    () => new OrderBookRunner(api, () => keepsRef.current, (orders, loaded) => setShown({ orders, loaded }), () => errorRef.current),
    [api],
  );
  useEffect(() => {
    runner.setMounted(true);
    return () => runner.setMounted(false);
  }, [runner]);
  return { orders: shown.orders, loaded: shown.loaded, book: runner as OrderBookControls };
}

// The staff apps' REST reads while they run (docs/apps.md, "Connection and
// reconnection"): each screen applies the events of its rooms from their
// payloads (web/src/order-events.ts) and reads an order over REST,
// GET /api/orders/{orderId}, only when an event does not say enough:
//   kitchen display  web/src/kitchen/board-state.ts   an order it has not seen, with an open ticket (a recalled one)
//   table display    web/src/table/table-state.ts     an order of its table it has not seen
//   waiter phone     web/src/waiter/floor-state.ts    also an order whose lines no longer add up to its total:
//                                                     the waiters room does not get order:items_added, so
//                                                     another phone's added dishes show up that way
// Every screen joins before the scenario's first order, and every order is
// created in its rooms' sight, so only the waiter's reads happen here: one per
// phone on its first event about an order after dishes were added to it
// (its own answer does not count: the benchmark's commands come from no phone).
// The sources are checked for the functions this model follows: when an app
// changes how it reads, this module says so.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/src");

/** Fails when web/src/`file` no longer has `marker`: the read pattern below is no longer the app's. */
function follows(file, marker) {
  if (!readFileSync(path.join(web, file), "utf8").includes(marker)) {
    throw new Error(`web/src/${file} has no ${marker} any more: update bench/load/service-app-reads.mjs to the apps' read pattern`);
  }
}

follows("order-events.ts", "export function linesAddUp(");
follows("order-book.ts", "return { book: { ...book, reading: new Map(book.reading).set(id, []) }, reads: [id] };");
follows("use-order-book.ts", "this.api.get<Order>(`/api/orders/${orderId}`)");
for (const file of ["kitchen/use-kitchen-board.ts", "waiter/waiter-app.tsx", "table/table-display.tsx"]) follows(file, "useOrderBook(");

const TOTAL = Buffer.from('"totalAmount":');
/** The events that carry the lines they change: a screen's lines still add up after them. */
const CARRY_LINES = new Set(["order:created", "order:confirmed", "order:items_added", "order:item_status_changed", "order:course_fired"]);

/** The first "totalAmount" of a frame, as text (the order's, in `order` or, for order:created, the payload's own). */
function totalOf(data, from) {
  const at = data.indexOf(TOTAL, from);
  if (at === -1) return null;
  const start = at + TOTAL.length;
  let end = start;
  while (end < data.length && data[end] !== 0x2c /* , */ && data[end] !== 0x7d /* } */) end++;
  return data.toString("latin1", start, end);
}

/**
 * Per app, the order a screen reads on an event (`data` the frame, `from` where the payload
 * starts), or null. A screen's state for the model lives in `screen.appState`.
 */
export const appReads = {
  kitchen: { readOn: () => null },
  table: { readOn: () => null },
  waiter: {
    readOn(screen, event, orderId, data, from) {
      const totals = (screen.appState ??= new Map());
      const total = totalOf(data, from);
      if (total === null) return null;
      const before = totals.get(orderId);
      totals.set(orderId, total);
      if (CARRY_LINES.has(event) || before === undefined || before === total) return null;
      return `/api/orders/${orderId}`;
    },
  },
};

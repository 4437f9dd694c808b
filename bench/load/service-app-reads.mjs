// The staff apps' read pattern: today every screen answers the events of its
// room with a REST read, so it never shows a guess (docs/apps.md). The event
// lists are read from the apps' own sources, so the count follows them:
//   kitchen display  web/src/kitchen/use-kitchen-board.ts  boardEvents → GET /api/kitchen/orders, coalesced over 50 ms
//   waiter phone     web/src/waiter/waiter-app.tsx         orderEvents, and kitchen:order_ready (its onReady) → GET /api/orders/{orderId}, one each
//   table display    web/src/table/table-display.tsx       tableEvents → GET /api/orders?tableId=…&limit=50, coalesced over 50 ms
// When an app stops reading on every event, a list disappears and this module
// says so: change it to the app's new pattern.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/src");

export const coalesceMs = 50;

/** The string literals of `const NAME = [ … ]` in one of the apps' sources. */
function eventList(file, name) {
  const source = readFileSync(path.join(web, file), "utf8");
  const list = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(source);
  if (!list) throw new Error(`web/src/${file} has no ${name} list any more: update bench/load/service-app-reads.mjs to the app's read pattern`);
  return new Set([...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
}

export const appReads = {
  kitchen: {
    coalesced: true,
    path: () => "/api/kitchen/orders",
    events: eventList("kitchen/use-kitchen-board.ts", "boardEvents"),
  },
  waiter: {
    coalesced: false,
    path: ({ orderId }) => `/api/orders/${orderId}`,
    events: new Set([...eventList("waiter/waiter-app.tsx", "orderEvents"), "kitchen:order_ready"]),
  },
  table: {
    coalesced: true,
    path: ({ tableId }) => `/api/orders?tableId=${tableId}&limit=50`,
    events: eventList("table/table-display.tsx", "tableEvents"),
  },
};

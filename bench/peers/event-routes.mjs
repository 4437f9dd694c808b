// The routing table of docs/events.md, read from its generated section: which
// Socket.IO events each domain event sends, to which rooms, with which payload
// keys. The Express peer routes its events by it and the `service` benchmark
// expects deliveries by it, so both follow Brigade's documented contract (which
// a unit test keeps equal to src/realtime/event_routes.cpp).

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const eventsDoc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/events.md");

const BEGIN = "<!-- BEGIN GENERATED: realtime event routes -->";
const END = "<!-- END GENERATED: realtime event routes -->";

/** The names in one table cell: "`kitchen`, `table:{tableId}`" → ["kitchen", "table:{tableId}"]. */
const names = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/**
 * [{event, trigger, rooms, keys, throttled}] in table order, e.g.
 * {event: "order:new", trigger: "order.created", rooms: ["kitchen"], keys: ["orderId", …], throttled: false}.
 */
export function readEventRoutes(file = eventsDoc) {
  const text = readFileSync(file, "utf8");
  const section = text.slice(text.indexOf(BEGIN), text.indexOf(END));
  if (!section.startsWith(BEGIN)) throw new Error(`${file}: no generated routing table`);
  const routes = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("| `")) continue;
    const [event, trigger, rooms, keys, delivery] = line.split("|").slice(1, -1);
    routes.push({
      event: names(event)[0],
      trigger: names(trigger)[0],
      rooms: names(rooms),
      keys: names(keys),
      throttled: delivery.trim() === "throttled",
    });
  }
  if (routes.length === 0) throw new Error(`${file}: the routing table has no rows`);
  return routes;
}

/** A room template for one order: "table:{tableId}" → "table:4". */
export function roomFor(template, { orderId, tableId }) {
  return template.replace("{tableId}", String(tableId)).replace("{orderId}", String(orderId));
}

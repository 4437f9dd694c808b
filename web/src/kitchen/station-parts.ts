// Each station's share of a ticket ("grill done · fry 2 min"), counted from
// the order's lines as the server counts them (src/kitchen/station_parts.cpp):
// the events carry the lines that changed and the ticket without its parts,
// so a screen that applies them counts the parts itself.

import type { KitchenOrderState, OrderItem, StationPart } from "@brigade/client";

type TicketStation = Pick<KitchenOrderState, "stationId" | "stationName">;

/** The station that cooks a line: its own, else the ticket's (null: none). */
export function lineStation(line: OrderItem, ticket: TicketStation): number | null {
  return line.stationId ?? ticket.stationId;
}

const isDone = (line: OrderItem) => line.status === "ready" || line.status === "served";

function earliest(first: string | null, at: string | null): string | null {
  return at !== null && (first === null || Date.parse(at) < Date.parse(first)) ? at : first;
}

function latest(last: string | null, at: string | null): string | null {
  return at !== null && (last === null || Date.parse(at) > Date.parse(last)) ? at : last;
}

/** The parts of the lines not cancelled, by station id (the lines without a station first). */
export function stationParts(items: OrderItem[], ticket: TicketStation): StationPart[] {
  const parts = new Map<number, { part: StationPart; started: boolean }>();
  for (const line of items) {
    if (line.status === "cancelled") continue;
    const where = lineStation(line, ticket);
    let entry = parts.get(where ?? 0);
    if (!entry) {
      const part: StationPart = {
        stationId: where,
        stationName: null,
        status: "pending",
        items: 0,
        readyItems: 0,
        heldItems: 0,
        startedAt: null,
        readyAt: null,
        nextReleaseAt: null,
      };
      parts.set(where ?? 0, (entry = { part, started: false }));
    }
    const { part } = entry;
    if (!part.stationName) part.stationName = line.stationId !== null ? line.stationName : ticket.stationName;
    part.items++;
    if (line.held) {
      part.heldItems++;
      part.nextReleaseAt = earliest(part.nextReleaseAt, line.releaseAt);
    }
    if (isDone(line)) part.readyItems++;
    if (line.status !== "pending") entry.started = true;
    part.startedAt = earliest(part.startedAt, line.startedAt ?? (isDone(line) ? line.readyAt : null));
    if (!line.held) part.readyAt = latest(part.readyAt, line.readyAt);
  }
  return [...parts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, { part, started }]) => {
      const fired = part.items - part.heldItems;
      const status = fired === 0 ? "held" : part.readyItems === fired ? "ready" : started ? "preparing" : "pending";
      return { ...part, status, readyAt: status === "ready" ? part.readyAt : null };
    });
}

// Where the other stations are with a ticket: "grill done · fry 2 min", the
// minutes since that part started (kitchenOrder.stations).

import type { StationPart } from "@brigade/client";
import { wholeMinutes } from "./timing";

export function stationLabel(part: Pick<StationPart, "stationName">): string {
  return part.stationName ?? "no station";
}

/** "done", "held", "2 min" (cooking since), "waiting". */
export function partState(part: StationPart, now: number): string {
  switch (part.status) {
    case "ready":
      return part.heldItems > 0 ? `done, ${part.heldItems} held` : "done";
    case "held":
      return "held";
    case "preparing":
      return part.startedAt ? `${wholeMinutes(part.startedAt, now)} min` : "cooking";
    case "pending":
      return "waiting";
  }
}

export function StationProgress({ parts, except, now }: { parts: StationPart[]; except: number | null; now: number }) {
  const others = parts.filter((part) => except === null || part.stationId !== except);
  if (others.length === 0) return null;
  return (
    <p className="station-progress" data-testid="station-progress">
      {others.map((part, i) => (
        <span key={part.stationId ?? 0} data-station={stationLabel(part)} data-status={part.status} className={`part-${part.status}`}>
          {i > 0 && " · "}
          {stationLabel(part)} {partState(part, now)}
        </span>
      ))}
    </p>
  );
}

// Where the other stations are with a ticket: "grill done · fry 2 min", the
// minutes since that part started (kitchenOrder.stations); a part whose lines
// wait for their turn (fire by prep time) says when the next one starts:
// "fry starts 20:14".

import type { StationPart } from "@brigade/client";
import { hourMinute } from "../components";
import { wholeMinutes } from "./timing";

export function stationLabel(part: Pick<StationPart, "stationName">): string {
  return part.stationName ?? "no station";
}

/** "done", "held", "starts 20:14", "2 min" (cooking since), "waiting"; "…, next 20:14" when more of it waits for its turn. */
export function partState(part: StationPart, now: number): string {
  const next = part.nextReleaseAt === null ? null : hourMinute(part.nextReleaseAt);
  const later = next === null ? "" : `, next ${next}`;
  switch (part.status) {
    case "ready":
      return next !== null ? `done${later}` : part.heldItems > 0 ? `done, ${part.heldItems} held` : "done";
    case "held":
      return next !== null ? `starts ${next}` : "held";
    case "preparing":
      return `${part.startedAt ? `${wholeMinutes(part.startedAt, now)} min` : "cooking"}${later}`;
    case "pending":
      return `waiting${later}`;
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

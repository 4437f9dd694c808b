// One line of a kitchen ticket: the dish, its choices, note, seat, course and
// allergens. A held line is greyed: "held" while its course waits for the
// waiter's fire, "starts in 7 min" while it waits for its turn in a fired
// course (fire by prep time). On a station's screen a live line has its own
// Start and Ready, and a line waiting for its turn a Start that begins it
// early.

import type { OrderItem } from "@brigade/client";
import { AllergenBadges, courseLabel } from "../menu-details";
import { startsIn, waitsForTurn } from "./lines";

export type LineStep = "preparing" | "ready";

/** The line's next step on a station's screen, if any: a line waiting for the waiter's fire has none. */
function nextStep(item: OrderItem): LineStep | null {
  if (waitsForTurn(item)) return "preparing";
  if (item.held) return null;
  return item.status === "pending" ? "preparing" : item.status === "preparing" ? "ready" : null;
}

export function TicketLine({ item, now, showStation, onStep }: { item: OrderItem; now: number; showStation: boolean; onStep?: (item: OrderItem, step: LineStep) => void }) {
  const turn = waitsForTurn(item) ? item.releaseAt : null;
  const next = nextStep(item);
  return (
    <li
      className={`item-${item.status}${item.held ? " item-held" : ""}`}
      data-testid={`kitchen-line-${item.itemId}`}
      data-status={item.status}
      data-held={item.held}
      data-waits={item.held ? (turn ? "turn" : "fire") : undefined}
    >
      <span className="qty">{item.quantity}</span> {item.name}
      <span className="item-where">
        {item.held && <span className="held-tag">{turn ? startsIn(turn, now) : "held"}</span>}
        {item.seat !== null && <span className="seat-tag">Seat {item.seat}</span>}
        <span className="course-tag">{courseLabel(item.course)}</span>
        {showStation && item.stationName && <span className="station-tag">{item.stationName}</span>}
      </span>
      {item.modifiers.length > 0 && (
        <ul className="item-modifiers" aria-label={`Choices for ${item.name}`}>
          {item.modifiers.map((modifier) => (
            <li key={modifier.optionId}>{modifier.name}</li>
          ))}
        </ul>
      )}
      {item.notes && <div className="item-note">{item.notes}</div>}
      <AllergenBadges codes={item.allergens} tone="alert" />
      {onStep && next && (
        <button
          type="button"
          className="line-step"
          aria-label={turn ? `Start ${item.name} now` : `${next === "preparing" ? "Start" : "Ready"} ${item.name}`}
          onClick={() => onStep(item, next)}
        >
          {turn ? "Start now" : next === "preparing" ? "Start" : "Ready"}
        </button>
      )}
    </li>
  );
}

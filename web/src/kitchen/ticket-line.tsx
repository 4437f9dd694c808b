// One line of a kitchen ticket: the dish, its choices, note, seat, course and
// allergens. A held line (its course not fired) is greyed and says "held"; on
// a station's screen a live line has its own Start and Ready.

import type { OrderItem } from "@brigade/client";
import { AllergenBadges, courseLabel } from "../menu-details";

export type LineStep = "preparing" | "ready";

export function TicketLine({ item, showStation, onStep }: { item: OrderItem; showStation: boolean; onStep?: (item: OrderItem, step: LineStep) => void }) {
  const next: LineStep | null = item.held ? null : item.status === "pending" ? "preparing" : item.status === "preparing" ? "ready" : null;
  return (
    <li className={`item-${item.status}${item.held ? " item-held" : ""}`} data-testid={`kitchen-line-${item.itemId}`} data-status={item.status} data-held={item.held}>
      <span className="qty">{item.quantity}</span> {item.name}
      <span className="item-where">
        {item.held && <span className="held-tag">held</span>}
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
        <button type="button" className="line-step" aria-label={`${next === "preparing" ? "Start" : "Ready"} ${item.name}`} onClick={() => onStep(item, next)}>
          {next === "preparing" ? "Start" : "Ready"}
        </button>
      )}
    </li>
  );
}

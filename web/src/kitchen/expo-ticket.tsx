// One order on the expo (the pass): each station's part with its state and
// lines, and the bump to the pass. An order where one station is done while
// another is late (the screen's red threshold) is flagged: the done food is
// waiting on the late part.

import { useEffect, useRef } from "react";

import type { Order, StationPart } from "@brigade/client";
import { isLive, nextTurn, startsIn, workingSince } from "./lines";
import { partState, stationLabel } from "./station-progress";
import { TicketLine } from "./ticket-line";
import { age, ageClass, type AgeThresholds } from "./timing";

const partLines = (order: Order, part: StationPart) => order.items.filter((item) => item.stationId === part.stationId);

/** The parts still cooking (or waiting) for longer than the red threshold. */
export function lateParts(order: Order, now: number, thresholds: AgeThresholds): StationPart[] {
  return order.kitchenOrder!.stations.filter((part) => {
    if (part.status !== "pending" && part.status !== "preparing") return false;
    const since = workingSince(partLines(order, part));
    return since !== null && age(since, now).minutes >= thresholds.lateMinutes;
  });
}

/**
 * The expo's next step as ticket commands: to the pass (ready; a ticket no
 * station has started is started first, as only a cooking ticket gets
 * ready), then complete (served).
 */
export function expoStep(order: Order): ("start" | "ready" | "complete")[] {
  switch (order.kitchenOrder!.status) {
    case "ready":
      return ["complete"];
    case "preparing":
      return ["ready"];
    default:
      return ["start", "ready"];
  }
}

export function ExpoTicket({
  order,
  now,
  thresholds,
  selected,
  keyNumber,
  onBump,
}: {
  order: Order;
  now: number;
  thresholds: AgeThresholds;
  selected: boolean;
  keyNumber: number | null;
  onBump: (order: Order) => void;
}) {
  const ticket = order.kitchenOrder!;
  const element = useRef<HTMLElement>(null);
  const held = !order.items.some(isLive);
  const turn = held ? nextTurn(order.items) : null;
  const since = held ? null : (workingSince(order.items) ?? ticket.createdAt);
  const timer = since === null ? null : age(since, now);
  const tone = timer === null ? "held" : ageClass(timer.minutes, thresholds);
  const late = lateParts(order, now, thresholds);
  const waiting = late.length > 0 && ticket.stations.some((part) => part.status === "ready");

  useEffect(() => {
    if (selected) element.current?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);

  return (
    <article
      ref={element}
      className={`ticket expo-ticket ticket-priority-${ticket.priority} age-${tone} ticket-${ticket.status}${waiting ? " needs-attention" : ""}${selected ? " selected" : ""}`}
      data-testid={`expo-ticket-${ticket.kitchenOrderId}`}
      data-order-id={order.orderId}
      data-status={ticket.status}
      data-attention={waiting}
      data-selected={selected}
      aria-current={selected ? "true" : undefined}
      aria-label={`Order ${order.orderNumber}, table ${order.tableId}`}
    >
      <header className="ticket-head">
        {keyNumber !== null && <kbd className="ticket-key">{keyNumber}</kbd>}
        <span className="ticket-number">{order.orderNumber}</span>
        <span className="ticket-table">T{order.tableId}</span>
        <span className={`ticket-age age-${tone}`}>{timer ? timer.text : turn ? startsIn(turn, now) : "held"}</span>
      </header>
      {ticket.priority !== "normal" && (
        <div className="ticket-meta">
          <span className={`priority-tag priority-${ticket.priority}`}>{ticket.priority.toUpperCase()}</span>
        </div>
      )}
      {waiting && (
        <p className="expo-alert" data-testid="expo-alert">
          Waiting on {late.map(stationLabel).join(", ")}
        </p>
      )}
      <ol className="expo-parts">
        {ticket.stations.map((part) => (
          <li key={part.stationId ?? 0} className={`expo-part part-${part.status}`} data-station={stationLabel(part)} data-status={part.status}>
            <h3>
              {stationLabel(part)} <span className="part-state">{partState(part, now)}</span>
              <span className="part-count">
                {part.readyItems}/{part.items - part.heldItems} ready
              </span>
            </h3>
            <ul className="ticket-items">
              {partLines(order, part).map((item) => (
                <TicketLine key={item.itemId} item={item} now={now} showStation={false} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {order.notes && <p className="ticket-note">{order.notes}</p>}
      <div className="ticket-actions">
        <button type="button" className="primary" onClick={() => onBump(order)}>
          {order.kitchenOrder!.status === "ready" ? "Complete" : "Bump to pass"}
        </button>
      </div>
    </article>
  );
}

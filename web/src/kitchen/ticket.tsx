import { useEffect, useRef, useState, type FormEvent } from "react";

import type { Station } from "../catalog";
import type { KitchenPriority, Order, OrderItem, StationPart } from "@brigade/client";
import { hourMinute } from "../components";
import { isLive, nextTurn, partFor, startsIn, workingSince } from "./lines";
import { StationProgress } from "./station-progress";
import { TicketLine, type LineStep } from "./ticket-line";
import { age, ageClass, type AgeThresholds } from "./timing";

export type { AgeThresholds } from "./timing";

export interface TicketActions {
  command: (order: Order, verb: "acknowledge" | "start" | "ready" | "complete" | "cancel/accept") => Promise<unknown>;
  reject: (order: Order, reason: string) => Promise<unknown>;
  priority: (order: Order, priority: KitchenPriority) => Promise<unknown>;
  station: (order: Order, stationId: number) => Promise<unknown>;
  /** One line's Start or Ready (a station's screen). */
  line: (order: Order, item: OrderItem, step: LineStep) => Promise<unknown>;
  /** A station's whole part: "Start station", "Station done". */
  stationPart: (order: Order, stationId: number, verb: "start" | "ready") => Promise<unknown>;
}

/**
 * One kitchen ticket: what to cook, for whom, how long it has been the
 * kitchen's work (held courses not counted), and the next step. On a
 * station's screen (`stationId`) it holds that station's lines, each with its
 * own Start and Ready, and the station's part as a whole.
 */
export function Ticket({
  order,
  stationId,
  stations,
  now,
  thresholds,
  actions,
  selected,
  keyNumber,
}: {
  order: Order;
  stationId: number | null;
  stations: Station[];
  now: number;
  thresholds: AgeThresholds;
  actions: TicketActions;
  /** The bump bar's selection. */
  selected: boolean;
  /** The digit that selects it (1–9), if any. */
  keyNumber: number | null;
}) {
  const ticket = order.kitchenOrder!;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const element = useRef<HTMLElement>(null);
  const held = !order.items.some(isLive);
  // Only lines waiting for their turn: the ticket says when it starts instead of "held".
  const turn = held ? nextTurn(order.items) : null;
  const since = held ? null : (workingSince(order.items) ?? ticket.createdAt);
  const timer = since === null ? null : age(since, now);
  const tone = timer === null ? "held" : ageClass(timer.minutes, thresholds);
  const request = order.cancelRequest?.status === "open" ? order.cancelRequest : null;
  const part = stationId === null ? undefined : partFor(order, stationId);

  useEffect(() => {
    if (selected) element.current?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);

  async function submitReject(event: FormEvent) {
    event.preventDefault();
    await actions.reject(order, reason.trim());
    setRejecting(false);
    setReason("");
  }

  return (
    <article
      ref={element}
      className={`ticket ticket-priority-${ticket.priority} age-${tone} ticket-${ticket.status}${request ? " has-cancel" : ""}${selected ? " selected" : ""}`}
      data-testid={`ticket-${ticket.kitchenOrderId}`}
      data-order-id={order.orderId}
      data-status={ticket.status}
      data-part-status={part?.status}
      data-selected={selected}
      aria-current={selected ? "true" : undefined}
      aria-label={`Ticket ${order.orderNumber}, table ${order.tableId}`}
    >
      <header className="ticket-head">
        {keyNumber !== null && (
          <kbd className="ticket-key" title={`Key ${keyNumber} selects this ticket`}>
            {keyNumber}
          </kbd>
        )}
        <span className="ticket-number">{order.orderNumber}</span>
        <span className="ticket-table">T{order.tableId}</span>
        {timer ? (
          <span className={`ticket-age age-${tone}`} aria-label={`Waiting ${timer.text}`}>
            {timer.text}
          </span>
        ) : (
          <span className="ticket-age age-held">{turn ? startsIn(turn, now) : "held"}</span>
        )}
      </header>
      <div className="ticket-meta">
        {ticket.priority !== "normal" && <span className={`priority-tag priority-${ticket.priority}`}>{ticket.priority.toUpperCase()}</span>}
        {stationId === null && <span>{ticket.stationName ?? "no station"}</span>}
        <span>{ticket.chefName ? `Chef ${ticket.chefName}` : "unclaimed"}</span>
        <span className="ticket-status">{part ? partStatusText(part) : ticket.status}</span>
        {ticket.changed && <span className="changed-tag">CHANGED</span>}
      </div>
      <StationProgress parts={ticket.stations} except={stationId} now={now} />
      {request && (
        <div className="cancel-request" role="alert">
          <strong>Cancel requested:</strong> “{request.reason}”
          {!rejecting ? (
            <div className="actions">
              <button type="button" className="danger" onClick={() => void actions.command(order, "cancel/accept")}>
                Accept cancel
              </button>
              <button type="button" onClick={() => setRejecting(true)}>
                Reject
              </button>
            </div>
          ) : (
            <form onSubmit={submitReject} className="reject-form">
              <label>
                Why not?
                <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} autoFocus />
              </label>
              <button type="submit">Send refusal</button>
              <button type="button" className="quiet" onClick={() => setRejecting(false)}>
                Back
              </button>
            </form>
          )}
        </div>
      )}
      <ul className="ticket-items">
        {order.items.map((item) => (
          <TicketLine key={item.itemId} item={item} now={now} showStation={stationId === null} onStep={stationId === null ? undefined : (line, step) => void actions.line(order, line, step)} />
        ))}
      </ul>
      {order.notes && <p className="ticket-note">{order.notes}</p>}
      <div className="ticket-actions">
        {stationId === null ? <TicketSteps order={order} actions={actions} /> : part && <StationSteps order={order} part={part} actions={actions} />}
      </div>
      <div className="ticket-settings">
        <label>
          Priority
          <select value={ticket.priority} onChange={(e) => void actions.priority(order, e.target.value as KitchenPriority)}>
            <option value="normal">normal</option>
            <option value="express">express</option>
            <option value="vip">vip</option>
          </select>
        </label>
        {stationId === null && (
          <label>
            Station
            <select value={ticket.stationId ?? ""} onChange={(e) => void actions.station(order, Number(e.target.value))}>
              {ticket.stationId === null && <option value="">—</option>}
              {stations.map((s) => (
                <option key={s.stationId} value={s.stationId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </article>
  );
}

const partStatusWords: Record<StationPart["status"], string> = { held: "held", pending: "waiting", preparing: "cooking", ready: "done" };

/** The station's own part in a word; "starts 20:14" when all of it waits for its turn. */
function partStatusText(part: StationPart): string {
  return part.status === "held" && part.nextReleaseAt !== null ? `starts ${hourMinute(part.nextReleaseAt)}` : partStatusWords[part.status];
}

/** The whole kitchen's next step for a ticket. */
function TicketSteps({ order, actions }: { order: Order; actions: TicketActions }) {
  const status = order.kitchenOrder!.status;
  return (
    <>
      {status === "pending" && (
        <button type="button" onClick={() => void actions.command(order, "acknowledge")}>
          Acknowledge
        </button>
      )}
      {(status === "pending" || status === "acknowledged") && (
        <button type="button" className="primary" onClick={() => void actions.command(order, "start")}>
          Start
        </button>
      )}
      {status === "preparing" && (
        <button type="button" className="primary" onClick={() => void actions.command(order, "ready")}>
          Ready
        </button>
      )}
      {status === "ready" && (
        <button type="button" className="primary" onClick={() => void actions.command(order, "complete")}>
          Bump
        </button>
      )}
    </>
  );
}

/** A station's next step for its part of a ticket. */
function StationSteps({ order, part, actions }: { order: Order; part: StationPart; actions: TicketActions }) {
  const stationId = part.stationId ?? 0;
  if (part.status === "held") {
    return part.nextReleaseAt !== null ? (
      <p className="muted">Starts at {hourMinute(part.nextReleaseAt)}, to finish with the rest of its course; Start now begins a dish early.</p>
    ) : (
      <p className="muted">Held: the waiter fires this course.</p>
    );
  }
  if (part.status === "ready") {
    const later = part.nextReleaseAt !== null ? `; more starts at ${hourMinute(part.nextReleaseAt)}` : part.heldItems > 0 ? `; ${part.heldItems} held for a later course` : "";
    return <p className="muted">Done{later}.</p>;
  }
  return (
    <>
      {part.status === "pending" && (
        <button type="button" onClick={() => void actions.stationPart(order, stationId, "start")}>
          Start station
        </button>
      )}
      <button type="button" className="primary" onClick={() => void actions.stationPart(order, stationId, "ready")}>
        Station done
      </button>
    </>
  );
}

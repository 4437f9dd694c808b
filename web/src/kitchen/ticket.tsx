import type { KitchenPriority, Order } from "@brigade/client";
import { useState, type FormEvent } from "react";

import type { Station } from "../catalog";
import { AllergenBadges, courseLabel } from "../menu-details";

export interface TicketActions {
  command: (order: Order, verb: "acknowledge" | "start" | "ready" | "complete" | "cancel/accept") => Promise<void>;
  reject: (order: Order, reason: string) => Promise<void>;
  priority: (order: Order, priority: KitchenPriority) => Promise<void>;
  station: (order: Order, stationId: number) => Promise<void>;
}

export interface AgeThresholds {
  warnMinutes: number;
  lateMinutes: number;
}

function age(sinceIso: string, now: number): { text: string; minutes: number } {
  const seconds = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
  const m = Math.floor(seconds / 60);
  return { text: `${m}:${String(seconds % 60).padStart(2, "0")}`, minutes: seconds / 60 };
}

/** One kitchen ticket: what to cook, for whom, how old it is, and the next step. */
export function Ticket({
  order,
  stations,
  now,
  thresholds,
  actions,
}: {
  order: Order;
  stations: Station[];
  now: number;
  thresholds: AgeThresholds;
  actions: TicketActions;
}) {
  const ticket = order.kitchenOrder!;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const { text, minutes } = age(ticket.createdAt, now);
  const ageClass = minutes >= thresholds.lateMinutes ? "late" : minutes >= thresholds.warnMinutes ? "warn" : "fresh";
  const request = order.cancelRequest?.status === "open" ? order.cancelRequest : null;

  async function submitReject(event: FormEvent) {
    event.preventDefault();
    await actions.reject(order, reason.trim());
    setRejecting(false);
    setReason("");
  }

  return (
    <article
      className={`ticket ticket-priority-${ticket.priority} age-${ageClass} ticket-${ticket.status}${request ? " has-cancel" : ""}`}
      data-testid={`ticket-${ticket.kitchenOrderId}`}
      data-order-id={order.orderId}
      data-status={ticket.status}
      aria-label={`Ticket ${order.orderNumber}, table ${order.tableId}`}
    >
      <header className="ticket-head">
        <span className="ticket-number">{order.orderNumber}</span>
        <span className="ticket-table">T{order.tableId}</span>
        <span className={`ticket-age age-${ageClass}`} aria-label={`Waiting ${text}`}>
          {text}
        </span>
      </header>
      <div className="ticket-meta">
        {ticket.priority !== "normal" && <span className={`priority-tag priority-${ticket.priority}`}>{ticket.priority.toUpperCase()}</span>}
        <span>{ticket.stationName ?? "no station"}</span>
        <span>{ticket.chefName ? `Chef ${ticket.chefName}` : "unclaimed"}</span>
        <span className="ticket-status">{ticket.status}</span>
        {ticket.changed && <span className="changed-tag">CHANGED</span>}
      </div>
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
          <li key={item.itemId} className={`item-${item.status}`} data-testid={`kitchen-line-${item.itemId}`}>
            <span className="qty">{item.quantity}</span> {item.name}
            <span className="item-where">
              {item.seat !== null && <span className="seat-tag">Seat {item.seat}</span>}
              <span className="course-tag">{courseLabel(item.course)}</span>
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
          </li>
        ))}
      </ul>
      {order.notes && <p className="ticket-note">{order.notes}</p>}
      <div className="ticket-actions">
        {ticket.status === "pending" && (
          <button type="button" onClick={() => void actions.command(order, "acknowledge")}>
            Acknowledge
          </button>
        )}
        {(ticket.status === "pending" || ticket.status === "acknowledged") && (
          <button type="button" className="primary" onClick={() => void actions.command(order, "start")}>
            Start
          </button>
        )}
        {ticket.status === "preparing" && (
          <button type="button" className="primary" onClick={() => void actions.command(order, "ready")}>
            Ready
          </button>
        )}
        {ticket.status === "ready" && (
          <button type="button" className="primary" onClick={() => void actions.command(order, "complete")}>
            Bump
          </button>
        )}
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
      </div>
    </article>
  );
}

import { useState, type FormEvent } from "react";

import { hourMinute, money, StatusBadge } from "../components";
import { coursesWith, waitsForFire, waitsForTurn } from "../kitchen/lines";
import type { Order, OrderItem } from "@brigade/client";
import { AllergenBadges, courseLabel, ItemDetails } from "../menu-details";

export interface OrderActions {
  confirm: (order: Order) => Promise<void>;
  addItems: (order: Order) => void;
  serveItem: (order: Order, itemId: number) => Promise<void>;
  serveOrder: (order: Order) => Promise<void>;
  closeOrder: (order: Order) => Promise<void>;
  requestCancellation: (order: Order, reason: string) => Promise<void>;
  /** Sends a held course to the kitchen; on a fired course, its lines still waiting for their turn go now. */
  fireCourse: (order: Order, course: number) => Promise<void>;
}

/** One order on the waiter's table panel, with what can be done to it now. */
export function OrderCard({ order, highlighted, actions }: { order: Order; highlighted: boolean; actions: OrderActions }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const request = order.cancelRequest;
  const closed = order.status === "completed" || order.status === "cancelled";
  const mayCancel = !closed && order.status !== "served" && request?.status !== "open";
  const toFire = coursesWith(order, waitsForFire);
  // Fired courses whose quicker dishes wait for their turn (fire by prep time): the waiter may send them now.
  const laterCourses = coursesWith(order, waitsForTurn).filter(({ course }) => !toFire.some((c) => c.course === course));

  async function submitCancel(event: FormEvent) {
    event.preventDefault();
    await actions.requestCancellation(order, reason.trim());
    setAsking(false);
    setReason("");
  }

  return (
    <article
      className={`order-card status-${order.status}${highlighted ? " highlight" : ""}`}
      data-testid={`order-${order.orderId}`}
      data-status={order.status}
      aria-label={`Order ${order.orderNumber}`}
    >
      <header>
        <h3>{order.orderNumber}</h3>
        <StatusBadge status={order.status} />
        <span className="amount">{money(order.finalAmount)}</span>
      </header>
      <ul className="items">
        {order.items.map((item) => (
          <li key={item.itemId} className={`item item-${item.status}`}>
            <span className="qty">{item.quantity}×</span>
            <span className="name">
              {item.name}
              {item.notes && <em className="notes"> — {item.notes}</em>}
              <ItemDetails item={item} />
              <AllergenBadges codes={item.allergens} />
            </span>
            <span className="line-total">{money(item.lineTotal)}</span>
            <LineState item={item} />
            {item.status === "ready" && (
              <button type="button" className="small" onClick={() => void actions.serveItem(order, item.itemId)}>
                Served
              </button>
            )}
          </li>
        ))}
      </ul>
      {order.notes && <p className="notes">Note: {order.notes}</p>}
      {!closed &&
        laterCourses.map(({ course, items }) => (
          <p key={course} className="course-later" data-testid={`course-later-${course}`}>
            {startsLater(course, items)}
            <button type="button" onClick={() => void actions.fireCourse(order, course)}>
              Fire {courseLabel(course).toLowerCase()} now
            </button>
          </p>
        ))}
      {request?.status === "open" && (
        <p className="cancel-state pending" role="status">
          Cancellation requested: “{request.reason}”. Waiting for the kitchen.
        </p>
      )}
      {request?.status === "rejected" && !closed && (
        <p className="cancel-state rejected" data-testid="cancel-rejected">
          The kitchen refused to cancel: “{request.rejectionReason}”
        </p>
      )}
      {order.status === "cancelled" && (
        <p className="cancel-state accepted" data-testid="cancel-accepted">
          Cancelled{request?.status === "accepted" ? " by the kitchen" : ""}.
        </p>
      )}
      <div className="actions">
        {!closed &&
          toFire.map(({ course }) => (
            <button key={course} type="button" className="primary" onClick={() => void actions.fireCourse(order, course)}>
              Fire {courseLabel(course).toLowerCase()}
            </button>
          ))}
        {order.status === "pending" && (
          <button type="button" className="primary" onClick={() => void actions.confirm(order)}>
            Send to kitchen
          </button>
        )}
        {!closed && order.status !== "served" && (
          <button type="button" onClick={() => actions.addItems(order)}>
            Add items
          </button>
        )}
        {order.status === "ready" && (
          <button type="button" className="primary" onClick={() => void actions.serveOrder(order)}>
            Mark served
          </button>
        )}
        {order.status === "served" && (
          <button type="button" onClick={() => void actions.closeOrder(order)}>
            Close (paid)
          </button>
        )}
        {mayCancel && !asking && (
          <button type="button" className="danger" onClick={() => setAsking(true)}>
            Request cancellation
          </button>
        )}
      </div>
      {asking && (
        <form className="cancel-form" onSubmit={submitCancel}>
          <label>
            Reason for the kitchen
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} autoFocus />
          </label>
          <button type="submit" className="danger">
            Ask the kitchen
          </button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>
            Keep the order
          </button>
        </form>
      )}
    </article>
  );
}

/** A line's state: "held" (its course waits for the waiter's fire), "starts 20:14" (its turn), or its status. */
function LineState({ item }: { item: OrderItem }) {
  if (waitsForTurn(item)) return <span className="badge badge-held">starts {hourMinute(item.releaseAt!)}</span>;
  if (item.held) return <span className="badge badge-held">held</span>;
  return <StatusBadge status={item.status} />;
}

/** "Mains fired; 2 dishes start later, the last at 20:14." */
function startsLater(course: number, items: OrderItem[]): string {
  const last = items.map((item) => item.releaseAt!).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const dishes = items.length === 1 ? "1 dish starts" : `${items.length} dishes start`;
  return `${courseLabel(course)} fired; ${dishes} later, ${items.length === 1 ? "at" : "the last at"} ${hourMinute(last)}. `;
}

// The customer-facing table display: the table's orders and each item's
// progress, large and legible, read only. The table room's snapshot fills it
// when it joins, and after a reconnection that could not recover the session;
// in between each event is applied from its payload (table-state.ts,
// order-book.ts), with a REST read only for an order it has not seen.

import type { OrderItemStatus, OrderSocketClient } from "@brigade/client";
import { useCallback, useMemo } from "react";

import { apiFor } from "../api";
import { AppHeader } from "../components";
import { AllergenBadges } from "../menu-details";
import { useLiveClient } from "../live";
import type { Session } from "../session";
import { useOrderBook } from "../use-order-book";
import { onTheTable, tableOrders, tableRoomEvents } from "./table-state";

const progress: Record<OrderItemStatus, { label: string; step: number }> = {
  pending: { label: "Received", step: 1 },
  preparing: { label: "Preparing", step: 2 },
  ready: { label: "Ready", step: 3 },
  served: { label: "Served", step: 4 },
  cancelled: { label: "Cancelled", step: 0 },
};

// A customer-facing screen shows no error toasts: the next event or reconnection puts it right.
const ignore = () => {};

export function TableDisplay({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const tableId = session.tableId ?? 0;
  const keeps = useMemo(() => onTheTable(tableId), [tableId]);
  const { orders: held, book } = useOrderBook(api, keeps, ignore);
  const orders = useMemo(() => tableOrders(held), [held]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of tableRoomEvents) client.on(event, (payload: unknown) => book.hear(event, payload));
      // Recovered: the missed events were applied as they came. A new
      // session: the fresh snapshot, then the missed events on it.
      client.onRejoined(({ results, recovered }) => {
        if (recovered) return;
        for (const result of results) {
          if (result.kind !== "table") continue;
          book.beginLoad();
          if (result.ok) book.load(result.ack.snapshot.orders);
          else book.loadFailed();
        }
      });
      return async () => {
        book.beginLoad();
        const { snapshot } = await client.joinTableRoom(tableId);
        book.load(snapshot.orders);
      };
    },
    [book, tableId],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);

  return (
    <div className="app table-app">
      <AppHeader title={`Table ${tableId}`} who={session.name} status={status} onLogout={onLogout} />
      <main className="table-orders" aria-label="Your orders">
        {orders.length === 0 && <p className="big muted">Welcome! Your orders will appear here.</p>}
        {orders.map((order) => (
          <section key={order.orderId} className="table-order" data-testid={`table-order-${order.orderId}`} aria-label={`Order ${order.orderNumber}`}>
            <h2>Order {order.orderNumber}</h2>
            <ul>
              {order.items.map((item) => {
                const p = progress[item.status];
                return (
                  <li key={item.itemId} className={`progress-line item-${item.status}`} data-status={item.status}>
                    <span className="qty">{item.quantity}×</span>
                    <span className="name">
                      {item.name}
                      <AllergenBadges codes={item.allergens} />
                    </span>
                    <span className="progress" aria-label={p.label}>
                      {[1, 2, 3, 4].map((step) => (
                        <span key={step} className={`pip${p.step >= step ? " on" : ""}`} aria-hidden="true" />
                      ))}
                      <span className="progress-label">{p.label}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </main>
    </div>
  );
}

// The customer-facing table display: the table's orders and each item's
// progress, large and legible, read only. The table room's snapshot fills it
// on every (re)join; events re-read the table's orders over REST.

import type { Order, OrderItemStatus, OrderSocketClient } from "@brigade/client";
import { useCallback, useMemo, useRef, useState } from "react";

import { apiFor } from "../api";
import { AppHeader } from "../components";
import { AllergenBadges } from "../menu-details";
import { useLiveClient } from "../live";
import type { Session } from "../session";

const tableEvents = [
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:status",
  "order:items_added",
  "order:item_status_changed",
  "order:cancelled",
  "kitchen:preparing",
  "kitchen:order_preparing",
  "kitchen:ready",
  "kitchen:order_ready",
  "kitchen:order_completed",
  "kitchen:order_recalled",
] as const;

const progress: Record<OrderItemStatus, { label: string; step: number }> = {
  pending: { label: "Received", step: 1 },
  preparing: { label: "Preparing", step: 2 },
  ready: { label: "Ready", step: 3 },
  served: { label: "Served", step: 4 },
  cancelled: { label: "Cancelled", step: 0 },
};

const openStatuses = new Set(["pending", "confirmed", "preparing", "ready", "served"]);

export function TableDisplay({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const tableId = session.tableId ?? 0;
  const [orders, setOrders] = useState<Order[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const showOrders = useCallback((next: Order[]) => {
    setOrders(next.filter((o) => openStatuses.has(o.status)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)));
  }, []);

  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      api
        .get<{ orders: Order[] }>(`/api/orders?tableId=${tableId}&limit=50`)
        .then((answer) => showOrders(answer.orders))
        .catch(() => {});
    }, 50);
  }, [api, showOrders, tableId]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of tableEvents) client.on(event as never, (() => refresh()) as never);
      client.onRejoined(({ results, recovered }) => {
        // Recovered: the missed events were replayed; re-read once more anyway.
        if (recovered) refresh();
        for (const result of results) if (result.ok && result.kind === "table") showOrders(result.ack.snapshot.orders);
      });
      return async () => {
        const { snapshot } = await client.joinTableRoom(tableId);
        showOrders(snapshot.orders);
      };
    },
    [refresh, showOrders, tableId],
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

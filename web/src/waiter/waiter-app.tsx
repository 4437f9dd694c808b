// The waiter's app (phone or tablet): the tables with their open orders, an
// order composer, and each order's actions. It loads the floor's orders over
// REST (the waiters room has no snapshot), then applies each event of the
// waiters room from its payload and each command's answer (order-book.ts,
// floor-state.ts); it reads an order again only when an event does not say
// enough. After a reconnection that could not recover the session it reloads
// the floor once.

import type { KitchenTicketPayload, MenuItem, MenuResponse, Order, OrderSocketClient } from "@brigade/client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { ApiError, apiFor, newIdempotencyKey } from "../api";
import type { Table } from "../catalog";
import { AppHeader, ManagerNav, playSound, StatusBadge, Toasts, useToasts } from "../components";
import { useLiveClient } from "../live";
import { isOnTheFloor } from "../orders";
import type { Session } from "../session";
import { useOrderBook } from "../use-order-book";
import { waitersRoomEvents } from "./floor-state";
import { OrderCard, type OrderActions } from "./order-card";
import { OrderComposer, type ComposedLine } from "./order-composer";

type Composing = { mode: "create"; tableId: number } | { mode: "add"; order: Order } | null;

export function WaiterApp({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [tables, setTables] = useState<Table[]>([]);
  const [menu, setMenu] = useState<MenuItem[]>([]);
  const [selectedTable, setSelectedTable] = useState<number | null>(null);
  const [composing, setComposing] = useState<Composing>(null);
  const [highlighted, setHighlighted] = useState<Set<number>>(new Set());
  const { toasts, show, dismiss } = useToasts();
  const showRef = useRef(show);
  showRef.current = show;
  // The last order sent and its Idempotency-Key: sending the same order again
  // (after an error or a lost answer) reuses the key, so the server replays
  // it instead of creating a second one; a changed order gets a new key.
  const lastAttempt = useRef<{ body: string; key: string } | null>(null);

  const reportError = useCallback((e: unknown) => {
    showRef.current(e instanceof ApiError ? e.message : String(e), "error");
  }, []);

  const { orders, book } = useOrderBook(api, isOnTheFloor, reportError);

  /** The floor, once: its events meanwhile wait for it. */
  const loadAll = useCallback(async () => {
    book.beginLoad();
    try {
      const [t, m, o] = await Promise.all([
        api.get<{ tables: Table[] }>("/api/tables"),
        api.get<MenuResponse>("/api/menu"),
        api.get<{ orders: Order[] }>("/api/orders?limit=200"),
      ]);
      setTables(t.tables);
      setMenu(m.menu);
      book.load(o.orders);
    } catch (e) {
      book.loadFailed();
      throw e;
    }
  }, [api, book]);

  const onReady = useCallback(
    (payload: KitchenTicketPayload) => {
      const order = payload.order;
      const label = order ? `Order ${order.orderNumber} for table ${order.tableId} is ready!` : `Order #${payload.orderId} is ready!`;
      showRef.current(label, "ready");
      playSound("order-ready");
      if ("Notification" in window && Notification.permission === "granted") new Notification("Brigade", { body: label });
      setHighlighted((set) => new Set(set).add(payload.orderId));
      setTimeout(() => setHighlighted((set) => {
        const next = new Set(set);
        next.delete(payload.orderId);
        return next;
      }), 60_000);
    },
    [],
  );

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of waitersRoomEvents) client.on(event, (payload: unknown) => book.hear(event, payload));
      client.onKitchenOrderReady(onReady);
      // Live 86: the dish greys out (or comes back) in every open composer at once.
      client.on("menu:item_availability", ({ menuItemId, name, available }) => {
        setMenu((all) => all.map((item) => (item.menuItemId === menuItemId ? { ...item, available } : item)));
        showRef.current(available ? `Back on the menu: ${name}` : `Sold out: ${name}`, "info");
      });
      // Recovered: the missed events were applied as they came. A new
      // session: the floor again, then the missed events on it.
      client.onRejoined(({ recovered }) => {
        if (!recovered) void loadAll().catch(reportError);
      });
      return async () => {
        await client.joinWaitersRoom();
        await loadAll().catch(reportError);
      };
    },
    [book, loadAll, onReady, reportError],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);

  useEffect(() => {
    if ("Notification" in window && Notification.permission === "default") void Notification.requestPermission().catch(() => {});
  }, []);

  /** A command on an order: its answer shows, then the events heard meanwhile. */
  const run = (order: Order, work: () => Promise<Order>) => book.command(order.orderId, work).then(() => {}, reportError);

  const actions: OrderActions = {
    confirm: (order) => run(order, () => api.post<Order>(`/api/orders/${order.orderId}/confirm`)),
    addItems: (order) => setComposing({ mode: "add", order }),
    serveItem: (order, itemId) => run(order, () => api.patch<Order>(`/api/orders/${order.orderId}/items/${itemId}`, { status: "served" })),
    serveOrder: (order) => run(order, () => api.patch<Order>(`/api/orders/${order.orderId}/status`, { status: "served" })),
    closeOrder: (order) => run(order, () => api.patch<Order>(`/api/orders/${order.orderId}/status`, { status: "completed" })),
    requestCancellation: (order, reason) => run(order, () => api.post<Order>(`/api/orders/${order.orderId}/cancel-request`, { reason })),
    fireCourse: (order, course) => run(order, () => api.post<Order>(`/api/orders/${order.orderId}/courses/${course}/fire`)),
  };

  async function submitComposed(lines: ComposedLine[], notes: string, sendToKitchen: boolean) {
    try {
      if (composing?.mode === "create") {
        const body = { tableId: composing.tableId, items: lines, ...(notes ? { notes } : {}) };
        const text = JSON.stringify(body);
        if (lastAttempt.current?.body !== text) lastAttempt.current = { body: text, key: newIdempotencyKey() };
        let order = await api.post<Order>("/api/orders", body, { "Idempotency-Key": lastAttempt.current.key });
        lastAttempt.current = null;
        book.created(order);
        if (sendToKitchen && order.status === "pending") {
          const id = order.orderId;
          order = await book.command(id, () => api.post<Order>(`/api/orders/${id}/confirm`));
        }
        show(`Order ${order.orderNumber} ${order.status === "pending" ? "saved" : "sent to the kitchen"}`);
      } else if (composing?.mode === "add") {
        const id = composing.order.orderId;
        const order = await book.command(id, () => api.post<Order>(`/api/orders/${id}/items`, { items: lines }));
        show(`Items added to ${order.orderNumber}`);
      }
      setComposing(null);
    } catch (e) {
      reportError(e);
    }
  }

  const visible = [...orders.values()].filter((o) => isOnTheFloor(o));
  const tableOrders = (tableId: number) =>
    visible.filter((o) => o.tableId === tableId).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const selected = selectedTable === null ? [] : tableOrders(selectedTable);

  return (
    <div className="app waiter-app">
      <AppHeader title="Waiter" who={session.name} status={status} onLogout={onLogout}>
        {session.role === "manager" && (
          <ManagerNav current="/waiter" />
        )}
      </AppHeader>
      <Toasts toasts={toasts} onDismiss={dismiss} />
      <div className="waiter-layout">
        <section className="tables" aria-label="Tables">
          {tables.map((table) => {
            const open = tableOrders(table.tableId).filter((o) => o.status !== "cancelled");
            const ready = open.some((o) => o.status === "ready");
            return (
              <button
                type="button"
                key={table.tableId}
                className={`table-tile${selectedTable === table.tableId ? " selected" : ""}${ready ? " has-ready" : ""}`}
                aria-pressed={selectedTable === table.tableId}
                onClick={() => {
                  setSelectedTable(table.tableId);
                  setComposing(null);
                }}
                data-testid={`table-${table.tableId}`}
              >
                <span className="table-name">Table {table.name}</span>
                <span className="table-meta">{open.length === 0 ? "free" : `${open.length} open`}</span>
                {open.length > 0 && <StatusBadge status={mostUrgent(open)} />}
              </button>
            );
          })}
        </section>
        <section className="table-panel" aria-label={selectedTable === null ? "No table selected" : `Table ${selectedTable}`}>
          {selectedTable === null && <p className="muted">Choose a table.</p>}
          {selectedTable !== null && composing === null && (
            <>
              <div className="panel-head">
                <h2>Table {tables.find((t) => t.tableId === selectedTable)?.name ?? selectedTable}</h2>
                <button type="button" className="primary" onClick={() => setComposing({ mode: "create", tableId: selectedTable })}>
                  New order
                </button>
              </div>
              {selected.length === 0 && <p className="muted">No open orders.</p>}
              {selected.map((order) => (
                <OrderCard key={order.orderId} order={order} highlighted={highlighted.has(order.orderId)} actions={actions} />
              ))}
            </>
          )}
          {composing !== null && (
            <OrderComposer
              menu={menu}
              seats={tables.find((t) => t.tableId === (composing.mode === "create" ? composing.tableId : composing.order.tableId))?.seats ?? 0}
              mode={composing.mode}
              title={composing.mode === "create" ? `New order, table ${composing.tableId}` : `Add to ${composing.order.orderNumber}`}
              onSubmit={submitComposed}
              onCancel={() => setComposing(null)}
            />
          )}
        </section>
      </div>
    </div>
  );
}

const urgency = ["ready", "preparing", "confirmed", "pending", "served"];

/** The status a waiter most needs to act on among a table's orders. */
function mostUrgent(orders: Order[]): string {
  for (const status of urgency) if (orders.some((o) => o.status === status)) return status;
  return orders[0]?.status ?? "pending";
}

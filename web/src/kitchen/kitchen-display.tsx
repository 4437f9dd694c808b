// The kitchen display (landscape, large, touch): open tickets by priority and
// age, each with its next step; cancellation requests up front; the stats in
// the header; an "all day" count; a station filter; recall of the last bumped
// ticket. The kitchen room's snapshot fills the board on every (re)join, and
// each event re-reads the board over REST (one small request, coalesced), so
// the board is never a guess after the Wi-Fi blinks: after a reconnection the
// server replays the missed events (a recovered session), or the client
// re-joins with a fresh snapshot and replays them from the event log.

import type { KitchenPriority, KitchenStats, Order, OrderSocketClient } from "@brigade/client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { ApiError, apiFor } from "../api";
import type { MenuItem, Station } from "../catalog";
import { EightySixBoard } from "./eighty-six";
import { AppHeader, playSound, Toasts, useNow, useToasts } from "../components";
import { useLiveClient } from "../live";
import { navigate } from "../navigation";
import type { Session } from "../session";
import { Ticket, type AgeThresholds, type TicketActions } from "./ticket";
import { allDay, openTickets, sortTickets } from "./tickets";

/** Kitchen room events after which the board is re-read. */
const boardEvents = [
  "order:new",
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:items_added",
  "order:cancel_request",
  "order:cancelled",
  "kitchen:order_acknowledged",
  "kitchen:order_preparing",
  "kitchen:order_ready",
  "kitchen:order_completed",
  "kitchen:cancel_accepted",
  "kitchen:cancel_rejected",
  "kitchen:priority_changed",
  "kitchen:station_assigned",
  "kitchen:order_recalled",
] as const;

const recallWindowMs = 10 * 60_000;
const lastBumpedKey = "brigade.kitchen.lastBumped";
const thresholdsKey = "brigade.kitchen.thresholds";

interface Bumped {
  kitchenOrderId: number;
  orderNumber: string;
  at: number;
}

function loadJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function KitchenDisplay({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [orders, setOrders] = useState<Order[]>([]);
  const [stats, setStats] = useState<KitchenStats | null>(null);
  const [stations, setStations] = useState<Station[]>([]);
  const [stationFilter, setStationFilter] = useState<number | "all">("all");
  const [showAllDay, setShowAllDay] = useState(true);
  const [thresholds, setThresholds] = useState<AgeThresholds>(() => loadJson(thresholdsKey, { warnMinutes: 5, lateMinutes: 8 }));
  const [showSettings, setShowSettings] = useState(false);
  const [menu, setMenu] = useState<MenuItem[]>([]);
  const [show86, setShow86] = useState(false);
  // A kitchen display only shows; a chef or a manager may 86 (docs/security.md).
  const may86 = session.role === "chef" || session.role === "manager";
  const [lastBumped, setLastBumped] = useState<Bumped | null>(() => loadJson<Bumped | null>(lastBumpedKey, null));
  const now = useNow(1000);
  const { toasts, show, dismiss } = useToasts(6000);
  const known = useRef<Set<number> | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const reportError = useCallback((e: unknown) => show(e instanceof ApiError ? e.message : String(e), "error"), [show]);
  const reportRef = useRef(reportError);
  reportRef.current = reportError;

  /** Shows a board; a ticket not seen before rings (not on the first load). */
  const showBoard = useCallback((next: Order[]) => {
    const open = openTickets(next);
    const ids = new Set(open.map((o) => o.kitchenOrder!.kitchenOrderId));
    if (known.current && [...ids].some((id) => !known.current!.has(id))) playSound("new-ticket");
    known.current = ids;
    setOrders(open);
  }, []);

  const refresh = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      api
        .get<{ orders: Order[] }>("/api/kitchen/orders")
        .then((answer) => showBoard(answer.orders))
        .catch((e: unknown) => reportRef.current(e));
    }, 50);
  }, [api, showBoard]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of boardEvents) client.on(event as never, (() => refresh()) as never);
      client.onKitchenStatsUpdate((next) => setStats(next));
      client.onMenuItemAvailability(({ menuItemId, available }) =>
        setMenu((all) => all.map((item) => (item.menuItemId === menuItemId ? { ...item, available } : item))),
      );
      client.onRejoined(({ results, recovered }) => {
        // Recovered: the missed events were replayed (each re-reads the board)
        // and the client reads the stats; one more read costs little.
        if (recovered) refresh();
        for (const result of results) {
          if (result.ok && result.kind === "kitchen") {
            showBoard(result.ack.snapshot.orders);
            setStats(result.ack.snapshot.stats);
          }
        }
      });
      return async () => {
        const { snapshot } = await client.joinKitchenRoom();
        showBoard(snapshot.orders);
        setStats(snapshot.stats);
        api
          .get<{ stations: Station[] }>("/api/stations")
          .then((answer) => setStations(answer.stations))
          .catch((e: unknown) => reportRef.current(e));
        api
          .get<{ menu: MenuItem[] }>("/api/menu")
          .then((answer) => setMenu(answer.menu))
          .catch((e: unknown) => reportRef.current(e));
      };
    },
    [api, refresh, showBoard],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);
  useEffect(() => localStorage.setItem(thresholdsKey, JSON.stringify(thresholds)), [thresholds]);

  const apply = async (work: Promise<Order>) => {
    try {
      await work;
      refresh();
    } catch (e) {
      reportError(e);
      refresh();
    }
  };

  const ticketPath = (order: Order, verb: string) => `/api/kitchen/orders/${order.kitchenOrder!.kitchenOrderId}/${verb}`;
  const actions: TicketActions = {
    command: async (order, verb) => {
      await apply(api.post<Order>(ticketPath(order, verb)));
      if (verb === "complete") {
        const bumped = { kitchenOrderId: order.kitchenOrder!.kitchenOrderId, orderNumber: order.orderNumber, at: Date.now() };
        localStorage.setItem(lastBumpedKey, JSON.stringify(bumped));
        setLastBumped(bumped);
      }
    },
    reject: (order, reason) => apply(api.post<Order>(ticketPath(order, "cancel/reject"), { reason })),
    priority: (order, priority: KitchenPriority) => apply(api.patch<Order>(ticketPath(order, "priority"), { priority })),
    station: (order, stationId) => apply(api.put<Order>(ticketPath(order, "station"), { stationId })),
  };

  async function setAvailability(item: MenuItem, available: boolean) {
    try {
      const changed = await api.patch<MenuItem>(`/api/menu/items/${item.menuItemId}`, { available });
      setMenu((all) => all.map((m) => (m.menuItemId === changed.menuItemId ? changed : m)));
      show(available ? `Back on the menu: ${item.name}` : `86: ${item.name} is sold out`);
    } catch (e) {
      reportError(e);
    }
  }

  async function recall() {
    if (!lastBumped) return;
    try {
      await api.post<Order>(`/api/kitchen/orders/${lastBumped.kitchenOrderId}/recall`);
      show(`Recalled ${lastBumped.orderNumber}`);
      refresh();
    } catch (e) {
      reportError(e);
    }
    localStorage.removeItem(lastBumpedKey);
    setLastBumped(null);
  }

  const filtered = stationFilter === "all" ? orders : orders.filter((o) => o.kitchenOrder!.stationId === stationFilter);
  const board = sortTickets(filtered);
  const counts = allDay(filtered);
  const mayRecall = lastBumped !== null && now - lastBumped.at < recallWindowMs;

  return (
    <div className="app kitchen-app">
      <AppHeader title="Kitchen" who={session.name} status={status} onLogout={onLogout}>
        <div className="stats" aria-label="Kitchen stats" data-testid="kitchen-stats">
          <span className="stat">
            <b data-testid="stat-pending">{stats?.pending ?? "–"}</b> waiting
          </span>
          <span className="stat">
            <b data-testid="stat-preparing">{stats?.preparing ?? "–"}</b> cooking
          </span>
          <span className="stat">
            <b data-testid="stat-ready">{stats?.ready ?? "–"}</b> ready
          </span>
          <span className="stat">
            <b data-testid="stat-total">{stats?.total ?? "–"}</b> open
          </span>
        </div>
      </AppHeader>
      <div className="kitchen-toolbar" role="toolbar" aria-label="Kitchen tools">
        <div className="station-filter" role="group" aria-label="Station filter">
          <button type="button" aria-pressed={stationFilter === "all"} onClick={() => setStationFilter("all")}>
            All stations
          </button>
          {stations.map((s) => (
            <button key={s.stationId} type="button" aria-pressed={stationFilter === s.stationId} onClick={() => setStationFilter(s.stationId)}>
              {s.name}
            </button>
          ))}
        </div>
        <button type="button" disabled={!mayRecall} onClick={() => void recall()} title="Bring back the last bumped ticket (10 minutes)">
          {mayRecall ? `Recall ${lastBumped!.orderNumber}` : "Recall"}
        </button>
        <button type="button" aria-pressed={showAllDay} onClick={() => setShowAllDay((v) => !v)}>
          All day
        </button>
        <button type="button" aria-expanded={showSettings} onClick={() => setShowSettings((v) => !v)}>
          Timers
        </button>
        {may86 && (
          <button type="button" aria-expanded={show86} onClick={() => setShow86((v) => !v)}>
            86
          </button>
        )}
        {session.role === "manager" && (
          <button type="button" className="quiet" onClick={() => navigate("/waiter")}>
            Waiter app
          </button>
        )}
      </div>
      {showSettings && (
        <form className="timer-settings" onSubmit={(e) => e.preventDefault()} aria-label="Ticket timers">
          {(
            [
              ["warnMinutes", "Yellow after (minutes)"],
              ["lateMinutes", "Red after (minutes)"],
            ] as const
          ).map(([key, label]) => (
            <label key={key}>
              {label}
              <input
                type="number"
                min={1}
                max={240}
                value={thresholds[key]}
                onChange={(e) => setThresholds((t) => ({ ...t, [key]: Number(e.target.value) || t[key] }))}
              />
            </label>
          ))}
        </form>
      )}
      {show86 && <EightySixBoard menu={menu} onSet={(item, available) => void setAvailability(item, available)} />}
      <Toasts toasts={toasts} onDismiss={dismiss} />
      <div className="kitchen-layout">
        <section className="board" aria-label="Tickets" data-testid="board">
          {board.length === 0 && <p className="muted big">No open tickets.</p>}
          {board.map((order) => (
            <Ticket key={order.orderId} order={order} stations={stations} now={now} thresholds={thresholds} actions={actions} />
          ))}
        </section>
        {showAllDay && (
          <aside className="all-day" aria-label="All day">
            <h2>All day</h2>
            <ul>
              {counts.map(({ name, quantity }) => (
                <li key={name}>
                  <b>{quantity}</b> {name}
                </li>
              ))}
              {counts.length === 0 && <li className="muted">Nothing to cook.</li>}
            </ul>
          </aside>
        )}
      </div>
    </div>
  );
}

// The kitchen display (landscape, large, touch), or one station's screen
// (`/kitchen?station=grill`): open tickets by priority and age, each with its
// next step; cancellation requests up front; the stats in the header; an
// "all day" count; the station choice; recall of the last bump; the bump bar
// (bump-bar.ts). A station's screen shows only its lines, each with its own
// Start and Ready, and the other stations' progress on each ticket.

import { useCallback, useState } from "react";

import { ApiError } from "../api";
import type { MenuItem } from "../catalog";
import { AppHeader, Toasts, useNow, useToasts } from "../components";
import type { KitchenPriority, Order, OrderItem } from "@brigade/client";
import { navigate } from "../navigation";
import type { Session } from "../session";
import { nextPriority, useBumpBar } from "./bump-bar";
import { EightySixBoard } from "./eighty-six";
import { isToCook, partFor } from "./lines";
import { useStationChoice } from "./station-choice";
import { useStoredState } from "./stored";
import { Ticket, type TicketActions } from "./ticket";
import { allDay, forStation, oldestFirst, sortTickets, stillOnStation } from "./tickets";
import { defaultThresholds, thresholdsKey, type AgeThresholds } from "./timing";
import { useKitchenBoard } from "./use-kitchen-board";
import { useRecall } from "./use-recall";

export function KitchenDisplay({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const [showAllDay, setShowAllDay] = useState(true);
  const [thresholds, setThresholds] = useStoredState<AgeThresholds>(thresholdsKey, defaultThresholds);
  const [showSettings, setShowSettings] = useState(false);
  const [show86, setShow86] = useState(false);
  // A kitchen display only shows; a chef or a manager may 86 (docs/security.md).
  const may86 = session.role === "chef" || session.role === "manager";
  const now = useNow(1000);
  const { toasts, show, dismiss } = useToasts(6000);
  const reportError = useCallback((e: unknown) => show(e instanceof ApiError ? e.message : String(e), "error"), [show]);

  // The new-ticket sound follows the station chosen, which needs the stations the board loads.
  const [soundStation, setSoundStation] = useState<number | null>(null);
  const { api, orders, stats, stations, stationsLoaded, menu, setMenu, status } = useKitchenBoard({
    session,
    stationId: soundStation,
    onAuthFailure,
    onError: reportError,
  });
  const choice = useStationChoice(stations, stationsLoaded);
  const stationId = choice.station?.stationId ?? null;
  if (stationId !== soundStation) setSoundStation(stationId);

  const recall = useRecall({ api, stationId, openTickets: orders, onDone: (text) => show(text), onError: reportError });

  /** Whether the server took the change; its events bring it to the board. */
  const apply = async (work: Promise<unknown>): Promise<boolean> => {
    try {
      await work;
      return true;
    } catch (e) {
      reportError(e);
      return false;
    }
  };

  const ticketPath = (order: Order, verb: string) => `/api/kitchen/orders/${order.kitchenOrder!.kitchenOrderId}/${verb}`;
  const actions: TicketActions = {
    command: async (order, verb) => {
      const send = () => apply(api.post<Order>(ticketPath(order, verb)));
      await (verb === "complete" ? recall.bumping(order, send) : send());
    },
    reject: (order, reason) => apply(api.post<Order>(ticketPath(order, "cancel/reject"), { reason })),
    priority: (order, priority: KitchenPriority) => apply(api.patch<Order>(ticketPath(order, "priority"), { priority })),
    station: (order, station) => apply(api.put<Order>(ticketPath(order, "station"), { stationId: station })),
    line: async (order, item: OrderItem, step) => {
      const send = () => apply(api.patch<Order>(`/api/orders/${order.orderId}/items/${item.itemId}`, { status: step }));
      // The station's last line ready takes the ticket off the screen: a bump, as Station done is.
      const lastLine = step === "ready" && order.items.filter(isToCook).every((line) => line.itemId === item.itemId);
      await (lastLine ? recall.bumping(order, send) : send());
    },
    stationPart: async (order, station, verb) => {
      const send = () => apply(api.post<Order>(ticketPath(order, `stations/${station}/${verb}`)));
      await (verb === "ready" ? recall.bumping(order, send) : send());
    },
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

  // A station's screen: its tickets, with its lines, until its part is done.
  const shown = choice.resolving
    ? []
    : stationId !== null
      ? forStation(orders, stationId).filter((o) => stillOnStation(o, stationId, recall.recalled))
      : orders;
  const board = sortTickets(shown);
  const counts = allDay(shown);
  const mayRecall = recall.mayRecall(now);

  const byId = (id: number) => board.find((o) => o.kitchenOrder!.kitchenOrderId === id);
  const selected = useBumpBar(
    board.map((o) => o.kitchenOrder!.kitchenOrderId),
    oldestFirst(board)[0]?.kitchenOrder!.kitchenOrderId ?? null,
    {
      bump: (id) => {
        const order = byId(id);
        if (order) void bump(order);
      },
      start: (id) => {
        const order = byId(id);
        if (!order) return;
        if (stationId !== null) void actions.stationPart(order, stationId, "start");
        else void actions.command(order, "start");
      },
      cyclePriority: (id) => {
        const order = byId(id);
        if (order) void actions.priority(order, nextPriority(order.kitchenOrder!.priority));
      },
      recall: () => void recall.recall(),
    },
  );

  /** The bump bar's Enter: the ticket's next step (a station: its part done). */
  async function bump(order: Order) {
    if (stationId !== null) {
      const part = partFor(order, stationId);
      if (part?.status === "pending" || part?.status === "preparing") await actions.stationPart(order, stationId, "ready");
      else if (order.kitchenOrder!.kitchenOrderId === recall.recalled) recall.remember(order);
      return;
    }
    const status = order.kitchenOrder!.status;
    if (status === "pending" || status === "acknowledged") await actions.command(order, "start");
    else if (status === "preparing") await actions.command(order, "ready");
    else if (status === "ready") await actions.command(order, "complete");
  }

  return (
    <div className="app kitchen-app">
      <AppHeader title={choice.station ? `Kitchen: ${choice.station.name}` : "Kitchen"} who={session.name} status={status} onLogout={onLogout}>
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
          <button type="button" aria-pressed={stationId === null} onClick={() => choice.choose(null)}>
            All stations
          </button>
          {stations.map((s) => (
            <button key={s.stationId} type="button" aria-pressed={stationId === s.stationId} onClick={() => choice.choose(s)}>
              {s.name}
            </button>
          ))}
        </div>
        <button type="button" disabled={!mayRecall} onClick={() => void recall.recall()} title="Bring back the last bumped ticket (10 minutes)">
          {mayRecall ? `Recall ${recall.lastBumped!.orderNumber}` : "Recall"}
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
        <button type="button" className="quiet" onClick={() => navigate("/kitchen/expo")}>
          Expo
        </button>
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
      {choice.unknown !== null && (
        <p className="station-missing" role="alert">
          There is no station “{choice.unknown}”: showing the whole kitchen. Choose a station above.
        </p>
      )}
      <Toasts toasts={toasts} onDismiss={dismiss} />
      <div className="kitchen-layout">
        <section className="board" aria-label={choice.station ? `Tickets for ${choice.station.name}` : "Tickets"} data-testid="board" data-station={choice.station?.name}>
          {board.length === 0 && <p className="muted big">{choice.resolving ? "Loading…" : "No open tickets."}</p>}
          {board.map((order, i) => (
            <Ticket
              key={order.orderId}
              order={order}
              stationId={stationId}
              stations={stations}
              now={now}
              thresholds={thresholds}
              actions={actions}
              selected={order.kitchenOrder!.kitchenOrderId === selected}
              keyNumber={i < 9 ? i + 1 : null}
            />
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

// The kitchen's open tickets, live, for the kitchen display, a station's
// screen and the expo. The kitchen room's snapshot fills the board on every
// (re)join, and each event re-reads the board over REST (one small request,
// coalesced), so the board is never a guess after the Wi-Fi blinks: after a
// reconnection the server replays the missed events (a recovered session), or
// the client re-joins with a fresh snapshot and replays them from the event
// log. A station's screen re-reads only its station's tickets.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { apiFor } from "../api";
import type { MenuItem, Station } from "../catalog";
import { playSound } from "../components";
import type { KitchenStats, Order, OrderSocketClient } from "@brigade/client";
import { useLiveClient } from "../live";
import type { Session } from "../session";
import { forStation, openTickets } from "./tickets";

/** Kitchen room events after which the board is re-read. */
const boardEvents = [
  "order:new",
  "order:created",
  "order:confirmed",
  "order:status_changed",
  "order:items_added",
  "order:item_status_changed",
  "order:course_fired",
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
  "kitchen:item_station_changed",
  "kitchen:order_recalled",
] as const;

export function useKitchenBoard({
  session,
  stationId,
  onAuthFailure,
  onError,
}: {
  session: Session;
  /** A station's screen reads only that station's tickets; null: every ticket. */
  stationId: number | null;
  onAuthFailure: () => void;
  onError: (error: unknown) => void;
}) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [orders, setOrders] = useState<Order[]>([]);
  const [stats, setStats] = useState<KitchenStats | null>(null);
  const [stations, setStations] = useState<Station[] | null>(null);
  const [menu, setMenu] = useState<MenuItem[]>([]);
  const known = useRef<Set<number> | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const errorRef = useRef(onError);
  errorRef.current = onError;
  const stationRef = useRef(stationId);
  stationRef.current = stationId;

  /** Shows a board (a station's part of it); a ticket not seen before rings (not on the first load). */
  const showBoard = useCallback((next: Order[]) => {
    const station = stationRef.current;
    const open = openTickets(station === null ? next : forStation(next, station));
    const ids = new Set(open.map((o) => o.kitchenOrder!.kitchenOrderId));
    if (known.current && [...ids].some((id) => !known.current!.has(id))) playSound("new-ticket");
    known.current = ids;
    setOrders(open);
  }, []);

  const refresh = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      const station = stationRef.current;
      api
        .get<{ orders: Order[] }>(station === null ? "/api/kitchen/orders" : `/api/kitchen/orders?stationId=${station}`)
        .then((answer) => showBoard(answer.orders))
        .catch((e: unknown) => errorRef.current(e));
    }, 50);
  }, [api, showBoard]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of boardEvents) client.on(event, () => refresh());
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
          .catch((e: unknown) => errorRef.current(e));
        api
          .get<{ menu: MenuItem[] }>("/api/menu")
          .then((answer) => setMenu(answer.menu))
          .catch((e: unknown) => errorRef.current(e));
      };
    },
    [api, refresh, showBoard],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);

  // A station chosen (or left) re-reads the board for it, without ringing.
  useEffect(() => {
    known.current = null;
    refresh();
  }, [stationId, refresh]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  return { api, orders, stats, stations: stations ?? [], stationsLoaded: stations !== null, menu, setMenu, status, refresh };
}

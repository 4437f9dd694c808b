// The kitchen's open tickets, live, for the kitchen display, a station's
// screen and the expo. The kitchen room's snapshot fills the board when the
// screen joins, and again after a reconnection that could not recover the
// session; in between, each event of the room is applied to the board from its
// payload (board-state.ts, order-book.ts), so the board makes no REST read
// while the kitchen works, except for an order it has not seen (a recalled
// ticket, say). A station's screen shows the board's tickets with its lines.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { apiFor } from "../api";
import type { MenuItem, Station } from "../catalog";
import { playSound } from "../components";
import type { KitchenStats, Order, OrderSocketClient } from "@brigade/client";
import { useLiveClient } from "../live";
import { useOrderBook } from "../use-order-book";
import type { Session } from "../session";
import { boardOf, kitchenRoomEvents, onTheBoard } from "./board-state";

export function useKitchenBoard({
  session,
  stationId,
  onAuthFailure,
  onError,
}: {
  session: Session;
  /** A station's screen rings only for its own tickets; null: every ticket. */
  stationId: number | null;
  onAuthFailure: () => void;
  onError: (error: unknown) => void;
}) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const errorRef = useRef(onError);
  errorRef.current = onError;
  const reportError = useCallback((e: unknown) => errorRef.current(e), []);
  const { orders: held, loaded, book } = useOrderBook(api, onTheBoard, reportError);
  const [stats, setStats] = useState<KitchenStats | null>(null);
  const [stations, setStations] = useState<Station[] | null>(null);
  const [menu, setMenu] = useState<MenuItem[]>([]);
  const orders = useMemo(() => boardOf(held), [held]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      for (const event of kitchenRoomEvents) client.on(event, (payload: unknown) => book.hear(event, payload));
      client.onKitchenStatsUpdate((next) => setStats(next));
      client.onMenuItemAvailability(({ menuItemId, available }) =>
        setMenu((all) => all.map((item) => (item.menuItemId === menuItemId ? { ...item, available } : item))),
      );
      // Recovered: the missed events were applied as they came. A new
      // session: the board is the fresh snapshot, then the missed events.
      client.onRejoined(({ results, recovered }) => {
        if (recovered) return;
        for (const result of results) {
          if (result.kind !== "kitchen") continue;
          book.beginLoad();
          if (result.ok) {
            book.load(result.ack.snapshot.orders);
            setStats(result.ack.snapshot.stats);
          } else {
            api
              .get<{ orders: Order[] }>("/api/kitchen/orders")
              .then((answer) => book.load(answer.orders))
              .catch((e: unknown) => {
                book.loadFailed();
                reportError(e);
              });
          }
        }
      });
      return async () => {
        book.beginLoad();
        const { snapshot } = await client.joinKitchenRoom();
        book.load(snapshot.orders);
        setStats(snapshot.stats);
        api
          .get<{ stations: Station[] }>("/api/stations")
          .then((answer) => setStations(answer.stations))
          .catch(reportError);
        api
          .get<{ menu: MenuItem[] }>("/api/menu")
          .then((answer) => setMenu(answer.menu))
          .catch(reportError);
      };
    },
    [api, book, reportError],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);
  useNewTicketSound(held, loaded, stationId);

  return { api, orders, stats, stations: stations ?? [], stationsLoaded: stations !== null, menu, setMenu, status };
}

/** A ticket not on the screen before rings: not those of the first board, nor on a change of station. */
function useNewTicketSound(held: ReadonlyMap<number, Order>, loaded: boolean, stationId: number | null) {
  const known = useRef<{ station: number | null; ids: Set<number> } | null>(null);
  useEffect(() => {
    if (!loaded) return;
    const ids = new Set(boardOf(held, stationId).map((o) => o.kitchenOrder!.kitchenOrderId));
    const before = known.current;
    if (before && before.station === stationId && [...ids].some((id) => !before.ids.has(id))) playSound("new-ticket");
    known.current = { station: stationId, ids };
  }, [held, loaded, stationId]);
}

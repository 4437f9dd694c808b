// Recall: bring back the last ticket this screen bumped, for 10 minutes.
// A bumped (completed) ticket comes back ready (POST .../recall). A station's
// screen bumps its part off the screen while the ticket stays open: recalling
// shows it there again; once the pass completed it, it is recalled as well.
// A bump is remembered as it is sent, not when its answer comes back: the
// ticket leaves the screen on the server's event, which may arrive first, and
// R pressed then must recall it. R waits for the bump in flight; a refused
// bump is forgotten.

import { useRef, useState } from "react";

import type { Api } from "../api";
import type { Order } from "@brigade/client";
import { useStoredState } from "./stored";

const recallWindowMs = 10 * 60_000;

interface Bumped {
  kitchenOrderId: number;
  orderNumber: string;
  at: number;
}

export function useRecall({
  api,
  stationId,
  openTickets,
  onDone,
  onError,
}: {
  api: Api;
  stationId: number | null;
  /** The tickets the screen has open now. */
  openTickets: Order[];
  onDone: (message: string) => void;
  onError: (error: unknown) => void;
}) {
  const key = stationId === null ? "brigade.kitchen.lastBumped" : `brigade.kitchen.lastBumped.station-${stationId}`;
  const [lastBumped, setLastBumped] = useStoredState<Bumped | null>(key, null);
  // The ticket a station recalled: shown though its part is done, until bumped again.
  const [recalled, setRecalled] = useState<number | null>(null);

  // The bump sent last and not yet answered: true once the server took it.
  const inFlight = useRef<Promise<boolean> | null>(null);

  const remember = (order: Order) => {
    const id = order.kitchenOrder!.kitchenOrderId;
    setLastBumped({ kitchenOrderId: id, orderNumber: order.orderNumber, at: Date.now() });
    if (recalled === id) setRecalled(null);
  };

  /** Sends a bump, remembered at once; forgotten again if the server refuses it. */
  const bumping = async (order: Order, send: () => Promise<boolean>): Promise<boolean> => {
    const before = lastBumped;
    remember(order);
    const sent = send();
    inFlight.current = sent;
    const taken = await sent;
    if (inFlight.current === sent) inFlight.current = null;
    if (!taken) setLastBumped((now) => (now?.kitchenOrderId === order.kitchenOrder!.kitchenOrderId ? before : now));
    return taken;
  };

  const recall = async () => {
    if (!lastBumped) return;
    const pending = inFlight.current;
    if (pending && !(await pending)) return;
    // openTickets is as it was when R was pressed: a bump taken since has closed
    // the ticket on a screen that sees all stations, whatever the list still says.
    const closedByBump = pending !== null && stationId === null;
    const stillOpen =
      !closedByBump && openTickets.some((o) => o.kitchenOrder!.kitchenOrderId === lastBumped.kitchenOrderId);
    try {
      if (!stillOpen) await api.post<Order>(`/api/kitchen/orders/${lastBumped.kitchenOrderId}/recall`);
      if (stationId !== null) setRecalled(lastBumped.kitchenOrderId);
      onDone(`Recalled ${lastBumped.orderNumber}`);
    } catch (e) {
      onError(e);
    }
    setLastBumped(null);
  };

  const mayRecall = (now: number) => lastBumped !== null && now - lastBumped.at < recallWindowMs;

  return { lastBumped, recalled, remember, bumping, recall, mayRecall };
}

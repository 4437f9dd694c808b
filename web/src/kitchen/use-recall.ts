// Recall: bring back the last ticket this screen bumped, for 10 minutes.
// A bumped (completed) ticket comes back ready (POST .../recall). A station's
// screen bumps its part off the screen while the ticket stays open: recalling
// shows it there again; once the pass completed it, it is recalled as well.

import { useState } from "react";

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

  const remember = (order: Order) => {
    const id = order.kitchenOrder!.kitchenOrderId;
    setLastBumped({ kitchenOrderId: id, orderNumber: order.orderNumber, at: Date.now() });
    if (recalled === id) setRecalled(null);
  };

  const recall = async () => {
    if (!lastBumped) return;
    const stillOpen = openTickets.some((o) => o.kitchenOrder!.kitchenOrderId === lastBumped.kitchenOrderId);
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

  return { lastBumped, recalled, remember, recall, mayRecall };
}

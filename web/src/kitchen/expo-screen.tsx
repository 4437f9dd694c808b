// The expo screen (/kitchen/expo): the pass. Every open order, oldest first,
// with each station's part and its state; orders where one station is done and
// another is late stand out. "Bump to pass" sends the order to the pass
// (ticket ready), then "Complete" hands it over (served). Recall and the bump
// bar work as on the kitchen display.

import { useCallback } from "react";

import { ApiError } from "../api";
import { AppHeader, Toasts, useNow, useToasts } from "../components";
import type { Order } from "@brigade/client";
import { navigate } from "../navigation";
import type { Session } from "../session";
import { nextPriority, useBumpBar } from "./bump-bar";
import { ExpoTicket, expoStep } from "./expo-ticket";
import { useStoredState } from "./stored";
import { oldestFirst } from "./tickets";
import { defaultThresholds, thresholdsKey, type AgeThresholds } from "./timing";
import { useKitchenBoard } from "./use-kitchen-board";
import { useRecall } from "./use-recall";

export function ExpoScreen({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const [thresholds] = useStoredState<AgeThresholds>(thresholdsKey, defaultThresholds);
  const now = useNow(1000);
  const { toasts, show, dismiss } = useToasts(6000);
  const reportError = useCallback((e: unknown) => show(e instanceof ApiError ? e.message : String(e), "error"), [show]);
  const { api, orders, status } = useKitchenBoard({ session, stationId: null, onAuthFailure, onError: reportError });
  const recall = useRecall({ api, stationId: null, openTickets: orders, onDone: (text) => show(text), onError: reportError });

  /** Posts the ticket commands in turn, stopping at a refusal; their events bring the changes. */
  const post = async (order: Order, verbs: string[]) => {
    for (const verb of verbs) {
      const send = async () => {
        try {
          await api.post<Order>(`/api/kitchen/orders/${order.kitchenOrder!.kitchenOrderId}/${verb}`);
          return true;
        } catch (e) {
          reportError(e);
          return false;
        }
      };
      if (!(await (verb === "complete" ? recall.bumping(order, send) : send()))) return;
    }
  };
  const bump = (order: Order) => void post(order, expoStep(order));

  const board = oldestFirst(orders);
  const byId = (id: number) => board.find((o) => o.kitchenOrder!.kitchenOrderId === id);
  const ids = board.map((o) => o.kitchenOrder!.kitchenOrderId);
  const selected = useBumpBar(ids, ids[0] ?? null, {
    bump: (id) => {
      const order = byId(id);
      if (order) bump(order);
    },
    start: (id) => {
      const order = byId(id);
      if (order && (order.kitchenOrder!.status === "pending" || order.kitchenOrder!.status === "acknowledged")) void post(order, ["start"]);
    },
    cyclePriority: (id) => {
      const order = byId(id);
      if (!order) return;
      api
        .patch<Order>(`/api/kitchen/orders/${id}/priority`, { priority: nextPriority(order.kitchenOrder!.priority) })
        .catch(reportError);
    },
    recall: () => void recall.recall(),
  });
  const mayRecall = recall.mayRecall(now);

  return (
    <div className="app kitchen-app expo-app">
      <AppHeader title="Expo" who={session.name} status={status} onLogout={onLogout} />
      <div className="kitchen-toolbar" role="toolbar" aria-label="Expo tools">
        <button type="button" disabled={!mayRecall} onClick={() => void recall.recall()} title="Bring back the last bumped ticket (10 minutes)">
          {mayRecall ? `Recall ${recall.lastBumped!.orderNumber}` : "Recall"}
        </button>
        <button type="button" className="quiet" onClick={() => navigate("/kitchen")}>
          Kitchen display
        </button>
      </div>
      <Toasts toasts={toasts} onDismiss={dismiss} />
      <section className="board expo-board" aria-label="Orders at the pass" data-testid="expo-board">
        {board.length === 0 && <p className="muted big">No open orders.</p>}
        {board.map((order, i) => (
          <ExpoTicket
            key={order.orderId}
            order={order}
            now={now}
            thresholds={thresholds}
            selected={order.kitchenOrder!.kitchenOrderId === selected}
            keyNumber={i < 9 ? i + 1 : null}
            onBump={bump}
          />
        ))}
      </section>
    </div>
  );
}

// Issue 19's wire additions (item-level stations, held courses), until
// @brigade/client carries them: the same names and shapes as the server's
// contract, so switching to the client's types is a change of import.

import type { KitchenOrder as ClientTicket, Order as ClientOrder, OrderItem as ClientItem } from "@brigade/client";

export type { KitchenPriority, KitchenStats, OrderSocketClient } from "@brigade/client";

/** One station's part of a ticket. */
export interface StationPart {
  stationId: number | null;
  stationName: string | null;
  status: "held" | "pending" | "preparing" | "ready";
  items: number;
  readyItems: number;
  heldItems: number;
  startedAt: string | null;
  readyAt: string | null;
}

export type OrderItem = ClientItem & {
  stationId: number | null;
  stationName: string | null;
  held: boolean;
  firedAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  servedAt: string | null;
};

export type KitchenOrder = ClientTicket & { stations: StationPart[] };

export type Order = Omit<ClientOrder, "items" | "kitchenOrder"> & { items: OrderItem[]; kitchenOrder: KitchenOrder | null };

/** The client library's orders read as the contract's (the server sends the new keys). */
export const withStations = (orders: readonly ClientOrder[]): Order[] => orders as Order[];

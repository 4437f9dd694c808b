// Compile-time checks of the public types (npm run typecheck; never run):
// the ways a screen uses the client must type-check, the wrong ones must not.
import {
  CatchUpError,
  OrderSocketClient,
  RoomJoinError,
  type CatchUpResult,
  type KitchenSnapshot,
  type KitchenStats,
  type MenuResponse,
  type Order,
  type OrderLineRequest,
  type OrderItem,
  type OrderState,
  type ServerToClientEvents,
} from "@brigade/client";
import type { Socket } from "socket.io-client";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

export async function usage(): Promise<void> {
  const client = new OrderSocketClient({ ackTimeoutMs: 2000 });
  client.onKitchenOrderReady((data) => {
    expectType<Equal<typeof data.orderId, number>>(true);
    expectType<Equal<typeof data.tableId, number>>(true);
  });
  client.onOrderCreated((data) => {
    const items: OrderItem[] = data.items;
    const total: number = data.totalAmount;
    void items, total;
  });
  client.onKitchenStatsUpdate((stats) => expectType<Equal<typeof stats, KitchenStats>>(true));
  client.onKitchenAcknowledged((data) => expectType<Equal<typeof data.chefName, string | null>>(true));
  client.onOrderItemStatusChanged((data) => {
    // @ts-expect-error: status may be null
    const status: string = data.status;
    void status;
  });
  // @ts-expect-error: wrong payload type for the event
  client.onOrderCancelled((data: { kitchenOrderId: number }) => void data);
  client.offKitchenOrderReady();
  client.onKitchenOrderRecalled((data) => {
    expectType<Equal<typeof data.kitchenOrderId, number>>(true);
    expectType<Equal<keyof typeof data, "kitchenOrderId" | "orderId" | "tableId" | "order">>(true);
    // The order after the recall, without its lines (Brigade's addition).
    expectType<Equal<typeof data.order, OrderState>>(true);
  });
  // @ts-expect-error: a recall carries no prep time
  client.onKitchenOrderRecalled((data) => void data.prepTime);
  client.offKitchenOrderRecalled();

  await client.connect("http://localhost:8000", "waiter1", { reconnectionDelay: 100 });
  const { snapshot } = await client.joinKitchenRoom();
  expectType<Equal<typeof snapshot, KitchenSnapshot>>(true);
  const orders: Order[] = (await client.joinTableRoom(3)).snapshot.orders;
  const order: Order = (await client.joinOrderRoom(5)).snapshot.order;
  const ticket = order.kitchenOrder;
  // @ts-expect-error: null until confirmed
  void ticket.kitchenOrderId;
  void orders;
  // @ts-expect-error: waiters has no snapshot
  void (await client.joinWaitersRoom()).snapshot;

  try {
    await client.joinTableRoom(987654);
  } catch (err) {
    if (err instanceof RoomJoinError && err.code === "not_found") void err.room;
  }

  client.onConnectionStateChange((state, { previous }) => {
    if (state === "reconnecting" || previous === "lost") void state;
  });
  client.onRejoined(({ results }) => {
    for (const r of results) {
      if (r.ok && r.kind === "table") expectType<Equal<typeof r.ack.snapshot.tableId, number>>(true);
      if (!r.ok) void r.error.code;
    }
  });
  client.onRejoined(({ recovered, catchUp }) => {
    expectType<Equal<typeof recovered, boolean>>(true);
    expectType<Equal<typeof catchUp, CatchUpResult>>(true);
    if (catchUp.status === "ok") expectType<Equal<typeof catchUp.events, number>>(true);
    if (catchUp.status === "failed") expectType<Equal<typeof catchUp.error, CatchUpError>>(true);
    if (catchUp.status === "skipped") expectType<Equal<typeof catchUp.reason, "disabled" | "no_fetch" | "no_position" | "no_rooms">>(true);
    // @ts-expect-error: only "ok" says how many events follow
    void catchUp.events;
  });
  new OrderSocketClient({ catchUp: false });
  new OrderSocketClient({ catchUp: { baseUrl: "https://brigade.example.com", fetch: globalThis.fetch, pageSize: 100, maxEvents: 1000 } });
  // @ts-expect-error: catch-up options are an object
  new OrderSocketClient({ catchUp: "on" });

  const socket: Socket<ServerToClientEvents> | null = client.getSocket();
  socket?.on("kitchen:order_ready", (data) => void data.kitchenOrderId);
  client.getSocket()?.on("auth:revoked", ({ code, message }) => void [code, message]);
  client.onAuthRevoked((notice) => expectType<Equal<typeof notice.message, string>>(true));
  client.offAuthRevoked();
  client.onAuthExpired(({ code }) => void code);
  // @ts-expect-error: a session notice is not a routed event
  client.on("auth:revoked", () => {});
}

/** An order line's details and the menu they come from. */
export function orderDetails(order: Order, menu: MenuResponse): OrderLineRequest {
  const item = order.items[0]!;
  expectType<Equal<typeof item.seat, number | null>>(true);
  expectType<Equal<typeof item.course, number>>(true);
  expectType<Equal<typeof item.lineTotal, number>>(true);
  const extras: string[] = item.modifiers.map((m) => `${m.group}: ${m.name} ${m.priceDelta}`);
  const allergens: string[] = item.allergens;
  void extras, allergens;
  const burger = menu.menu[0]!;
  const cooking = burger.modifierGroups[0]!;
  expectType<Equal<typeof cooking.required, boolean>>(true);
  void menu.categories[0]?.position, menu.currency;
  // @ts-expect-error: an option is chosen by its id
  const wrong: OrderLineRequest = { menuItemId: burger.menuItemId, quantity: 1, modifiers: [2] };
  void wrong;
  return { menuItemId: burger.menuItemId, quantity: 1, modifiers: [{ optionId: cooking.options[0]!.optionId }], seat: 2, course: burger.course };
}

// The wire types of Brigade's real-time API: every server→client event with
// its payload, every client→server command with its acknowledgement, and the
// REST order form the room snapshots carry.
//
// Sources of truth (keys are listed in the order the server sends them):
//   - events and rooms: docs/events.md (rendered from src/realtime/event_routes.cpp)
//   - event payloads:   src/realtime/payloads.cpp
//   - items, money, instants, stats: src/wire/kitchen_json.cpp
//   - the order form:   order_json in src/api/wire_format.cpp (moving to src/wire)
//   - the menu and order line requests: menu.types.ts (GET /api/menu)
//
// Conventions: money is a decimal JS number (12.5); instants are ISO 8601 UTC
// strings ("2025-11-26T16:00:01.500Z"); ids are numbers; an absent id, name or
// instant is `null` (never a missing key).

import type { AllergenCode, OrderItemModifier } from "./menu.types.js";

// ---------------------------------------------------------------------------
// Enumerations (src/kitchen/status.cpp)

export type OrderStatus = "pending" | "confirmed" | "preparing" | "ready" | "served" | "completed" | "cancelled";
export type OrderItemStatus = "pending" | "preparing" | "ready" | "served" | "cancelled";
export type KitchenOrderStatus = "pending" | "acknowledged" | "preparing" | "ready" | "completed" | "cancelled";
export type KitchenPriority = "normal" | "express" | "vip";
export type CancelRequestStatus = "open" | "accepted" | "rejected";

/** An ISO 8601 UTC instant, e.g. "2025-11-26T16:00:01.500Z". */
export type IsoInstant = string;

// ---------------------------------------------------------------------------
// Shared shapes

/** One line of an order (wire::order_item_json). */
export interface OrderItem {
  itemId: number;
  menuItemId: number;
  /** Copied from the menu when ordered. */
  name: string;
  quantity: number;
  /** Copied from the menu when ordered. */
  unitPrice: number;
  /** Always a string: "" when the waiter wrote nothing (never null). */
  notes: string;
  status: OrderItemStatus;
  /** The options chosen, copied when ordered; [] when none. */
  modifiers: OrderItemModifier[];
  /** The guest's seat (1..100), or null: for the table. */
  seat: number | null;
  /** 1..5 (1 starters, 2 mains, 3 desserts). */
  course: number;
  /** The dish's allergens, copied from the menu when ordered. */
  allergens: (AllergenCode | (string & {}))[];
  /** quantity × (unitPrice + the options' price deltas), also when the item is cancelled. */
  lineTotal: number;
  /** The station that cooks the line (the dish's default, or a chef's choice); null: the ticket's. */
  stationId: number | null;
  stationName: string | null;
  /**
   * Not on the stations' screens yet: show it greyed, not counted in timers or "all day". With
   * `releaseAt` null it waits for the waiter to fire its course ("held"); with `releaseAt` its
   * course was fired and it waits for its turn (fire by prep time).
   */
  held: boolean;
  /** The dish's prep time in minutes when ordered (0: not given). */
  prepMinutes: number;
  /** When a held line of a fired course goes on the screens (fire by prep time); null otherwise. */
  releaseAt: IsoInstant | null;
  /** When it went to the kitchen; null while held or before the order is confirmed. */
  firedAt: IsoInstant | null;
  startedAt: IsoInstant | null;
  readyAt: IsoInstant | null;
  servedAt: IsoInstant | null;
}

/**
 * One station's share of a ticket (its lines not cancelled): `held` every line waits for its course,
 * `pending` fired lines and none started, `preparing`, `ready` every fired line ready or served.
 */
export interface StationPart {
  /** Null: the lines without a station. */
  stationId: number | null;
  stationName: string | null;
  status: "held" | "pending" | "preparing" | "ready";
  items: number;
  readyItems: number;
  heldItems: number;
  /** The first line started. */
  startedAt: IsoInstant | null;
  /** The last line ready, once the part is ready. */
  readyAt: IsoInstant | null;
  /** The earliest `releaseAt` of its held lines (fire by prep time); null when none waits for its turn. */
  nextReleaseAt: IsoInstant | null;
}

/** Open kitchen tickets by status (wire::stats_json); `pending` counts acknowledged tickets too. */
export interface KitchenStats {
  pending: number;
  preparing: number;
  ready: number;
  /** Every open (not completed, not cancelled) ticket. */
  total: number;
}

/** An order's kitchen ticket, as embedded in {@link Order} (kitchen_order_json). */
export interface KitchenOrder {
  kitchenOrderId: number;
  orderId: number;
  tableId: number;
  status: KitchenOrderStatus;
  priority: KitchenPriority;
  stationId: number | null;
  stationName: string | null;
  chefId: number | null;
  chefName: string | null;
  /** Items were added after the ticket was created. */
  changed: boolean;
  createdAt: IsoInstant;
  acknowledgedAt: IsoInstant | null;
  startedAt: IsoInstant | null;
  readyAt: IsoInstant | null;
  completedAt: IsoInstant | null;
  cancelledAt: IsoInstant | null;
  /** Whole minutes from ticket creation to completion; null until completed. */
  prepTime: number | null;
  /** Each station's share of the ticket, by station id ("grill done, fry 2 min"). */
  stations: StationPart[];
}

/** A waiter's cancellation request, as embedded in {@link Order} (cancel_request_json). */
export interface CancelRequest {
  reason: string;
  status: CancelRequestStatus;
  /** Staff id of the member of staff who asked. */
  requestedBy: number;
  requestedAt: IsoInstant;
  rejectionReason: string | null;
  decidedAt: IsoInstant | null;
}

/** The REST order form (order_json): GET /api/orders/:id, and the room snapshots. */
export interface Order {
  orderId: number;
  /** "A-0042": unique per restaurant and business day. */
  orderNumber: string;
  tableId: number;
  status: OrderStatus;
  items: OrderItem[];
  /** Always a string: "" when none. */
  notes: string;
  /** Sum of the items not cancelled. */
  totalAmount: number;
  /** After discount, service charge and tax. */
  finalAmount: number;
  /** Staff id of the waiter who created it. */
  createdBy: number;
  createdAt: IsoInstant;
  confirmedAt: IsoInstant | null;
  preparingAt: IsoInstant | null;
  readyAt: IsoInstant | null;
  servedAt: IsoInstant | null;
  completedAt: IsoInstant | null;
  cancelledAt: IsoInstant | null;
  /** Null until the order is confirmed. */
  kitchenOrder: KitchenOrder | null;
  cancelRequest: CancelRequest | null;
}

/** A ticket without its station parts, as events carry it ({@link OrderState}). */
export type KitchenOrderState = Omit<KitchenOrder, "stations">;

/**
 * The order after a change, as events carry it (`order`, Brigade's addition): the REST
 * {@link Order} without its `items` and without the ticket's `stations` (wire::order_header_json).
 * The lines the change concerns travel in the event's own `items` or `item`.
 */
export interface OrderState extends Omit<Order, "items" | "kitchenOrder"> {
  kitchenOrder: KitchenOrderState | null;
}

// ---------------------------------------------------------------------------
// Server → client event payloads (src/realtime/payloads.cpp)
//
// After the specification's keys come Brigade's (docs/events.md, "What a screen needs to apply an
// event"): `order` on every order and ticket event but order:created and order:new, and the
// lines the change concerns whole (`items`, `item`), so a screen can apply an event without a REST read.

/** `order:created` (kitchen, waiters, table). */
export interface OrderCreatedPayload {
  orderId: number;
  tableId: number;
  orderNumber: string;
  status: OrderStatus;
  totalAmount: number;
  finalAmount: number;
  items: OrderItem[];
  /** Brigade's addition: the rest of the new order. */
  notes: string;
  createdBy: number;
  createdAt: IsoInstant;
}

/** `order:new` (kitchen): `order:created` without the amounts (nor Brigade's additions). */
export interface OrderNewPayload {
  orderId: number;
  tableId: number;
  orderNumber: string;
  status: OrderStatus;
  items: OrderItem[];
}

/** `order:confirmed` (kitchen, waiters, table). */
export interface OrderConfirmedPayload {
  orderId: number;
  tableId: number;
  orderNumber: string;
  confirmedAt: IsoInstant | null;
  /** Every line: the first course fired, the later ones held (Brigade's addition). */
  items: OrderItem[];
  order: OrderState;
}

/** `order:status_changed` (kitchen, waiters, table, order) and `order:status` (table). */
export interface OrderStatusChangedPayload {
  orderId: number;
  tableId: number;
  status: OrderStatus;
  order: OrderState;
}

/** `order:status` (table): same payload as `order:status_changed`. */
export type OrderStatusPayload = OrderStatusChangedPayload;

/** `order:items_added` (kitchen, table, order): only the lines just added. */
export interface OrderItemsAddedPayload {
  orderId: number;
  tableId: number;
  items: OrderItem[];
  newTotalAmount: number;
  newFinalAmount: number;
  order: OrderState;
}

/** `order:item_status_changed` (table, waiters, order, and the kitchen: Brigade's addition). */
export interface OrderItemStatusChangedPayload {
  orderId: number;
  itemId: number;
  /** Null only if the item is no longer on the order. */
  status: OrderItemStatus | null;
  /** The station that cooks the line (its own, else the ticket's). */
  stationId: number | null;
  course: number | null;
  /** The whole line after the change (Brigade's addition); null only if it is no longer on the order. */
  item: OrderItem | null;
  order: OrderState;
}

/** `order:course_fired` (kitchen, waiters, order): the waiter fired a held course. */
export interface OrderCourseFiredPayload {
  orderId: number;
  tableId: number;
  course: number;
  /** The course's lines now in the kitchen. */
  itemIds: number[];
  firedAt: IsoInstant | null;
  /** Every line of the course, whole (Brigade's addition). */
  items: OrderItem[];
  order: OrderState;
}

/** `order:cancel_request` (kitchen, order). */
export interface OrderCancelRequestPayload {
  orderId: number;
  tableId: number;
  reason: string;
  /** The member of staff who asked. */
  staffId: number | null;
  order: OrderState;
}

/** `order:cancelled` (kitchen, table, waiters, order). */
export interface OrderCancelledPayload {
  orderId: number;
  tableId: number;
  reason: string;
  order: OrderState;
}

/** `kitchen:order_acknowledged` (kitchen, waiters, order) and `kitchen:acknowledged` (order). */
export interface KitchenOrderAcknowledgedPayload {
  kitchenOrderId: number;
  orderId: number;
  chefId: number | null;
  chefName: string | null;
  order: OrderState;
}

/** `kitchen:acknowledged` (order): same payload as `kitchen:order_acknowledged`. */
export type KitchenAcknowledgedPayload = KitchenOrderAcknowledgedPayload;

/** A ticket move: `kitchen:order_preparing`, `kitchen:order_ready`, `kitchen:order_recalled`, `kitchen:cancel_accepted` and their short names. */
export interface KitchenTicketPayload {
  kitchenOrderId: number;
  orderId: number;
  tableId: number;
  order: OrderState;
}

/** `kitchen:order_preparing` (kitchen, table, waiters). */
export type KitchenOrderPreparingPayload = KitchenTicketPayload;
/** `kitchen:preparing` (table). */
export type KitchenPreparingPayload = KitchenTicketPayload;
/** `kitchen:order_ready` (kitchen, table, waiters, order). */
export type KitchenOrderReadyPayload = KitchenTicketPayload;
/** `kitchen:ready` (table, order). */
export type KitchenReadyPayload = KitchenTicketPayload;
/** `kitchen:cancel_accepted` (kitchen, waiters, order). */
export type KitchenCancelAcceptedPayload = KitchenTicketPayload;

/** `kitchen:order_completed` (kitchen, table, waiters). */
export interface KitchenOrderCompletedPayload {
  kitchenOrderId: number;
  orderId: number;
  tableId: number;
  /** Whole minutes from ticket creation to completion (null only if the ticket has no completion time). */
  prepTime: number | null;
  order: OrderState;
}

/**
 * `kitchen:order_recalled` (kitchen, waiters, table, order): a ticket bumped by mistake was taken
 * back within 10 minutes and is ready again (an `order:status_changed` to `ready` follows when the
 * bump had served the order). Not in the specification: Brigade's own.
 */
export type KitchenOrderRecalledPayload = KitchenTicketPayload;

/** `kitchen:cancel_rejected` (kitchen, waiters, order). */
export interface KitchenCancelRejectedPayload {
  kitchenOrderId: number;
  orderId: number;
  tableId: number;
  reason: string;
  order: OrderState;
}

/** `kitchen:priority_changed` (kitchen). */
export interface KitchenPriorityChangedPayload {
  kitchenOrderId: number;
  orderId: number;
  priority: KitchenPriority;
  order: OrderState;
}

/** `kitchen:item_station_changed` (kitchen): a chef sent one line to another station. */
export interface KitchenItemStationChangedPayload {
  kitchenOrderId: number;
  orderId: number;
  itemId: number;
  stationId: number | null;
  stationName: string | null;
  /** The whole line (Brigade's addition); null only if it is no longer on the order. */
  item: OrderItem | null;
  order: OrderState;
}

/** `kitchen:station_assigned` (kitchen). */
export interface KitchenStationAssignedPayload {
  kitchenOrderId: number;
  orderId: number;
  stationId: number | null;
  stationName: string | null;
  order: OrderState;
}

/** `kitchen:stats_update` (kitchen, throttled: a burst sends only the latest value). */
export type KitchenStatsUpdatePayload = KitchenStats;

/** `menu:item_availability` (kitchen, waiters): a dish sold out (86) or available again. */
export interface MenuItemAvailabilityPayload {
  menuItemId: number;
  name: string;
  available: boolean;
}

/** Every event the server emits, socket.io-client style (`Socket<ServerToClientEvents, …>`). */
export interface ServerToClientEvents {
  "order:created": (payload: OrderCreatedPayload) => void;
  "order:new": (payload: OrderNewPayload) => void;
  "order:confirmed": (payload: OrderConfirmedPayload) => void;
  "order:status_changed": (payload: OrderStatusChangedPayload) => void;
  "order:status": (payload: OrderStatusPayload) => void;
  "order:items_added": (payload: OrderItemsAddedPayload) => void;
  "order:item_status_changed": (payload: OrderItemStatusChangedPayload) => void;
  "order:course_fired": (payload: OrderCourseFiredPayload) => void;
  "order:cancel_request": (payload: OrderCancelRequestPayload) => void;
  "order:cancelled": (payload: OrderCancelledPayload) => void;
  "kitchen:order_acknowledged": (payload: KitchenOrderAcknowledgedPayload) => void;
  "kitchen:acknowledged": (payload: KitchenAcknowledgedPayload) => void;
  "kitchen:order_preparing": (payload: KitchenOrderPreparingPayload) => void;
  "kitchen:preparing": (payload: KitchenPreparingPayload) => void;
  "kitchen:order_ready": (payload: KitchenOrderReadyPayload) => void;
  "kitchen:ready": (payload: KitchenReadyPayload) => void;
  "kitchen:order_completed": (payload: KitchenOrderCompletedPayload) => void;
  "kitchen:order_recalled": (payload: KitchenOrderRecalledPayload) => void;
  "kitchen:cancel_accepted": (payload: KitchenCancelAcceptedPayload) => void;
  "kitchen:cancel_rejected": (payload: KitchenCancelRejectedPayload) => void;
  "kitchen:priority_changed": (payload: KitchenPriorityChangedPayload) => void;
  "kitchen:station_assigned": (payload: KitchenStationAssignedPayload) => void;
  "kitchen:item_station_changed": (payload: KitchenItemStationChangedPayload) => void;
  "kitchen:stats_update": (payload: KitchenStatsUpdatePayload) => void;
  "menu:item_availability": (payload: MenuItemAvailabilityPayload) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Every server event name, in the order of docs/events.md. */
export const SERVER_EVENT_NAMES = [
  "order:created",
  "order:new",
  "order:confirmed",
  "order:status_changed",
  "order:status",
  "order:items_added",
  "order:item_status_changed",
  "order:course_fired",
  "order:cancel_request",
  "order:cancelled",
  "kitchen:order_acknowledged",
  "kitchen:acknowledged",
  "kitchen:order_preparing",
  "kitchen:preparing",
  "kitchen:order_ready",
  "kitchen:ready",
  "kitchen:order_completed",
  "kitchen:order_recalled",
  "kitchen:cancel_accepted",
  "kitchen:cancel_rejected",
  "kitchen:priority_changed",
  "kitchen:station_assigned",
  "kitchen:item_station_changed",
  "kitchen:stats_update",
  "menu:item_availability",
] as const satisfies readonly ServerEventName[];

// ---------------------------------------------------------------------------
// Client → server commands and their acknowledgements

/** Room names as clients see them (the server scopes them to the restaurant). */
export type KitchenRoomName = "kitchen";
export type WaitersRoomName = "waiters";
export type TableRoomName = `table:${number}`;
export type OrderRoomName = `order:${number}`;
export type RoomName = KitchenRoomName | WaitersRoomName | TableRoomName | OrderRoomName;

/** Why a command was refused. */
export type AckErrorCode =
  /** A bad payload, e.g. a tableId that is missing or not a positive integer. */
  | "validation"
  /** No such table or order in the staff member's restaurant. */
  | "not_found"
  /** The server cannot answer right now. */
  | "unavailable";

export interface AckError {
  ok: false;
  error: {
    /** One of {@link AckErrorCode}; typed as string so a newer server's codes still type-check. */
    code: AckErrorCode | (string & {});
    message: string;
    /** The field a "validation" error is about (e.g. "tableId"). */
    field?: string;
    /** Further details the server may add next to code and message. */
    [detail: string]: unknown;
  };
}

export interface KitchenSnapshot {
  /** Orders with an open kitchen ticket, as GET /api/kitchen/orders `orders`. */
  orders: Order[];
  stats: KitchenStats;
}

export interface TableSnapshot {
  tableId: number;
  /** The table's open orders (not completed, not cancelled), oldest first. */
  orders: Order[];
}

export interface OrderSnapshot {
  order: Order;
}

export interface KitchenJoinAck {
  ok: true;
  room: KitchenRoomName;
  snapshot: KitchenSnapshot;
}

export interface WaitersJoinAck {
  ok: true;
  room: WaitersRoomName;
}

export interface TableJoinAck {
  ok: true;
  room: TableRoomName;
  snapshot: TableSnapshot;
}

export interface OrderJoinAck {
  ok: true;
  room: OrderRoomName;
  snapshot: OrderSnapshot;
}

export type JoinAck = KitchenJoinAck | WaitersJoinAck | TableJoinAck | OrderJoinAck;

export interface LeaveAck<R extends RoomName = RoomName> {
  ok: true;
  room: R;
}

/** What the server answers to a command: its success form or {@link AckError}. */
export type AckResponse<T> = T | AckError;

export interface TablePayload {
  tableId: number;
}

export interface OrderPayload {
  orderId: number;
}

/**
 * Every command a client sends, socket.io-client style. The kitchen and
 * waiters commands take no payload (the server also accepts `{}`).
 */
export interface ClientToServerEvents {
  "join:kitchen": (ack: (response: AckResponse<KitchenJoinAck>) => void) => void;
  "leave:kitchen": (ack: (response: AckResponse<LeaveAck<KitchenRoomName>>) => void) => void;
  "join:waiters": (ack: (response: AckResponse<WaitersJoinAck>) => void) => void;
  "leave:waiters": (ack: (response: AckResponse<LeaveAck<WaitersRoomName>>) => void) => void;
  "join:table": (payload: TablePayload, ack: (response: AckResponse<TableJoinAck>) => void) => void;
  "leave:table": (payload: TablePayload, ack: (response: AckResponse<LeaveAck<TableRoomName>>) => void) => void;
  "join:order": (payload: OrderPayload, ack: (response: AckResponse<OrderJoinAck>) => void) => void;
  "leave:order": (payload: OrderPayload, ack: (response: AckResponse<LeaveAck<OrderRoomName>>) => void) => void;
}

export type ClientCommandName = keyof ClientToServerEvents;

/**
 * Why the server is about to end a live connection: `auth:revoked` (a manager
 * deactivated the member of staff, changed their role, reset their password or
 * revoked the screen: code "token_revoked") and `auth:expired` (the token
 * lapsed without an `auth:refresh`: code "token_expired"). A server-side
 * disconnect follows at once, and socket.io-client does not reconnect.
 */
export interface SessionEndPayload {
  code: "token_revoked" | "token_expired" | (string & {});
  /** Says what to do, e.g. "Your account was deactivated by a manager". */
  message: string;
}

/**
 * The session notices a connection may get besides the routed events of
 * {@link ServerToClientEvents}: they carry no outbox offset and are never replayed.
 */
export interface SessionEventsFromServer {
  "auth:revoked": (payload: SessionEndPayload) => void;
  "auth:expired": (payload: SessionEndPayload) => void;
}

/** The `err.data` of a `connect_error` the server sent (e.g. code "unauthenticated"). */
export interface ConnectErrorData {
  code: string;
  message: string;
}

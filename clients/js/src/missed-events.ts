// Offsets and the catch-up of missed events.
//
// Every routed event of the server carries a last argument, its offset
// "<outbox sequence>.<part>" (docs/events.md, "Recovery"; docs/reliability.md):
// `part` counts the immediate routes of one outbox event in the order of the
// routing table (src/realtime/event_routes.cpp). GET /api/events returns the
// outbox itself (docs/api.md); routeOutboxEvent() turns one of its events
// into the Socket.IO events it was sent as, with the same payloads
// (src/realtime/payloads.cpp), rooms and offsets, so a client can replay what
// it missed exactly as it would have heard it live.

import type {
  KitchenOrder,
  KitchenStats,
  Order,
  OrderItem,
  OrderState,
  ServerEventName,
  ServerEventPayload,
} from "./socket-events.types.js";

// ---------------------------------------------------------------------------
// Offsets

/** Where an event stands in the restaurant's stream: outbox sequence, then part. */
export interface EventOffset {
  sequence: number;
  part: number;
}

const OFFSET_PATTERN = /^(\d+)\.(\d+)$/;

/** True for an offset argument ("42.1"). */
export function isOffsetText(value: unknown): value is string {
  return typeof value === "string" && OFFSET_PATTERN.test(value);
}

/** "42.1" → {sequence: 42, part: 1}; null when it is not an offset. */
export function parseOffset(text: string): EventOffset | null {
  const m = OFFSET_PATTERN.exec(text);
  if (!m) return null;
  const sequence = Number(m[1]);
  const part = Number(m[2]);
  if (!Number.isSafeInteger(sequence) || !Number.isSafeInteger(part)) return null;
  return { sequence, part };
}

export function formatOffset(offset: EventOffset): string {
  return `${offset.sequence}.${offset.part}`;
}

/** Negative when `a` comes before `b`, 0 when equal, positive after. */
export function compareOffsets(a: EventOffset, b: EventOffset): number {
  return a.sequence - b.sequence || a.part - b.part;
}

// ---------------------------------------------------------------------------
// GET /api/events (docs/api.md "Events")

/** The outbox event types, `type` of {@link OutboxEvent}. */
export type OutboxEventType =
  | "order.created"
  | "order.confirmed"
  | "order.status_changed"
  | "order.items_added"
  | "order.item_status_changed"
  | "order.cancel_requested"
  | "order.cancelled"
  | "ticket.acknowledged"
  | "ticket.preparing"
  | "ticket.ready"
  | "ticket.completed"
  | "ticket.recalled"
  | "ticket.cancel_accepted"
  | "ticket.cancel_rejected"
  | "ticket.priority_changed"
  | "ticket.station_assigned"
  | "kitchen.stats_changed"
  | "menu.item_availability_changed"
  | "order.course_fired"
  | "ticket.item_station_assigned";

/** One committed change, as GET /api/events returns it. */
export interface OutboxEvent {
  /** 1, 2, 3, … per restaurant, without gaps. */
  sequence: number;
  /** One of {@link OutboxEventType}; a string so a newer server's types still parse. */
  type: OutboxEventType | (string & {});
  occurredAt: string;
  actorId: number;
  orderId?: number;
  kitchenOrderId?: number;
  itemId?: number;
  addedItemIds?: number[];
  /** order.course_fired: the course the waiter fired. */
  course?: number;
  reason?: string;
  stats?: KitchenStats;
  /**
   * The order after the change (every type but kitchen.stats_changed and menu.*), with only the
   * items the change concerns (docs/api.md "Events").
   */
  order?: Order;
  /** The menu item after the change (menu.item_availability_changed). */
  menuItem?: { menuItemId: number; name: string; available: boolean };
}

/** A page of GET /api/events. */
export interface OutboxEventsPage {
  events: OutboxEvent[];
  /** The sequence of the last event returned, or `after` when none: the next page's `after`. */
  lastSequence: number;
  /** Later events exist: the page was cut by `limit` or by the server's byte bound (docs/api.md). */
  more?: boolean;
}

// ---------------------------------------------------------------------------
// Routing (a mirror of src/realtime/event_routes.cpp)

type RoomTarget = "kitchen" | "waiters" | "table" | "order";

interface Route {
  trigger: OutboxEventType;
  name: ServerEventName;
  rooms: readonly RoomTarget[];
  /** "ticket": only when the order has a kitchen ticket. */
  subject: "order" | "ticket";
  build: (event: OutboxEvent, order: Order, ticket: KitchenOrder) => unknown;
}

/** An id the server sends as null when it is 0 (wire::id_or_null). */
const idOrNull = (id: number | null | undefined): number | null => (id ? id : null);

/**
 * `order` of the events (wire::order_header_json) from a whole order (REST) or the outbox's: the
 * order without its items and without the ticket's station parts (which the outbox's few items
 * could not count right).
 */
export function orderState(o: Order): OrderState {
  const { items: _items, kitchenOrder, cancelRequest, ...rest } = o;
  if (!kitchenOrder) return { ...rest, kitchenOrder: null, cancelRequest };
  const { stations: _stations, ...ticket } = kitchenOrder;
  return { ...rest, kitchenOrder: ticket, cancelRequest };
}

const created = (_e: OutboxEvent, o: Order): ServerEventPayload<"order:created"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  orderNumber: o.orderNumber,
  status: o.status,
  totalAmount: o.totalAmount,
  finalAmount: o.finalAmount,
  items: o.items,
  notes: o.notes,
  createdBy: o.createdBy,
  createdAt: o.createdAt,
});
const news = (_e: OutboxEvent, o: Order): ServerEventPayload<"order:new"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  orderNumber: o.orderNumber,
  status: o.status,
  items: o.items,
});
const confirmed = (_e: OutboxEvent, o: Order): ServerEventPayload<"order:confirmed"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  orderNumber: o.orderNumber,
  confirmedAt: o.confirmedAt,
  items: o.items,
  order: orderState(o),
});
const status = (_e: OutboxEvent, o: Order): ServerEventPayload<"order:status_changed"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  status: o.status,
  order: orderState(o),
});
const itemsAdded = (e: OutboxEvent, o: Order): ServerEventPayload<"order:items_added"> => {
  const added = new Set(e.addedItemIds ?? []);
  return {
    orderId: o.orderId,
    tableId: o.tableId,
    items: o.items.filter((item) => added.has(item.itemId)),
    newTotalAmount: o.totalAmount,
    newFinalAmount: o.finalAmount,
    order: orderState(o),
  };
};
/** The station that cooks a line: its own, else the ticket's. */
const lineStation = (o: Order, line: OrderItem | undefined): number | null =>
  line ? (line.stationId ?? o.kitchenOrder?.stationId ?? null) : null;
const itemStatus = (e: OutboxEvent, o: Order): ServerEventPayload<"order:item_status_changed"> => {
  const itemId = e.itemId ?? 0;
  const line = o.items.find((item) => item.itemId === itemId);
  return {
    orderId: o.orderId,
    itemId,
    status: line?.status ?? null,
    stationId: lineStation(o, line),
    course: line?.course ?? null,
    item: line ?? null,
    order: orderState(o),
  };
};
const courseFired = (e: OutboxEvent, o: Order): ServerEventPayload<"order:course_fired"> => {
  const course = e.course ?? 0;
  const courseLines = o.items.filter((item) => item.course === course);
  const lines = courseLines.filter((item) => item.firedAt !== null);
  const firedAt = lines.reduce<string | null>((last, item) => (last === null || (item.firedAt ?? "") > last ? item.firedAt : last), null);
  return {
    orderId: o.orderId,
    tableId: o.tableId,
    course,
    itemIds: lines.map((item) => item.itemId),
    firedAt,
    items: courseLines,
    order: orderState(o),
  };
};
const itemStation = (e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:item_station_changed"> => {
  const itemId = e.itemId ?? 0;
  const line = o.items.find((item) => item.itemId === itemId);
  return {
    kitchenOrderId: t.kitchenOrderId,
    orderId: o.orderId,
    itemId,
    stationId: lineStation(o, line),
    stationName: line && line.stationId !== null ? line.stationName : null,
    item: line ?? null,
    order: orderState(o),
  };
};
const cancelRequest = (e: OutboxEvent, o: Order): ServerEventPayload<"order:cancel_request"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  reason: e.reason ?? "",
  // The requester recorded on the request; the actor when there is none.
  staffId: idOrNull(o.cancelRequest ? o.cancelRequest.requestedBy : e.actorId),
  order: orderState(o),
});
const cancelled = (e: OutboxEvent, o: Order): ServerEventPayload<"order:cancelled"> => ({
  orderId: o.orderId,
  tableId: o.tableId,
  reason: e.reason ?? "",
  order: orderState(o),
});
const acknowledged = (_e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:order_acknowledged"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  chefId: t.chefId,
  chefName: t.chefName,
  order: orderState(o),
});
const ticket = (_e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:order_ready"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  tableId: o.tableId,
  order: orderState(o),
});
const completed = (_e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:order_completed"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  tableId: o.tableId,
  prepTime: t.prepTime,
  order: orderState(o),
});
const rejected = (e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:cancel_rejected"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  tableId: o.tableId,
  reason: e.reason ?? "",
  order: orderState(o),
});
const priority = (_e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:priority_changed"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  priority: t.priority,
  order: orderState(o),
});
const station = (_e: OutboxEvent, o: Order, t: KitchenOrder): ServerEventPayload<"kitchen:station_assigned"> => ({
  kitchenOrderId: t.kitchenOrderId,
  orderId: o.orderId,
  stationId: t.stationId,
  stationName: t.stationName,
  order: orderState(o),
});

// The immediate routes, in the server's table order (a trigger's parts are
// numbered in this order). kitchen.stats_changed is throttled: no offset.
const ROUTES: readonly Route[] = [
  { trigger: "order.created", name: "order:created", rooms: ["kitchen", "waiters", "table"], subject: "order", build: created },
  { trigger: "order.created", name: "order:new", rooms: ["kitchen"], subject: "order", build: news },
  { trigger: "order.confirmed", name: "order:confirmed", rooms: ["kitchen", "waiters", "table"], subject: "order", build: confirmed },
  { trigger: "order.status_changed", name: "order:status_changed", rooms: ["kitchen", "waiters", "table", "order"], subject: "order", build: status },
  { trigger: "order.status_changed", name: "order:status", rooms: ["table"], subject: "order", build: status },
  { trigger: "order.items_added", name: "order:items_added", rooms: ["kitchen", "table", "order"], subject: "order", build: itemsAdded },
  { trigger: "order.item_status_changed", name: "order:item_status_changed", rooms: ["table", "waiters", "order", "kitchen"], subject: "order", build: itemStatus },
  { trigger: "order.course_fired", name: "order:course_fired", rooms: ["kitchen", "waiters", "order"], subject: "order", build: courseFired },
  { trigger: "order.cancel_requested", name: "order:cancel_request", rooms: ["kitchen", "order"], subject: "order", build: cancelRequest },
  { trigger: "order.cancelled", name: "order:cancelled", rooms: ["kitchen", "table", "waiters", "order"], subject: "order", build: cancelled },
  { trigger: "ticket.acknowledged", name: "kitchen:order_acknowledged", rooms: ["kitchen", "waiters", "order"], subject: "ticket", build: acknowledged },
  { trigger: "ticket.acknowledged", name: "kitchen:acknowledged", rooms: ["order"], subject: "ticket", build: acknowledged },
  { trigger: "ticket.preparing", name: "kitchen:order_preparing", rooms: ["kitchen", "table", "waiters"], subject: "ticket", build: ticket },
  { trigger: "ticket.preparing", name: "kitchen:preparing", rooms: ["table"], subject: "ticket", build: ticket },
  { trigger: "ticket.ready", name: "kitchen:order_ready", rooms: ["kitchen", "table", "waiters", "order"], subject: "ticket", build: ticket },
  { trigger: "ticket.ready", name: "kitchen:ready", rooms: ["table", "order"], subject: "ticket", build: ticket },
  { trigger: "ticket.completed", name: "kitchen:order_completed", rooms: ["kitchen", "table", "waiters"], subject: "ticket", build: completed },
  { trigger: "ticket.recalled", name: "kitchen:order_recalled", rooms: ["kitchen", "waiters", "table", "order"], subject: "ticket", build: ticket },
  { trigger: "ticket.cancel_accepted", name: "kitchen:cancel_accepted", rooms: ["kitchen", "waiters", "order"], subject: "ticket", build: ticket },
  { trigger: "ticket.cancel_rejected", name: "kitchen:cancel_rejected", rooms: ["kitchen", "waiters", "order"], subject: "ticket", build: rejected },
  { trigger: "ticket.priority_changed", name: "kitchen:priority_changed", rooms: ["kitchen"], subject: "ticket", build: priority },
  { trigger: "ticket.station_assigned", name: "kitchen:station_assigned", rooms: ["kitchen"], subject: "ticket", build: station },
  { trigger: "ticket.item_station_assigned", name: "kitchen:item_station_changed", rooms: ["kitchen"], subject: "ticket", build: itemStation },
];

/** One Socket.IO event an outbox event was sent as. */
export interface RoutedEvent {
  event: ServerEventName;
  payload: unknown;
  offset: EventOffset;
  /** The rooms it went to, as clients name them ("kitchen", "table:3", "order:42"). */
  rooms: string[];
}

function roomName(target: RoomTarget, order: Order): string {
  switch (target) {
    case "kitchen":
    case "waiters":
      return target;
    case "table":
      return `table:${order.tableId}`;
    case "order":
      return `order:${order.orderId}`;
  }
}

/**
 * The immediate Socket.IO events `event` was sent as, with their payloads,
 * rooms and offsets. Empty for kitchen.stats_changed (throttled, see
 * {@link OutboxEvent.stats}) and for a type this client does not know.
 */
export function routeOutboxEvent(event: OutboxEvent): RoutedEvent[] {
  if (event.type === "menu.item_availability_changed" && event.menuItem) {
    const { menuItemId, name, available } = event.menuItem;
    const payload: ServerEventPayload<"menu:item_availability"> = { menuItemId, name, available };
    return [{ event: "menu:item_availability", payload, offset: { sequence: event.sequence, part: 0 }, rooms: ["kitchen", "waiters"] }];
  }
  const order = event.order;
  if (!order) return [];
  const out: RoutedEvent[] = [];
  let part = 0;
  for (const route of ROUTES) {
    if (route.trigger !== event.type) continue;
    const ticketOf = order.kitchenOrder;
    if (route.subject === "ticket" && !ticketOf) continue;
    out.push({
      event: route.name,
      payload: route.build(event, order, ticketOf as KitchenOrder),
      offset: { sequence: event.sequence, part: part++ },
      rooms: route.rooms.map((target) => roomName(target, order)),
    });
  }
  return out;
}

// OrderSocketClient: one Socket.IO connection to Brigade for a screen (waiter
// app, kitchen display, table display, order tracker), with typed listeners,
// room commands that resolve to their snapshots, and a connection state a UI
// can show. After a reconnection it either keeps the session the server
// recovered (same rooms, missed events replayed by the server) or re-joins
// its rooms and replays what it missed from GET /api/events.

import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";

import { CatchUpError, ConnectError, RoomCommandError, RoomJoinError, RoomLeaveError } from "./errors.js";
import {
  compareOffsets,
  formatOffset,
  isOffsetText,
  parseOffset,
  routeOutboxEvent,
  type EventOffset,
  type OutboxEventsPage,
} from "./missed-events.js";
import {
  SERVER_EVENT_NAMES,
  type AckError,
  type AckResponse,
  type ClientCommandName,
  type ClientToServerEvents,
  type ConnectErrorData,
  type JoinAck,
  type KitchenJoinAck,
  type KitchenRoomName,
  type KitchenStats,
  type LeaveAck,
  type OrderJoinAck,
  type OrderRoomName,
  type ServerEventName,
  type ServerToClientEvents,
  type SessionEventsFromServer,
  type TableJoinAck,
  type TableRoomName,
  type WaitersJoinAck,
  type WaitersRoomName,
} from "./socket-events.types.js";

/** The typed socket.io-client socket underneath (see {@link OrderSocketClient.getSocket}). */
export type BrigadeSocket = Socket<ServerToClientEvents & SessionEventsFromServer, ClientToServerEvents>;

/**
 * Where the connection stands:
 *   - "idle":         connect() was never called
 *   - "connecting":   connect() called, first connection not yet established
 *   - "connected":    connected; after a reconnection, once the session was recovered or every
 *                     remembered room re-joined (or failed to) and the missed events delivered
 *   - "reconnecting": the connection dropped; socket.io-client is trying again (missed events
 *                     delivered after a reconnection arrive while the state is still "reconnecting")
 *   - "lost":         given up: the first connection failed, the reconnection attempts ran out
 *                     (reconnect_failed), the server refused a reconnection (e.g. an expired
 *                     token) or ended the session itself. Call connect() again to retry.
 *   - "disconnected": disconnect() was called
 */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "lost" | "disconnected";

export interface ConnectionStateChange {
  previous: ConnectionState;
  /** The socket.io reason of a disconnection ("transport close", "ping timeout", …) when there is one. */
  reason?: string;
  /** The error that led to "lost" (or to a failed reconnection attempt). */
  error?: Error;
}

export type ConnectionStateListener = (state: ConnectionState, change: ConnectionStateChange) => void;

/** Which room a join or re-join was about. */
export type RoomKind = "kitchen" | "waiters" | "table" | "order";

/** The outcome of re-joining one remembered room after a reconnection. */
export type RejoinResult =
  | { kind: "kitchen"; room: KitchenRoomName; ok: true; ack: KitchenJoinAck }
  | { kind: "waiters"; room: WaitersRoomName; ok: true; ack: WaitersJoinAck }
  | { kind: "table"; room: TableRoomName; tableId: number; ok: true; ack: TableJoinAck }
  | { kind: "order"; room: OrderRoomName; orderId: number; ok: true; ack: OrderJoinAck }
  | { kind: RoomKind; room: string; ok: false; error: RoomJoinError };

/**
 * What the client did to fill the gap of a reconnection (see {@link RejoinedEvent}):
 *   - "recovered":      the server recovered the session and replayed the missed events itself;
 *                       they were delivered before this report
 *   - "ok":             read from GET /api/events; `events` missed events (those of the client's
 *                       rooms, merged with the ones that arrived live meanwhile, each once, in
 *                       outbox order) are delivered right after this report. `from` is the offset
 *                       of the last event heard before the gap ("42.1"), `lastSequence` the outbox
 *                       sequence the catch-up read up to
 *   - "skipped":        no catch-up: turned off (`catchUp: false`), no fetch in this environment,
 *                       no position (no event was heard since connect(), so there is nothing to
 *                       resume from), or no room to catch up on
 *   - "too_far_behind": more than `maxEvents` outbox events since `from`: none is replayed
 *   - "failed":         GET /api/events failed (`error.code`, e.g. "forbidden" for a table display)
 * Unless "ok" (or "recovered"), events may have been missed: the snapshots of `results` are
 * the screen's truth. Events that arrived live while re-joining are delivered after the report
 * in every case.
 */
export type CatchUpResult =
  | { status: "recovered" }
  | { status: "ok"; from: string; lastSequence: number; events: number }
  | { status: "skipped"; reason: "disabled" | "no_fetch" | "no_position" | "no_rooms" }
  | { status: "too_far_behind"; from: string; maxEvents: number }
  | { status: "failed"; from: string; error: CatchUpError };

/**
 * Sent after every reconnection, before the state goes back to "connected".
 *
 * `recovered: true`: the server kept the session (same socket id, rooms restored
 * server-side) and replayed the missed events before this report, through the
 * usual listeners. Nothing was re-joined: `results` is empty and
 * `catchUp.status` is "recovered".
 *
 * `recovered: false` (a new session: the recovery window passed, the server lost
 * the session, or recovery is off): every remembered room was re-joined and
 * `results` has one entry per room with its fresh snapshot; a screen replaces
 * what it showed with them. Then the missed events follow (see
 * {@link CatchUpResult}); they may already be reflected in the snapshots, so
 * apply them as any event after a join: idempotently.
 */
export interface RejoinedEvent {
  results: RejoinResult[];
  /** True when the server recovered the session (no re-join, events replayed by the server). */
  recovered: boolean;
  catchUp: CatchUpResult;
}

export type RejoinedListener = (event: RejoinedEvent) => void;

export interface OrderSocketClientOptions {
  /** How long a room command waits for its acknowledgement (default 5000 ms). */
  ackTimeoutMs?: number;
  /**
   * Called when a listener of this client throws (`event` is the server event,
   * "connectionStateChange" or "rejoined"). The other listeners run anyway.
   * Default: rethrow asynchronously (an uncaught exception, as with any
   * event emitter), so a bug in a screen is never silently swallowed.
   */
  onListenerError?: (error: unknown, event: string) => void;
  /**
   * The catch-up after a reconnection the server did not recover: read the
   * missed events from GET /api/events and deliver them (see {@link CatchUpResult}).
   * `true` (default): on, with the defaults of {@link CatchUpOptions}; `false`: off,
   * the re-join snapshots only. Also used, after a recovered reconnection, to read
   * the kitchen's current stats (GET /api/kitchen/stats), which the server does not replay.
   */
  catchUp?: boolean | CatchUpOptions;
}

export interface CatchUpOptions {
  /**
   * Base URL of the REST API, e.g. "https://brigade.example.com". Default: the
   * origin of connect()'s url (ws → http, wss → https), plus the prefix of the
   * socket.io `path` option when it ends in "/socket.io" (a server behind a
   * proxy at "/brigade/socket.io" → ".../brigade").
   */
  baseUrl?: string;
  /** The fetch to use; default `globalThis.fetch` (without one, the catch-up is skipped). */
  fetch?: typeof globalThis.fetch;
  /** Events per page of GET /api/events, 1–1000 (default 500). */
  pageSize?: number;
  /** Most outbox events one catch-up reads; further behind is "too_far_behind" (default 5000). */
  maxEvents?: number;
}

/**
 * socket.io-client options for connect(): reconnection tuning (reconnectionDelay,
 * reconnectionDelayMax, reconnectionAttempts, randomizationFactor), transports,
 * timeout, … `auth` is set from the token and `autoConnect` is always true.
 */
export type ConnectOptions = Partial<ManagerOptions & SocketOptions> & {
  /** Overrides the client's ack timeout from now on. */
  ackTimeoutMs?: number;
};

type Listener<E extends ServerEventName> = ServerToClientEvents[E];
type AnyListener = (...args: unknown[]) => void;
type SessionEventName = keyof SessionEventsFromServer;
const SESSION_EVENT_NAMES = ["auth:revoked", "auth:expired"] as const satisfies readonly SessionEventName[];

/** An event held back while the client re-joins and catches up. */
interface PendingEvent {
  event: ServerEventName;
  args: unknown[];
  offset: EventOffset;
}

/** A re-join and catch-up in progress: live events wait in `buffered` until the missed ones are delivered. */
interface Resync {
  buffered: PendingEvent[];
  /** The newest kitchen:stats_update that arrived meanwhile (latest value: only it matters). */
  liveStats: unknown[] | null;
}

interface ResolvedCatchUp {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  pageSize: number;
  maxEvents: number;
}

/** A room the client is in (and re-joins after a reconnection). */
interface RoomMembership {
  kind: RoomKind;
  room: string;
}

const DEFAULT_ACK_TIMEOUT_MS = 5000;
const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_MAX_EVENTS = 5000;

// Every event of ServerToClientEvents has its place in SERVER_EVENT_NAMES.
type MissingEventNames = Exclude<ServerEventName, (typeof SERVER_EVENT_NAMES)[number]>;
const everyEventListed: [MissingEventNames] extends [never] ? true : MissingEventNames = true;
void everyEventListed;

/** Rethrows outside the caller's stack: a throwing listener neither breaks the others nor the socket. */
function rethrowAsync(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

function isAckError(response: unknown): response is AckError {
  return typeof response === "object" && response !== null && (response as { ok?: unknown }).ok === false;
}

/**
 * One connection to a Brigade server.
 *
 * Room commands (`joinKitchenRoom()`, `joinTableRoom(3)`, …) resolve to the
 * server's ack (`{ok: true, room, snapshot?}`) and **reject** with a
 * {@link RoomJoinError} / {@link RoomLeaveError} carrying `code` when the
 * server answers `{ok: false, error: {code, message}}`, when no ack comes
 * within the ack timeout (code "timeout"), or when there is no connection
 * (code "not_connected"). So `const { snapshot } = await client.joinKitchenRoom()`
 * just works.
 *
 * The client remembers the rooms it joined (and forgets those it leaves).
 * After a reconnection the server either recovered the session (rooms kept,
 * missed events replayed) or not; then the client re-joins every room and
 * replays the missed events from GET /api/events. {@link onRejoined} says
 * which, with the fresh snapshots of a re-join.
 *
 * Listeners receive each event's payload only: the offset the server appends
 * as a last argument (docs/events.md) is taken off.
 *
 * Listeners (`onOrderCreated(cb)`, …) may be added before connect(); they
 * stay with the client across reconnections and connect() calls.
 */
export class OrderSocketClient {
  private socket: BrigadeSocket | null = null;
  private state: ConnectionState = "idle";
  private ackTimeoutMs: number;
  /** Bumped on every connection and disconnection of the socket, so a late re-join result is ignored. */
  private epoch = 0;
  private everConnected = false;
  private readonly listeners = new Map<ServerEventName, Set<AnyListener>>();
  private readonly sessionListeners = new Map<SessionEventName, Set<SessionEventsFromServer[SessionEventName]>>();
  private readonly stateListeners = new Set<ConnectionStateListener>();
  /** The client's own state watchers (commands waiting for a connection), apart from the app's. */
  private readonly stateWaiters = new Set<ConnectionStateListener>();
  private readonly rejoinedListeners = new Set<RejoinedListener>();
  private readonly rooms = new Map<string, RoomMembership>();
  private lastError: Error | undefined;
  /** The offset of the last event delivered to the listeners since connect(): where a catch-up resumes. */
  private lastOffset: EventOffset | null = null;
  /** Set while re-joining and catching up after a reconnection the server did not recover. */
  private resync: Resync | null = null;
  /**
   * After a catch-up: the offsets it delivered from GET /api/events, up to
   * outbox sequence `ceiling`. An event is announced after its commit, so the
   * read can see it before the socket does: its live copy is then dropped.
   */
  private replayed: { offsets: Set<string>; ceiling: number } | null = null;
  /** Counts kitchen:stats_update deliveries, so an older stats read never overwrites a newer update. */
  private statsDeliveries = 0;
  /** The REST base URL derived from connect()'s arguments (unless CatchUpOptions.baseUrl is set). */
  private restBaseUrl: string | null = null;

  private readonly onListenerError: (error: unknown, event: string) => void;
  private readonly catchUpOptions: CatchUpOptions | null;

  constructor(options: OrderSocketClientOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.onListenerError = options.onListenerError ?? rethrowAsync;
    const catchUp = options.catchUp ?? true;
    this.catchUpOptions = catchUp === false ? null : catchUp === true ? {} : catchUp;
  }

  // -------------------------------------------------------------------------
  // Connection

  /**
   * Connects to `url` (e.g. "http://localhost:8000") with `token` (sent as
   * `auth: {token}`). Resolves once connected; rejects with a
   * {@link ConnectError} on the first `connect_error` (the server's message
   * and code, e.g. "unauthenticated", or code "transport" when it cannot be
   * reached), leaving the client in state "lost" with no socket.
   *
   * A previous connection of this client is closed first (and its rooms forgotten).
   */
  connect(url: string, token: string, options: ConnectOptions = {}): Promise<void> {
    this.closeSocket();
    const { ackTimeoutMs, ...socketOptions } = options;
    if (ackTimeoutMs !== undefined) this.ackTimeoutMs = ackTimeoutMs;

    this.everConnected = false;
    this.lastOffset = null;
    this.restBaseUrl = deriveRestBaseUrl(url, socketOptions.path);
    const socket: BrigadeSocket = io(url, {
      ...socketOptions,
      auth: { token },
      autoConnect: false,
      forceNew: true,
    });
    this.socket = socket;
    this.attachListeners(socket);
    this.setState("connecting", {});

    return new Promise<void>((resolve, reject) => {
      // Events of a socket this client has since replaced or closed are ignored.
      const current = () => this.socket === socket;

      socket.on("connect", () => {
        if (!current()) return;
        this.epoch++;
        if (!this.everConnected) {
          this.everConnected = true;
          this.lastError = undefined;
          this.setState("connected", {});
          resolve();
        } else if (socket.recovered === true) {
          this.afterRecovery(socket, this.epoch);
        } else {
          void this.resynchronise(socket, this.epoch);
        }
      });

      socket.on("connect_error", (err: Error & { data?: unknown }) => {
        if (!current()) return;
        const error = toConnectError(err);
        this.lastError = error;
        if (!this.everConnected) {
          // The first connection failed: give up rather than retry behind a rejected promise.
          this.closeSocket();
          this.setState("lost", { error });
          reject(error);
        } else if (!socket.active) {
          // The server refused the reconnection (CONNECT_ERROR): socket.io-client will not retry.
          this.setState("lost", { error });
        } else if (this.state !== "reconnecting") {
          // A failed reconnection attempt; the manager keeps trying.
          this.setState("reconnecting", { error });
        }
      });

      socket.on("disconnect", (reason) => {
        if (!current()) return;
        this.epoch++; // Re-joins still in flight belong to the connection that just ended.
        // Events held back by an unfinished catch-up were never delivered: ask
        // the server to resume after the last one the listeners did get
        // (socket.io-client would send the last one it received).
        this.resync = null;
        this.replayed = null;
        if (this.lastOffset) (socket.auth as Record<string, unknown>).offset = formatOffset(this.lastOffset);
        if (socket.active) {
          this.setState("reconnecting", { reason });
        } else {
          // "io server disconnect": the server ended this session; socket.io-client will not reconnect.
          this.setState("lost", { reason });
        }
      });

      socket.io.on("reconnect_failed", () => {
        if (!current()) return;
        const error = new ConnectError("gave up reconnecting", "reconnect_failed", undefined);
        this.lastError = error;
        this.setState("lost", { error });
      });

      socket.connect();
    });
  }

  /** Closes the connection and forgets the rooms; listeners stay registered. State becomes "disconnected". */
  disconnect(): void {
    const hadSocket = this.socket !== null;
    this.closeSocket();
    if (hadSocket || this.state !== "idle") this.setState("disconnected", {});
  }

  /** The socket.io-client socket, or null before connect() and after disconnect(). */
  getSocket(): BrigadeSocket | null {
    return this.socket;
  }

  getConnectionState(): ConnectionState {
    return this.state;
  }

  /** The error behind the last failed (re)connection, if any. */
  getLastError(): Error | undefined {
    return this.lastError;
  }

  /** Rooms the client is in (and will re-join after a reconnection), e.g. ["kitchen", "table:3"]. */
  getJoinedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  onConnectionStateChange(listener: ConnectionStateListener): void {
    this.stateListeners.add(listener);
  }

  /** Removes `listener`, or every connection state listener when called without one. */
  offConnectionStateChange(listener?: ConnectionStateListener): void {
    if (listener) this.stateListeners.delete(listener);
    else this.stateListeners.clear();
  }

  /**
   * Called after every reconnection, before "connected": recovered by the server
   * (`recovered: true`, nothing re-joined) or re-joined with fresh snapshots and
   * caught up (see {@link RejoinedEvent}).
   */
  onRejoined(listener: RejoinedListener): void {
    this.rejoinedListeners.add(listener);
  }

  offRejoined(listener?: RejoinedListener): void {
    if (listener) this.rejoinedListeners.delete(listener);
    else this.rejoinedListeners.clear();
  }

  // -------------------------------------------------------------------------
  // Rooms

  /** Joins `kitchen`; resolves to `{ok, room, snapshot: {orders, stats}}`. */
  joinKitchenRoom(): Promise<KitchenJoinAck> {
    return this.join("kitchen", "kitchen", () => this.command<KitchenJoinAck>(RoomJoinError, "join:kitchen", "kitchen"));
  }

  leaveKitchenRoom(): Promise<LeaveAck<KitchenRoomName>> {
    return this.leave("kitchen", () => this.command<LeaveAck<KitchenRoomName>>(RoomLeaveError, "leave:kitchen", "kitchen"));
  }

  /** Joins `waiters`; resolves to `{ok, room}` (no snapshot). */
  joinWaitersRoom(): Promise<WaitersJoinAck> {
    return this.join("waiters", "waiters", () => this.command<WaitersJoinAck>(RoomJoinError, "join:waiters", "waiters"));
  }

  leaveWaitersRoom(): Promise<LeaveAck<WaitersRoomName>> {
    return this.leave("waiters", () => this.command<LeaveAck<WaitersRoomName>>(RoomLeaveError, "leave:waiters", "waiters"));
  }

  /** Joins `table:{tableId}`; resolves to `{ok, room, snapshot: {tableId, orders}}` (open orders, oldest first). */
  joinTableRoom(tableId: number): Promise<TableJoinAck> {
    const room = `table:${tableId}` as const;
    return this.join("table", room, () =>
      this.command<TableJoinAck>(RoomJoinError, "join:table", room, { tableId }),
    );
  }

  leaveTableRoom(tableId: number): Promise<LeaveAck<TableRoomName>> {
    const room = `table:${tableId}` as const;
    return this.leave(room, () => this.command<LeaveAck<TableRoomName>>(RoomLeaveError, "leave:table", room, { tableId }));
  }

  /** Joins `order:{orderId}`; resolves to `{ok, room, snapshot: {order}}`. */
  joinOrderRoom(orderId: number): Promise<OrderJoinAck> {
    const room = `order:${orderId}` as const;
    return this.join("order", room, () =>
      this.command<OrderJoinAck>(RoomJoinError, "join:order", room, { orderId }),
    );
  }

  leaveOrderRoom(orderId: number): Promise<LeaveAck<OrderRoomName>> {
    const room = `order:${orderId}` as const;
    return this.leave(room, () => this.command<LeaveAck<OrderRoomName>>(RoomLeaveError, "leave:order", room, { orderId }));
  }

  // -------------------------------------------------------------------------
  // Events: generic form

  /** Adds a listener for any server event; works before connect() too. */
  on<E extends ServerEventName>(event: E, listener: Listener<E>): void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as AnyListener);
  }

  /** Removes `listener` from `event`, or every listener this client holds for `event` when called without one. */
  off<E extends ServerEventName>(event: E, listener?: Listener<E>): void {
    if (listener) this.listeners.get(event)?.delete(listener as AnyListener);
    else this.listeners.delete(event);
  }

  // -------------------------------------------------------------------------
  // Events: one on/off pair per server event (docs/events.md)

  onOrderCreated(cb: Listener<"order:created">): void { this.on("order:created", cb); }
  offOrderCreated(cb?: Listener<"order:created">): void { this.off("order:created", cb); }

  onOrderNew(cb: Listener<"order:new">): void { this.on("order:new", cb); }
  offOrderNew(cb?: Listener<"order:new">): void { this.off("order:new", cb); }

  onOrderConfirmed(cb: Listener<"order:confirmed">): void { this.on("order:confirmed", cb); }
  offOrderConfirmed(cb?: Listener<"order:confirmed">): void { this.off("order:confirmed", cb); }

  onOrderStatusChanged(cb: Listener<"order:status_changed">): void { this.on("order:status_changed", cb); }
  offOrderStatusChanged(cb?: Listener<"order:status_changed">): void { this.off("order:status_changed", cb); }

  onOrderStatus(cb: Listener<"order:status">): void { this.on("order:status", cb); }
  offOrderStatus(cb?: Listener<"order:status">): void { this.off("order:status", cb); }

  onOrderItemsAdded(cb: Listener<"order:items_added">): void { this.on("order:items_added", cb); }
  offOrderItemsAdded(cb?: Listener<"order:items_added">): void { this.off("order:items_added", cb); }

  onOrderItemStatusChanged(cb: Listener<"order:item_status_changed">): void { this.on("order:item_status_changed", cb); }
  offOrderItemStatusChanged(cb?: Listener<"order:item_status_changed">): void { this.off("order:item_status_changed", cb); }

  onOrderCancelRequest(cb: Listener<"order:cancel_request">): void { this.on("order:cancel_request", cb); }
  offOrderCancelRequest(cb?: Listener<"order:cancel_request">): void { this.off("order:cancel_request", cb); }

  onOrderCancelled(cb: Listener<"order:cancelled">): void { this.on("order:cancelled", cb); }
  offOrderCancelled(cb?: Listener<"order:cancelled">): void { this.off("order:cancelled", cb); }

  onKitchenOrderAcknowledged(cb: Listener<"kitchen:order_acknowledged">): void { this.on("kitchen:order_acknowledged", cb); }
  offKitchenOrderAcknowledged(cb?: Listener<"kitchen:order_acknowledged">): void { this.off("kitchen:order_acknowledged", cb); }

  onKitchenAcknowledged(cb: Listener<"kitchen:acknowledged">): void { this.on("kitchen:acknowledged", cb); }
  offKitchenAcknowledged(cb?: Listener<"kitchen:acknowledged">): void { this.off("kitchen:acknowledged", cb); }

  onKitchenOrderPreparing(cb: Listener<"kitchen:order_preparing">): void { this.on("kitchen:order_preparing", cb); }
  offKitchenOrderPreparing(cb?: Listener<"kitchen:order_preparing">): void { this.off("kitchen:order_preparing", cb); }

  onKitchenPreparing(cb: Listener<"kitchen:preparing">): void { this.on("kitchen:preparing", cb); }
  offKitchenPreparing(cb?: Listener<"kitchen:preparing">): void { this.off("kitchen:preparing", cb); }

  onKitchenOrderReady(cb: Listener<"kitchen:order_ready">): void { this.on("kitchen:order_ready", cb); }
  offKitchenOrderReady(cb?: Listener<"kitchen:order_ready">): void { this.off("kitchen:order_ready", cb); }

  onKitchenReady(cb: Listener<"kitchen:ready">): void { this.on("kitchen:ready", cb); }
  offKitchenReady(cb?: Listener<"kitchen:ready">): void { this.off("kitchen:ready", cb); }

  onKitchenOrderCompleted(cb: Listener<"kitchen:order_completed">): void { this.on("kitchen:order_completed", cb); }
  offKitchenOrderCompleted(cb?: Listener<"kitchen:order_completed">): void { this.off("kitchen:order_completed", cb); }

  onKitchenOrderRecalled(cb: Listener<"kitchen:order_recalled">): void { this.on("kitchen:order_recalled", cb); }
  offKitchenOrderRecalled(cb?: Listener<"kitchen:order_recalled">): void { this.off("kitchen:order_recalled", cb); }

  onKitchenCancelAccepted(cb: Listener<"kitchen:cancel_accepted">): void { this.on("kitchen:cancel_accepted", cb); }
  offKitchenCancelAccepted(cb?: Listener<"kitchen:cancel_accepted">): void { this.off("kitchen:cancel_accepted", cb); }

  onKitchenCancelRejected(cb: Listener<"kitchen:cancel_rejected">): void { this.on("kitchen:cancel_rejected", cb); }
  offKitchenCancelRejected(cb?: Listener<"kitchen:cancel_rejected">): void { this.off("kitchen:cancel_rejected", cb); }

  onKitchenPriorityChanged(cb: Listener<"kitchen:priority_changed">): void { this.on("kitchen:priority_changed", cb); }
  offKitchenPriorityChanged(cb?: Listener<"kitchen:priority_changed">): void { this.off("kitchen:priority_changed", cb); }

  onKitchenStationAssigned(cb: Listener<"kitchen:station_assigned">): void { this.on("kitchen:station_assigned", cb); }
  offKitchenStationAssigned(cb?: Listener<"kitchen:station_assigned">): void { this.off("kitchen:station_assigned", cb); }

  onKitchenItemStationChanged(cb: Listener<"kitchen:item_station_changed">): void { this.on("kitchen:item_station_changed", cb); }
  offKitchenItemStationChanged(cb?: Listener<"kitchen:item_station_changed">): void { this.off("kitchen:item_station_changed", cb); }

  onOrderCourseFired(cb: Listener<"order:course_fired">): void { this.on("order:course_fired", cb); }
  offOrderCourseFired(cb?: Listener<"order:course_fired">): void { this.off("order:course_fired", cb); }

  onKitchenStatsUpdate(cb: Listener<"kitchen:stats_update">): void { this.on("kitchen:stats_update", cb); }
  offKitchenStatsUpdate(cb?: Listener<"kitchen:stats_update">): void { this.off("kitchen:stats_update", cb); }
  onMenuItemAvailability(cb: Listener<"menu:item_availability">): void { this.on("menu:item_availability", cb); }
  offMenuItemAvailability(cb?: Listener<"menu:item_availability">): void { this.off("menu:item_availability", cb); }

  // -------------------------------------------------------------------------
  // Session notices: the server is ending this connection (a disconnect follows, state "lost")

  /** `auth:revoked {code, message}`: a manager took this token's access away; log in (or pair) again. */
  onAuthRevoked(cb: SessionEventsFromServer["auth:revoked"]): void { this.onSession("auth:revoked", cb); }
  offAuthRevoked(cb?: SessionEventsFromServer["auth:revoked"]): void { this.offSession("auth:revoked", cb); }

  /** `auth:expired {code, message}`: the token lapsed without an `auth:refresh`. */
  onAuthExpired(cb: SessionEventsFromServer["auth:expired"]): void { this.onSession("auth:expired", cb); }
  offAuthExpired(cb?: SessionEventsFromServer["auth:expired"]): void { this.offSession("auth:expired", cb); }

  private onSession(event: SessionEventName, listener: SessionEventsFromServer[SessionEventName]): void {
    let set = this.sessionListeners.get(event);
    if (!set) {
      set = new Set();
      this.sessionListeners.set(event, set);
    }
    set.add(listener);
  }

  private offSession(event: SessionEventName, listener?: SessionEventsFromServer[SessionEventName]): void {
    if (listener) this.sessionListeners.get(event)?.delete(listener);
    else this.sessionListeners.delete(event);
  }

  // -------------------------------------------------------------------------
  // Internals

  private reportListenerError(error: unknown, event: string): void {
    try {
      this.onListenerError(error, event);
    } catch (secondary) {
      rethrowAsync(secondary);
    }
  }

  private setState(state: ConnectionState, change: Omit<ConnectionStateChange, "previous">): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    const full: ConnectionStateChange = { previous, ...change };
    for (const listener of [...this.stateWaiters, ...this.stateListeners]) {
      try {
        listener(state, full);
      } catch (error) {
        this.reportListenerError(error, "connectionStateChange");
      }
    }
  }

  /** One dispatcher per server event on the socket; it fans out to the listeners held by the client. */
  private attachListeners(socket: BrigadeSocket): void {
    for (const event of SERVER_EVENT_NAMES) {
      socket.on(event, ((...args: unknown[]) => this.receive(event, args)) as never);
    }
    // Not in the outbox: delivered as they come, never held back by a catch-up.
    for (const event of SESSION_EVENT_NAMES) {
      socket.on(event, (payload) => {
        for (const listener of [...(this.sessionListeners.get(event) ?? [])]) {
          try {
            listener(payload);
          } catch (error) {
            this.reportListenerError(error, event);
          }
        }
      });
    }
  }

  /** An event from the socket: its offset taken off, then delivered, or held back during a catch-up. */
  private receive(event: ServerEventName, args: unknown[]): void {
    let offset: EventOffset | null = null;
    const last = args[args.length - 1];
    if (args.length > 1 && isOffsetText(last)) {
      offset = parseOffset(last);
      args = args.slice(0, -1);
    }
    if (offset && this.replayed) {
      // Live events come in outbox order: past the catch-up's ceiling, no copy can follow.
      if (offset.sequence > this.replayed.ceiling) this.replayed = null;
      else if (this.replayed.offsets.has(formatOffset(offset))) return;
    }
    const resync = this.resync;
    if (resync) {
      if (offset) resync.buffered.push({ event, args, offset });
      else if (event === "kitchen:stats_update") resync.liveStats = args;
      else this.deliver(event, args, null); // Not part of the outbox stream: nothing to order it against.
      return;
    }
    this.deliver(event, args, offset);
  }

  private deliver(event: ServerEventName, args: unknown[], offset: EventOffset | null): void {
    if (offset) this.lastOffset = offset;
    if (event === "kitchen:stats_update") this.statsDeliveries++;
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this.reportListenerError(error, event);
      }
    }
  }

  private closeSocket(): void {
    this.epoch++;
    this.rooms.clear();
    this.resync = null;
    this.replayed = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    }
  }

  /** Resolves once the socket is connected (and re-joined after a reconnection); rejects if it gets nowhere. */
  private whenConnected(command: ClientCommandName, room: string, ErrorType: typeof RoomCommandError): Promise<BrigadeSocket> {
    const socket = this.socket;
    if (socket && this.state === "connected" && socket.connected) return Promise.resolve(socket);
    if (!socket || (this.state !== "connecting" && this.state !== "reconnecting")) {
      return Promise.reject(new ErrorType(command, room, "not_connected", `${command}: not connected (state ${this.state})`));
    }
    return new Promise((resolve, reject) => {
      const listener: ConnectionStateListener = (state) => {
        if (state === "connected" && this.socket === socket) {
          this.stateWaiters.delete(listener);
          resolve(socket);
        } else if (state !== "connecting" && state !== "reconnecting") {
          this.stateWaiters.delete(listener);
          reject(new ErrorType(command, room, "not_connected", `${command}: not connected (state ${state})`));
        }
      };
      this.stateWaiters.add(listener);
    });
  }

  /** Sends one room command with the ack timeout and unwraps its answer. */
  private async command<T>(
    ErrorType: typeof RoomCommandError,
    command: ClientCommandName,
    room: string,
    payload?: object,
    socket?: BrigadeSocket,
  ): Promise<T> {
    const target = socket ?? (await this.whenConnected(command, room, ErrorType));
    let response: AckResponse<T>;
    try {
      const timed = target.timeout(this.ackTimeoutMs) as unknown as {
        emitWithAck(event: string, ...args: unknown[]): Promise<AckResponse<T>>;
      };
      response = payload === undefined ? await timed.emitWithAck(command) : await timed.emitWithAck(command, payload);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = /timed out/i.test(message) ? "timeout" : "not_connected";
      throw new ErrorType(command, room, code, `${command}: ${message}`, { cause: error });
    }
    if (isAckError(response)) {
      const { code, message, ...details } = response.error;
      throw new ErrorType(command, room, code, message, { details });
    }
    return response as T;
  }

  private async join<A extends JoinAck>(kind: RoomKind, room: string, send: () => Promise<A>): Promise<A> {
    const socket = this.socket;
    const ack = await send();
    // Remembered only if the client still uses that connection (no disconnect() or connect() since).
    if (socket !== null && this.socket === socket) this.rooms.set(room, { kind, room });
    return ack;
  }

  private async leave<A>(room: string, send: () => Promise<A>): Promise<A> {
    // Forget it first: whatever the server answers, the client must not re-join it.
    this.rooms.delete(room);
    const socket = this.socket;
    if (!socket || !socket.connected) {
      // Not connected: the server already dropped this connection's rooms.
      return { ok: true, room } as A;
    }
    return send();
  }

  /** Still the connection `epoch` of `socket`? (No disconnection, connect() or disconnect() since.) */
  private isCurrent(socket: BrigadeSocket, epoch: number): boolean {
    return epoch === this.epoch && this.socket === socket && socket.connected;
  }

  private emitRejoined(event: RejoinedEvent): void {
    for (const listener of [...this.rejoinedListeners]) {
      try {
        listener(event);
      } catch (error) {
        this.reportListenerError(error, "rejoined");
      }
    }
  }

  /**
   * The server recovered the session: its rooms are back and the missed events
   * were replayed (delivered before the `connect` event). Report, go "connected",
   * and read the kitchen's stats, which are not replayed.
   */
  private afterRecovery(socket: BrigadeSocket, epoch: number): void {
    this.emitRejoined({ results: [], recovered: true, catchUp: { status: "recovered" } });
    if (!this.isCurrent(socket, epoch)) return;
    this.setState("connected", {});
    if (this.rooms.has("kitchen")) void this.refreshStats(socket, epoch);
  }

  private async refreshStats(socket: BrigadeSocket, epoch: number): Promise<void> {
    const rest = this.restConfig();
    if (typeof rest === "string") return;
    const deliveries = this.statsDeliveries;
    try {
      const stats = await this.getJson<KitchenStats>(rest, socket, "/api/kitchen/stats");
      // A live update since is newer than this read.
      if (this.isCurrent(socket, epoch) && this.rooms.has("kitchen") && this.statsDeliveries === deliveries) {
        this.deliver("kitchen:stats_update", [stats], null);
      }
    } catch {
      // The next stats change sends an update anyway.
    }
  }

  /**
   * A new session after a reconnection: re-join every remembered room, read
   * what was missed since the last event heard, then report the snapshots,
   * deliver the missed events in order, and go "connected". Live events of the
   * re-joined rooms wait meanwhile, so each event is delivered once, in order.
   */
  private async resynchronise(socket: BrigadeSocket, epoch: number): Promise<void> {
    const resync: Resync = { buffered: [], liveStats: null };
    this.resync = resync;
    const from = this.lastOffset;
    const results = await this.rejoinRooms(socket);
    if (!this.isCurrent(socket, epoch)) return;
    // Read only now: every event before a room was entered is in the outbox
    // read, every one after it arrives live.
    const { result, missed, stats } = await this.catchUp(socket, from);
    if (!this.isCurrent(socket, epoch) || this.resync !== resync) return;

    // Merged by offset: an event both read and heard live is delivered once.
    const byOffset = new Map<string, PendingEvent>();
    for (const e of missed) byOffset.set(formatOffset(e.offset), e);
    for (const e of resync.buffered) byOffset.set(formatOffset(e.offset), e);
    const pending = [...byOffset.values()].sort((a, b) => compareOffsets(a.offset, b.offset));
    this.resync = null;
    if (result.status === "ok" && missed.length > 0) {
      this.replayed = { offsets: new Set(missed.map((e) => formatOffset(e.offset))), ceiling: result.lastSequence };
    }

    const catchUp: CatchUpResult = result.status === "ok" ? { ...result, events: pending.length } : result;
    this.emitRejoined({ results, recovered: false, catchUp });
    for (const e of pending) {
      if (!this.isCurrent(socket, epoch)) return; // A listener disconnected.
      this.deliver(e.event, e.args, e.offset);
    }
    const latestStats = resync.liveStats ?? (stats && this.rooms.has("kitchen") ? [stats] : null);
    if (latestStats && this.isCurrent(socket, epoch)) this.deliver("kitchen:stats_update", latestStats, null);
    if (!this.isCurrent(socket, epoch)) return;
    this.setState("connected", {});
  }

  /** Re-joins every remembered room (a room now not_found or refused as validation is forgotten). */
  private rejoinRooms(socket: BrigadeSocket): Promise<RejoinResult[]> {
    const memberships = [...this.rooms.values()];
    return Promise.all(
      memberships.map(async (membership): Promise<RejoinResult> => {
        try {
          const ack = await this.rejoinOne(socket, membership);
          return rejoinSuccess(membership, ack);
        } catch (error) {
          const joinError =
            error instanceof RoomJoinError
              ? error
              : new RoomJoinError(`join:${membership.kind}`, membership.room, "unavailable", String(error), { cause: error });
          // A room that no longer exists, or that the server now refuses, is not retried.
          if (joinError.code === "not_found" || joinError.code === "validation") {
            if (this.rooms.get(membership.room) === membership) this.rooms.delete(membership.room);
          }
          return { kind: membership.kind, room: membership.room, ok: false, error: joinError };
        }
      }),
    );
  }

  /** The catch-up's settings, or why there is none. */
  private restConfig(): ResolvedCatchUp | "disabled" | "no_fetch" {
    const options = this.catchUpOptions;
    if (!options) return "disabled";
    const fetchFn = options.fetch ?? (typeof globalThis.fetch === "function" ? globalThis.fetch.bind(globalThis) : undefined);
    const baseUrl = options.baseUrl ?? this.restBaseUrl;
    if (!fetchFn || !baseUrl) return "no_fetch";
    return {
      baseUrl: baseUrl.replace(/\/+$/, ""),
      fetch: fetchFn,
      pageSize: Math.min(1000, Math.max(1, Math.trunc(options.pageSize ?? DEFAULT_PAGE_SIZE))),
      maxEvents: Math.max(1, options.maxEvents ?? DEFAULT_MAX_EVENTS),
    };
  }

  /**
   * Reads GET /api/events after `from` page by page and keeps the events the
   * client's rooms would have received (with offsets after `from`), and the
   * newest kitchen stats among them.
   */
  private async catchUp(
    socket: BrigadeSocket,
    from: EventOffset | null,
  ): Promise<{ result: CatchUpResult; missed: PendingEvent[]; stats: KitchenStats | null }> {
    const none = (result: CatchUpResult) => ({ result, missed: [], stats: null });
    const rest = this.restConfig();
    if (typeof rest === "string") return none({ status: "skipped", reason: rest });
    if (this.rooms.size === 0) return none({ status: "skipped", reason: "no_rooms" });
    if (!from) return none({ status: "skipped", reason: "no_position" });

    const fromText = formatOffset(from);
    const missed: PendingEvent[] = [];
    let stats: KitchenStats | null = null;
    // From the last event's own sequence: only some of its parts may have been heard.
    let after = Math.max(0, from.sequence - 1);
    let read = 0;
    try {
      for (;;) {
        const page = await this.getJson<OutboxEventsPage>(rest, socket, `/api/events?after=${after}&limit=${rest.pageSize}`);
        if (!page || !Array.isArray(page.events) || typeof page.lastSequence !== "number") {
          throw new CatchUpError("GET /api/events: not a page of events", "bad_response", 200);
        }
        for (const outboxEvent of page.events) {
          if (outboxEvent.stats) stats = outboxEvent.stats;
          for (const routed of routeOutboxEvent(outboxEvent)) {
            if (compareOffsets(routed.offset, from) <= 0) continue;
            if (!routed.rooms.some((room) => this.rooms.has(room))) continue;
            missed.push({ event: routed.event, args: [routed.payload], offset: routed.offset });
          }
        }
        read += page.events.length;
        // Up to date (docs/api.md): the server says so, or an older one returned fewer than asked for.
        const upToDate = page.more === undefined ? page.events.length < rest.pageSize : !page.more;
        if (upToDate || page.lastSequence <= after) {
          return { result: { status: "ok", from: fromText, lastSequence: page.lastSequence, events: missed.length }, missed, stats };
        }
        if (read >= rest.maxEvents) return none({ status: "too_far_behind", from: fromText, maxEvents: rest.maxEvents });
        after = page.lastSequence;
      }
    } catch (error) {
      const failure =
        error instanceof CatchUpError
          ? error
          : new CatchUpError(`GET /api/events: ${error instanceof Error ? error.message : String(error)}`, "network", undefined, {
              cause: error,
            });
      return none({ status: "failed", from: fromText, error: failure });
    }
  }

  /** GET `path` of the REST API with the connection's token; throws CatchUpError unless 200 with JSON. */
  private async getJson<T>(rest: ResolvedCatchUp, socket: BrigadeSocket, path: string): Promise<T> {
    const token = (socket.auth as { token?: unknown }).token;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (typeof token === "string" && token) headers.Authorization = `Bearer ${token}`;
    const response = await rest.fetch(rest.baseUrl + path, { headers });
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new CatchUpError(`GET ${path}: ${response.status}, not JSON`, response.ok ? "bad_response" : `http_${response.status}`, response.status, {
        cause: error,
      });
    }
    if (!response.ok) {
      const failure = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const code = typeof failure?.code === "string" ? failure.code : `http_${response.status}`;
      const message = typeof failure?.message === "string" ? failure.message : `HTTP ${response.status}`;
      throw new CatchUpError(`GET ${path}: ${message}`, code, response.status);
    }
    return body as T;
  }

  private rejoinOne(socket: BrigadeSocket, membership: RoomMembership): Promise<JoinAck> {
    const room = membership.room;
    switch (membership.kind) {
      case "kitchen":
        return this.command<KitchenJoinAck>(RoomJoinError, "join:kitchen", room, undefined, socket);
      case "waiters":
        return this.command<WaitersJoinAck>(RoomJoinError, "join:waiters", room, undefined, socket);
      case "table":
        return this.command<TableJoinAck>(RoomJoinError, "join:table", room, { tableId: idOf(room) }, socket);
      case "order":
        return this.command<OrderJoinAck>(RoomJoinError, "join:order", room, { orderId: idOf(room) }, socket);
    }
  }
}

/**
 * The REST API's base URL for a socket URL: its origin (ws → http, wss →
 * https; relative to the page in a browser) plus the prefix of a `path` that
 * ends in "/socket.io". Null when the URL cannot be parsed.
 */
function deriveRestBaseUrl(url: string, path: string | undefined): string | null {
  try {
    const page = (globalThis as { location?: { href?: string } }).location?.href;
    const parsed = new URL(url, page);
    const protocol = parsed.protocol === "ws:" ? "http:" : parsed.protocol === "wss:" ? "https:" : parsed.protocol;
    if (protocol !== "http:" && protocol !== "https:") return null;
    const socketPath = (path ?? "/socket.io").replace(/\/+$/, "");
    const prefix = socketPath.endsWith("/socket.io") ? socketPath.slice(0, -"/socket.io".length) : "";
    return `${protocol}//${parsed.host}${prefix}`;
  } catch {
    return null;
  }
}

function idOf(room: string): number {
  return Number(room.slice(room.indexOf(":") + 1));
}

function rejoinSuccess(membership: RoomMembership, ack: JoinAck): RejoinResult {
  switch (membership.kind) {
    case "kitchen":
      return { kind: "kitchen", room: "kitchen", ok: true, ack: ack as KitchenJoinAck };
    case "waiters":
      return { kind: "waiters", room: "waiters", ok: true, ack: ack as WaitersJoinAck };
    case "table":
      return { kind: "table", room: membership.room as TableRoomName, tableId: idOf(membership.room), ok: true, ack: ack as TableJoinAck };
    case "order":
      return { kind: "order", room: membership.room as OrderRoomName, orderId: idOf(membership.room), ok: true, ack: ack as OrderJoinAck };
  }
}

function toConnectError(err: Error & { data?: unknown }): ConnectError {
  const data = err.data;
  if (typeof data === "object" && data !== null && typeof (data as ConnectErrorData).code === "string") {
    const d = data as ConnectErrorData;
    // The data's message says what to do ("The token has expired; log in
    // again"); the packet's own is the generic "Authentication error".
    return new ConnectError(typeof d.message === "string" && d.message ? d.message : err.message, d.code, d, {
      cause: err,
    });
  }
  // No data: the server could not be reached (engine.io transport error).
  return new ConnectError(err.message, "transport", undefined, { cause: err });
}

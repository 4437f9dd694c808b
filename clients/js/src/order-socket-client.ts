// OrderSocketClient: one Socket.IO connection to Brigade for a screen (waiter
// app, kitchen display, table display, order tracker), with typed listeners,
// room commands that resolve to their snapshots, automatic re-join after every
// reconnection, and a connection state a UI can show.

import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";

import { ConnectError, RoomCommandError, RoomJoinError, RoomLeaveError } from "./errors.js";
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
  type LeaveAck,
  type OrderJoinAck,
  type OrderRoomName,
  type ServerEventName,
  type ServerToClientEvents,
  type TableJoinAck,
  type TableRoomName,
  type WaitersJoinAck,
  type WaitersRoomName,
} from "./socket-events.types.js";

/** The typed socket.io-client socket underneath (see {@link OrderSocketClient.getSocket}). */
export type BrigadeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Where the connection stands:
 *   - "idle":         connect() was never called
 *   - "connecting":   connect() called, first connection not yet established
 *   - "connected":    connected, and after a reconnection every remembered room re-joined (or failed to)
 *   - "reconnecting": the connection dropped; socket.io-client is trying again
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
 * Sent after every reconnection once each remembered room was re-joined:
 * the fresh snapshots let a screen replace what it showed, since events may
 * have been missed while disconnected.
 */
export interface RejoinedEvent {
  results: RejoinResult[];
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
type AnyListener = (payload: unknown) => void;

/** A room the client is in (and re-joins after a reconnection). */
interface RoomMembership {
  kind: RoomKind;
  room: string;
}

const DEFAULT_ACK_TIMEOUT_MS = 5000;

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
 * The client remembers the rooms it joined (and forgets those it leaves) and
 * re-joins them after every reconnection; {@link onRejoined} delivers the
 * fresh snapshots.
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
  private readonly stateListeners = new Set<ConnectionStateListener>();
  /** The client's own state watchers (commands waiting for a connection), apart from the app's. */
  private readonly stateWaiters = new Set<ConnectionStateListener>();
  private readonly rejoinedListeners = new Set<RejoinedListener>();
  private readonly rooms = new Map<string, RoomMembership>();
  private lastError: Error | undefined;

  private readonly onListenerError: (error: unknown, event: string) => void;

  constructor(options: OrderSocketClientOptions = {}) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.onListenerError = options.onListenerError ?? rethrowAsync;
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
        } else {
          void this.rejoinAll(socket, this.epoch);
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

  /** Called after every reconnection, once the remembered rooms were re-joined, with their fresh snapshots. */
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

  onKitchenStatsUpdate(cb: Listener<"kitchen:stats_update">): void { this.on("kitchen:stats_update", cb); }
  offKitchenStatsUpdate(cb?: Listener<"kitchen:stats_update">): void { this.off("kitchen:stats_update", cb); }

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
      const dispatch = (payload: unknown) => {
        const set = this.listeners.get(event);
        if (!set) return;
        for (const listener of [...set]) {
          try {
            listener(payload);
          } catch (error) {
            this.reportListenerError(error, event);
          }
        }
      };
      socket.on(event, dispatch as never);
    }
  }

  private closeSocket(): void {
    this.epoch++;
    this.rooms.clear();
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

  /** After a reconnection: re-join every remembered room, report the snapshots, then go "connected". */
  private async rejoinAll(socket: BrigadeSocket, epoch: number): Promise<void> {
    const memberships = [...this.rooms.values()];
    const results = await Promise.all(
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
    if (epoch !== this.epoch || this.socket !== socket || !socket.connected) return;
    const event: RejoinedEvent = { results };
    for (const listener of [...this.rejoinedListeners]) {
      try {
        listener(event);
      } catch (error) {
        this.reportListenerError(error, "rejoined");
      }
    }
    this.setState("connected", {});
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

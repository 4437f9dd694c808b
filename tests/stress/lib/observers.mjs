// Observers: sockets that stay connected through the whole churn, sit in
// fixed rooms (or follow sampled orders' rooms) and record every event. At
// the end, what each received is compared with what docs/events.md's routing
// table says it should have received for the restaurant's outbox (GET
// /api/events, the source of truth): for each order, the same event names
// in the same (commit) order, nothing missing, nothing extra.

import { io } from "socket.io-client";

import { connected } from "../../integration/support/clients.mjs";
import { EventLog, resolveRooms } from "../../integration/support/rooms.mjs";
import { patienceMs } from "./churners.mjs";

const statsEvent = "kitchen:stats_update";
/** An order-room observer moves on to a fresh socket below the 100-rooms limit. */
const roomsPerOrderObserver = 90;

export class Observer {
  constructor(label, socket) {
    this.label = label;
    this.socket = socket;
    this.rooms = new Set();
    this.log = new EventLog(socket, label);
    this.disconnects = [];
    socket.on("disconnect", (reason) => this.disconnects.push(reason));
  }

  /** Joins `room` (kitchen, waiters, table:3, order:5) and awaits an ok ack. */
  async enter(room) {
    const [kind, id] = room.split(":");
    const args = id === undefined ? [] : [{ [`${kind}Id`]: Number(id) }];
    const ack = await this.socket.timeout(patienceMs).emitWithAck(`join:${kind}`, ...args);
    if (ack?.ok !== true || ack.room !== room) throw new Error(`${this.label}: join ${room} → ${JSON.stringify(ack)}`);
    this.rooms.add(room);
  }

  /** Events other than the throttled stats, as [{event, orderId}]. */
  orderEvents() {
    return this.log.entries.filter((e) => e.event !== statsEvent).map((e) => ({ event: e.event, orderId: e.payload?.orderId }));
  }

  lastStats() {
    return this.log.entries.findLast((e) => e.event === statsEvent)?.payload;
  }
}

/** Connects an observer over the given transports (no reconnection: a drop is a failure). */
export async function openObserver(url, label, token, transports, nsp = "/", auth = { token }) {
  const socket = io(url + nsp, { auth, transports, forceNew: true, reconnection: false, timeout: patienceMs });
  await connected(socket, { timeoutMs: patienceMs });
  return new Observer(label, socket);
}

/**
 * Follows orders in their order:{id} rooms, each joined right after the
 * order is created and before anything else happens to it; opens a new
 * socket (alternating transports) when the current one is nearly full.
 */
export class OrderWatchers {
  constructor(url, token) {
    this.url = url;
    this.token = token;
    this.observers = [];
    this.picking = Promise.resolve(); // picks one at a time, so one new socket at a time
  }

  async watch(order) {
    this.picking = this.picking.catch(() => {}).then(() => this.pick());
    const observer = await this.picking;
    await observer.enter(`order:${order.orderId}`);
  }

  async pick() {
    let observer = this.observers.at(-1);
    if (observer === undefined || observer.reserved >= roomsPerOrderObserver) {
      const n = this.observers.length;
      const transports = n % 2 === 0 ? ["websocket"] : ["polling", "websocket"];
      observer = await openObserver(this.url, `order rooms #${n + 1}`, this.token, transports);
      observer.reserved = 0;
      this.observers.push(observer);
    }
    observer.reserved += 1;
    return observer;
  }
}

/** Every event of the restaurant after `after`, in sequence order. */
export async function readOutbox(api, after = 0) {
  const events = [];
  for (;;) {
    const res = await api("GET", `/api/events?after=${after}&limit=1000`);
    if (res.status !== 200) throw new Error(`GET /api/events → ${res.status} ${JSON.stringify(res.body)}`);
    events.push(...res.body.events);
    if (res.body.events.length < 1000) return events;
    after = res.body.lastSequence;
  }
}

/**
 * What `observer` should have received, per order id: the Socket.IO event
 * names the routing table sends for each outbox event to any room it is in
 * (once per socket however many of them), in outbox order.
 */
export function expectedEvents(observer, outbox, routes) {
  const expected = new Map();
  for (const domainEvent of outbox) {
    if (domainEvent.type === "kitchen.stats_changed") continue; // throttled: checked by lastStats
    for (const route of routes) {
      if (route.trigger !== domainEvent.type) continue;
      if (!resolveRooms(route, domainEvent.order).some((room) => observer.rooms.has(room))) continue;
      const id = domainEvent.order.orderId;
      if (!expected.has(id)) expected.set(id, []);
      expected.get(id).push(route.event);
    }
  }
  return expected;
}

/**
 * Awaits each observer's expected events, then compares per order. Returns
 * {verified, failures}: how many events matched, and the differences.
 */
export async function verifyObservers(observers, outbox, routes) {
  const failures = [];
  let verified = 0;
  for (const observer of observers) {
    const expected = expectedEvents(observer, outbox, routes);
    const total = [...expected.values()].reduce((n, list) => n + list.length, 0);
    await observer.log
      .until((entries) => entries.filter((e) => e.event !== statsEvent).length >= total, { timeoutMs: patienceMs })
      .catch(() => {}); // the comparison below says what is missing
    const got = new Map();
    for (const { event, orderId } of observer.orderEvents()) {
      if (!got.has(orderId)) got.set(orderId, []);
      got.get(orderId).push(event);
    }
    const differences = compare(expected, got);
    if (differences.length > 0) {
      failures.push(`${observer.label} (rooms ${describeRooms(observer)}): ${differences.length} order(s) differ:\n    ${differences.slice(0, 5).join("\n    ")}`);
    } else {
      verified += total;
    }
  }
  return { verified, failures };
}

function compare(expected, got) {
  const differences = [];
  for (const id of new Set([...expected.keys(), ...got.keys()])) {
    const want = expected.get(id) ?? [];
    const have = got.get(id) ?? [];
    if (want.join() !== have.join()) {
      differences.push(`order ${id}: expected [${want.join(", ")}]\n               got [${have.join(", ")}]`);
    }
  }
  return differences;
}

function describeRooms(observer) {
  const rooms = [...observer.rooms];
  return rooms.length > 4 ? `${rooms.slice(0, 3).join(", ")} … ${rooms.length} rooms` : rooms.join(", ");
}

/**
 * The throttle sends the newest numbers of a burst last: once the flow has
 * stopped, every kitchen observer's last kitchen:stats_update must be the
 * kitchen's stats. Returns the failures.
 */
export async function verifyStats(observers, stats) {
  const failures = [];
  const same = (a) => JSON.stringify(a) === JSON.stringify(stats);
  for (const observer of observers.filter((o) => o.rooms.has("kitchen"))) {
    await observer.log.until(() => same(observer.lastStats()), { timeoutMs: patienceMs }).catch(() => {});
    if (!same(observer.lastStats())) {
      failures.push(`${observer.label}: last kitchen:stats_update ${JSON.stringify(observer.lastStats())}, stats now ${JSON.stringify(stats)}`);
    }
  }
  return failures;
}

/**
 * No session outlives its client: once the churn is over, the admin feed's
 * `admin:metrics` samples (one a second) must come down to the observers'
 * own Engine.IO sessions within `timeoutMs` (clients that vanished without a
 * close, such as abandoned long-polls, go when their heartbeat times out).
 * Returns {seconds it took, failures}.
 */
export async function verifySessionsClosed(admin, expected, since, timeoutMs) {
  const samples = () => admin.log.entries.filter((e) => e.event === "admin:metrics" && e.at >= since);
  const settled = () => samples().find((e) => e.payload.connections.total === expected);
  await admin.log.until(settled, { timeoutMs }).catch(() => {});
  const sample = settled();
  if (sample) return { seconds: (sample.at - since) / 1000, failures: [] };
  const last = samples().at(-1)?.payload.connections;
  const failure =
    `Engine.IO sessions did not come down to the observers' ${expected} within ${timeoutMs / 1000} s ` +
    `after the churn: last admin:metrics connections ${JSON.stringify(last)}`;
  return { seconds: undefined, failures: [failure] };
}

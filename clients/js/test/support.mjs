// Shared helpers of the client's tests: a real `brigade serve` (the
// integration suite's launcher), REST calls as demo staff, and promises that
// wait for the client's events and states with a deadline instead of sleeping.

import assert from "node:assert/strict";

import { SERVER_EVENT_NAMES } from "@brigade/client";
import { io } from "socket.io-client";

export { apiClient, tempDir } from "../../../tests/integration/support/api.mjs";
export { cliToken, login, tokenFor } from "../../../tests/integration/support/auth.mjs";
export { startKitchenServer } from "../../../tests/integration/support/server.mjs";

export const timeoutMs = 4000;

/** Fast, deterministic reconnection for tests (socket.io-client options). */
export const fastReconnect = { reconnectionDelay: 50, reconnectionDelayMax: 200, randomizationFactor: 0 };

/** Rejects after `ms` with `what` unless `promise` settles first. */
export function withTimeout(promise, what, ms = timeoutMs) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The next `event` the client delivers whose payload passes `match`; the
 * listener is removed again either way.
 */
export function nextEvent(client, event, match = () => true, ms = timeoutMs) {
  let listener;
  const got = new Promise((resolve) => {
    listener = (payload) => {
      if (match(payload)) resolve(payload);
    };
    client.on(event, listener);
  });
  return withTimeout(got, event, ms).finally(() => client.off(event, listener));
}

/** Resolves when the client's connection state becomes `state` (at once if it already is). */
export function stateBecomes(client, state, ms = timeoutMs) {
  if (client.getConnectionState() === state) return Promise.resolve();
  let listener;
  const got = new Promise((resolve) => {
    listener = (now) => {
      if (now === state) resolve();
    };
    client.onConnectionStateChange(listener);
  });
  return withTimeout(got, `connection state "${state}"`, ms).finally(() => client.offConnectionStateChange(listener));
}

/** The next onRejoined event. */
export function nextRejoin(client, ms = timeoutMs) {
  let listener;
  const got = new Promise((resolve) => {
    listener = resolve;
    client.onRejoined(listener);
  });
  return withTimeout(got, "onRejoined", ms).finally(() => client.offRejoined(listener));
}

/** Records every connection state the client goes through. */
export function recordStates(client) {
  const states = [];
  client.onConnectionStateChange((state) => states.push(state));
  return states;
}

/** REST helpers for the demo restaurant, as waiter1 and chef1. */
export function restaurant(url, apiClient) {
  const waiter = apiClient(url, "waiter1");
  const chef = apiClient(url, "chef1");

  async function ok(promise, status = 200) {
    const res = await promise;
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  }

  return {
    waiter,
    chef,
    getOrder: (orderId) => ok(waiter("GET", `/api/orders/${orderId}`)),
    stats: () => ok(chef("GET", "/api/kitchen/stats")),
    /** Creates an order of one dish (menu item 1 unless told) on `tableId`. */
    createOrder: (tableId, items = [{ menuItemId: 1, quantity: 1 }]) =>
      ok(waiter("POST", "/api/orders", { json: { tableId, items } }), 201),
    confirm: (orderId) => ok(waiter("POST", `/api/orders/${orderId}/confirm`)),
    addItems: (orderId, items) => ok(waiter("POST", `/api/orders/${orderId}/items`, { json: { items } })),
    ticket: (kitchenOrderId, action) => ok(chef("POST", `/api/kitchen/orders/${kitchenOrderId}/${action}`)),
    priority: (kitchenOrderId, priority) =>
      ok(chef("PATCH", `/api/kitchen/orders/${kitchenOrderId}/priority`, { json: { priority } })),
    station: (kitchenOrderId, stationId) =>
      ok(chef("PUT", `/api/kitchen/orders/${kitchenOrderId}/station`, { json: { stationId } })),
    itemStatus: (orderId, itemId, status) =>
      ok(chef("PATCH", `/api/orders/${orderId}/items/${itemId}`, { json: { status } })),
    requestCancellation: (orderId, reason) =>
      ok(waiter("POST", `/api/orders/${orderId}/cancel-request`, { json: { reason } })),
    acceptCancellation: (kitchenOrderId) => ok(chef("POST", `/api/kitchen/orders/${kitchenOrderId}/cancel/accept`)),
    rejectCancellation: (kitchenOrderId, reason) =>
      ok(chef("POST", `/api/kitchen/orders/${kitchenOrderId}/cancel/reject`, { json: { reason } })),
  };
}

/** Resolves once `predicate()` is true (checked every 20 ms), or rejects after `ms`. */
export async function until(predicate, what, ms = timeoutMs) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records every event the client's listeners get but kitchen:stats_update
 * (throttled, so timing-dependent): {event, payload, argc, state}, `argc` the
 * number of arguments the listener got, `state` the connection state then.
 * The client's "rejoined" reports go in as {event: "rejoined", report}.
 */
export function recordDeliveries(client) {
  const seen = [];
  for (const event of SERVER_EVENT_NAMES) {
    if (event === "kitchen:stats_update") continue;
    client.on(event, (...args) => seen.push({ event, payload: args[0], argc: args.length, state: client.getConnectionState() }));
  }
  client.onRejoined((report) => seen.push({ event: "rejoined", report }));
  return seen;
}

/** The [event, payload] pairs of recorded deliveries (without the rejoined reports). */
export const eventsOf = (seen) => seen.filter((d) => d.event !== "rejoined").map((d) => [d.event, d.payload]);

/**
 * A plain socket.io-client socket that stays connected in `rooms` (join
 * commands with their payloads, e.g. [["join:kitchen"], ["join:table", {tableId: 3}]])
 * and records every event but kitchen:stats_update as [event, payload], and
 * its offset: what a screen that never lost its connection hears.
 */
export async function witness(t, url, token, rooms) {
  const socket = io(url, { auth: { token }, forceNew: true, reconnection: false, transports: ["websocket"] });
  t.after(() => socket.disconnect());
  const events = [];
  const offsets = [];
  socket.onAny((event, ...args) => {
    if (event === "kitchen:stats_update") return;
    assert.equal(args.length, 2, `${event} carries its payload and an offset`);
    events.push([event, args[0]]);
    offsets.push(args[1]);
  });
  await withTimeout(new Promise((resolve) => socket.once("connect", resolve)), "the witness's connection");
  for (const [command, payload] of rooms) {
    const ack = await (payload === undefined ? socket.emitWithAck(command) : socket.emitWithAck(command, payload));
    assert.equal(ack.ok, true, JSON.stringify(ack));
  }
  return { socket, events, offsets };
}

/** Every event name the socket sends from now on. */
export function recordOutgoing(socket) {
  const sent = [];
  socket.onAnyOutgoing((event) => sent.push(event));
  return sent;
}

/**
 * Drops the client's transport (as a network failure would, not a deliberate
 * disconnect) and keeps socket.io-client from reconnecting until
 * {@link restoreConnection}: the changes made meanwhile are missed.
 */
export async function dropConnection(client) {
  const socket = client.getSocket();
  socket.io.reconnection(false);
  socket.io.engine.close();
  await stateBecomes(client, "reconnecting");
  return socket;
}

/** Lets socket.io-client reconnect the socket {@link dropConnection} dropped (with its {pid, offset}). */
export function restoreConnection(socket) {
  socket.io.reconnection(true);
  socket.connect();
}

// Shared helpers of the client's tests: a real `brigade serve` (the
// integration suite's launcher), REST calls as demo staff, and promises that
// wait for the client's events and states with a deadline instead of sleeping.

import assert from "node:assert/strict";

export { apiClient, tempDir } from "../../../tests/integration/support/api.mjs";
export { tokenFor } from "../../../tests/integration/support/auth.mjs";
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
  };
}

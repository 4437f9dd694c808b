// HTTP helpers for the REST API tests: a tiny client over Node's fetch and a
// temporary database directory per test file.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";

import { isJwt, tokenFor } from "./auth.mjs";

/** A fresh directory for a test file's SQLite files, removed when it ends. */
export function tempDir(prefix = "brigade-") {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Returns `call(method, path, options)` bound to a server, acting as the
 * demo staff member `staff` (logged in once, its token sent as
 * `Authorization: Bearer`) unless options.staff overrides it: another
 * username, a JWT string used as is, or null for no Authorization header.
 * Resolves to {status, headers, body} with body parsed as JSON when it is JSON.
 */
export function apiClient(baseUrl, staff = "waiter1") {
  return async function call(method, urlPath, { body, json, staff: who = staff, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (who !== null && who !== undefined) {
      const token = isJwt(who) ? who : await tokenFor(baseUrl, who);
      init.headers.Authorization ??= `Bearer ${token}`;
    }
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers["Content-Type"] ??= "application/json";
    } else if (body !== undefined) {
      init.body = body;
    }
    const res = await fetch(baseUrl + urlPath, init);
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get("content-type") || "").startsWith("application/json")) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

/**
 * Every order of the restaurant `api` acts in, following the cursor to the
 * end (GET /api/orders).
 */
export async function allOrders(api) {
  const orders = [];
  let cursor = null;
  do {
    const res = await api("GET", "/api/orders?limit=200" + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""));
    assert.equal(res.status, 200);
    orders.push(...res.body.orders);
    cursor = res.body.nextCursor;
  } while (cursor);
  return orders;
}

/** The restaurant's whole outbox (GET /api/events), oldest first. */
export async function allEvents(api) {
  const events = [];
  for (;;) {
    const after = events.length ? events.at(-1).sequence : 0;
    const res = await api("GET", `/api/events?after=${after}&limit=1000`);
    assert.equal(res.status, 200);
    if (res.body.events.length === 0) return events;
    events.push(...res.body.events);
  }
}

/** Money as integer cents from the API's decimal numbers. */
export const cents = (amount) => Math.round(amount * 100);

/** Awaits a request that must answer `status`, and gives its body. */
export async function expectOk(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** The restaurant's station ids by name, read once per client: `await stations(api)("grill")`. */
export function stationsOf(api) {
  let byName;
  return async (name) => {
    byName ??= Object.fromEntries((await expectOk(api("GET", "/api/stations"))).stations.map((s) => [s.name, s.stationId]));
    return byName[name];
  };
}

/**
 * Demo dishes (src/store/demo_data.cpp) by id, with their station and
 * default course: a salad (cold, 1), a burger (grill, 2), fries (fry, 2),
 * an espresso (bar, 1).
 */
export const demoDishes = { SALAD: 1, BURGER: 6, FRIES: 10, ESPRESSO: 17 };

export { orderableAsIs } from "./menu.mjs";

/** Half away from zero, like the server's rounding of non-negative cents. */
const roundHalfUp = (x) => Math.floor(x + 0.5);

/**
 * The demo restaurant's pricing (service charge 10%, then tax 8%) applied to
 * a total in cents, as docs/kitchen.md defines it.
 */
export function demoFinalCents(totalCents) {
  const service = roundHalfUp((totalCents * 1000) / 10000);
  const tax = roundHalfUp(((totalCents + service) * 800) / 10000);
  return totalCents + service + tax;
}

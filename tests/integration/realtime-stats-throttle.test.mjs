// kitchen:stats_update is throttled (docs/events.md, "Delivery"): at most one
// per --stats-interval-ms per restaurant, the latest numbers always sent last.
//
// A kitchen socket watches while 50 confirmed tickets each go acknowledge →
// start → ready → complete (200 ticket transitions over REST, 8 requests in
// flight, 150 of them change the stats). The updates received from the first
// request on are counted until the one carrying the final numbers (GET
// /api/kitchen/stats after the burst); then a sentinel (one more confirmed
// order, new numbers) proves nothing stale comes after the final numbers.
// The count must be at most burst duration / interval + 2.
//
// With the default 250 ms the burst runs flat out, then once more paced over
// ~2 s (so several intervals pass during it); with --stats-interval-ms 1000
// it is paced over ~3 s so that a server ignoring the flag (sending every
// 250 ms) would exceed the bound.

import assert from "node:assert/strict";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { EventLog, join, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const dir = skip ? null : tempDir("brigade-throttle-");
const defaultServer = skip ? null : await startKitchenServer({ db: path.join(dir, "default.db") });
const slowServer = skip
  ? null
  : await startKitchenServer({ db: path.join(dir, "slow.db"), extraArgs: ["--stats-interval-ms", "1000"] });

const TICKETS = 50;
const ACTIONS = ["acknowledge", "start", "ready", "complete"];
const PARALLEL = 8;

const sameStats = (a, b) =>
  a.pending === b.pending && a.preparing === b.preparing && a.ready === b.ready && a.total === b.total;

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

async function burstScenario(t, server, intervalMs, { paceMs = 0 } = {}) {
  const waiter = apiClient(server.url, "waiter1");
  const chef = apiClient(server.url, "chef1");
  const getStats = () => ok(chef("GET", "/api/kitchen/stats"));

  const socket = await staffSocket(t, server.url, "chef1");
  const log = new EventLog(socket, `kitchen (${intervalMs} ms)`);
  await join(socket, "join:kitchen");
  const statsUpdates = (from = 0) =>
    log.entries.slice(from).filter((e) => e.event === "kitchen:stats_update");
  const untilStats = (expected, from, what) =>
    log.until((entries) => entries.slice(from).some((e) => e.event === "kitchen:stats_update" && sameStats(e.payload, expected)), {
      timeoutMs: intervalMs * 4 + 3000,
      what,
    });

  // Tickets to work on (on top of whatever an earlier scenario left open).
  const baseline = await getStats();
  const tickets = [];
  for (let i = 0; i < TICKETS; i++) {
    const order = await ok(
      waiter("POST", "/api/orders", { json: { tableId: 1 + (i % 12), items: [{ menuItemId: 17, quantity: 1 }] } }),
      201,
    );
    const confirmed = await ok(waiter("POST", `/api/orders/${order.orderId}/confirm`));
    tickets.push(confirmed.kitchenOrder.kitchenOrderId);
  }
  const setupStats = await getStats();
  assert.deepEqual(setupStats, { ...baseline, pending: baseline.pending + TICKETS, total: baseline.total + TICKETS });
  await untilStats(setupStats, 0, `the setup's final stats ${JSON.stringify(setupStats)}`);

  // The burst: 200 transitions, PARALLEL in flight, each ticket's in order.
  const from = log.entries.length;
  const queue = tickets.map((id) => ({ id, next: 0 }));
  let sent = 0;
  const t0 = performance.now();
  async function worker() {
    for (;;) {
      const ticket = queue.shift();
      if (!ticket) return;
      for (const action of ACTIONS) {
        if (paceMs) {
          const due = t0 + sent * paceMs - performance.now();
          if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        }
        sent++;
        await ok(chef("POST", `/api/kitchen/orders/${ticket.id}/${action}`));
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const durationMs = performance.now() - t0;
  assert.equal(sent, TICKETS * ACTIONS.length);

  const finalStats = await getStats();
  assert.deepEqual(finalStats, baseline, "every ticket of the burst completed");
  await untilStats(finalStats, from, `the final stats ${JSON.stringify(finalStats)}`);

  // Sentinel: one more ticket gives new numbers; anything stale would come before them.
  const sentinelFrom = log.entries.length;
  const extra = await ok(waiter("POST", "/api/orders", { json: { tableId: 1, items: [{ menuItemId: 17, quantity: 1 }] } }), 201);
  await ok(waiter("POST", `/api/orders/${extra.orderId}/confirm`));
  const sentinelStats = await getStats();
  await untilStats(sentinelStats, sentinelFrom, `the sentinel stats ${JSON.stringify(sentinelStats)}`);

  const all = statsUpdates(from);
  const sentinelIndex = all.findIndex((e) => sameStats(e.payload, sentinelStats) && log.entries.indexOf(e) >= sentinelFrom);
  const burst = all.slice(0, sentinelIndex);
  const bound = durationMs / intervalMs + 2;
  const gaps = burst.slice(1).map((e, i) => Math.round(e.at - burst[i].at));
  t.diagnostic(
    `interval ${intervalMs} ms: ${sent} transitions in ${Math.round(durationMs)} ms → ${burst.length} ` +
      `stats updates (bound ${bound.toFixed(2)}); gaps between them (ms) ${JSON.stringify(gaps.slice(0, 20))}${gaps.length > 20 ? "…" : ""}`,
  );

  for (const e of all) {
    assert.deepEqual(Object.keys(e.payload), ["pending", "preparing", "ready", "total"]);
    assert.equal(e.payload.total, e.payload.pending + e.payload.preparing + e.payload.ready);
  }
  assert.ok(burst.length >= 1, "the burst produced stats updates");
  assert.ok(
    burst.length <= bound,
    `${burst.length} stats updates for a ${Math.round(durationMs)} ms burst exceeds ${bound.toFixed(2)} (interval ${intervalMs} ms)`,
  );
  assert.deepEqual(burst.at(-1).payload, finalStats, "the last update of the burst carries the final numbers");
  assert.equal(all.length, sentinelIndex + 1, "nothing after the sentinel's update");
  return { durationMs, count: burst.length };
}

test("a burst of 200 ticket transitions sends at most one stats update per 250 ms, the final numbers last", { skip, timeout: 30_000 }, async (t) => {
  await burstScenario(t, defaultServer, 250);
});

test("the same 200 transitions paced over ~2 s: still at most one update per 250 ms", { skip, timeout: 30_000 }, async (t) => {
  await burstScenario(t, defaultServer, 250, { paceMs: 10 });
});

test("--stats-interval-ms 1000 spaces the updates by its interval", { skip, timeout: 30_000 }, async (t) => {
  const { durationMs } = await burstScenario(t, slowServer, 1000, { paceMs: 15 });
  assert.ok(durationMs >= 2500, `the paced burst lasted ${Math.round(durationMs)} ms (needs ≥ 2.5 intervals to tell)`);
});

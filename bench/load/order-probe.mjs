#!/usr/bin/env node
// The order-size probe of issue 17, replayed against one build: can one
// waiter's phone grow an order until the kitchen is locked out of its room,
// the event log grows quadratically and a page of events takes the server's
// memory? See docs/benchmarks.md ("An order as large as a waiter can make it").
//
//   node bench/load/order-probe.mjs                              # this build
//   node bench/load/order-probe.mjs --brigade-bin OLD/brigade    # another build, for the before figures
//
// Steps, against one fresh `brigade serve --demo` on a temporary database:
//   1. a waiter creates an order of 100 items and adds 100 more, 60 times,
//      each item with the longest note the server takes (500 characters,
//      or less when the server refuses that), then without notes once the
//      server refuses more notes, until it refuses more items;
//   2. the order is confirmed; a chef's socket joins the kitchen;
//   3. six GET /api/events?limit=100 at once, twice, while the server's RSS
//      is sampled every 20 ms from /proc.
// Printed: the commands accepted and how the first refusal read, the order's
// size, the database file's size, whether the kitchen got into its room,
// the events pages' sizes and the server's peak RSS. Raw figures: --out.

import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import { io } from "socket.io-client";

import { apiClient, tempDir } from "../../tests/integration/support/api.mjs";
import { tokenFor } from "../../tests/integration/support/auth.mjs";
import { startKitchenServer } from "../../tests/integration/support/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
if (args.includes("--help")) {
  console.log("usage: node bench/load/order-probe.mjs [--brigade-bin PATH] [--out FILE.json]");
  process.exit(0);
}
if (option("--brigade-bin")) process.env.BRIGADE_BIN = path.resolve(option("--brigade-bin"));
const out = option("--out");

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

const db = path.join(tempDir("brigade-order-probe-"), "probe.db");
const server = await startKitchenServer({ db, extraArgs: ["--http-rate", "0"] });
const pid = server.process.pid;
const waiter = apiClient(server.url, "waiter1");
const figures = { binary: process.env.BRIGADE_BIN ?? "build/apps/brigade/brigade" };
try {
  const dish = (await waiter("GET", "/api/menu")).body.menu.find((m) => m.available).menuItemId;
  // The longest note the server takes: 500 characters once, less now.
  let noteLength = 500;
  const items = () => Array.from({ length: 100 }, () => ({ menuItemId: dish, quantity: 1, notes: "n".repeat(noteLength) }));
  let created = await waiter("POST", "/api/orders", { json: { tableId: 1, items: items() } });
  // Shorter notes while the server refuses them: one note's limit (400), or the order's notes in all (413).
  while ([400, 413].includes(created.status) && /notes$/.test(created.body.error?.field ?? "") && noteLength > 10) {
    noteLength = Math.floor(noteLength / 2);
    created = await waiter("POST", "/api/orders", { json: { tableId: 1, items: items() } });
  }
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const orderId = created.body.orderId;
  let accepted = 1;
  const refusals = [];
  for (let i = 0; i < 60 && refusals.length < 2; i += 1) {
    const added = await waiter("POST", `/api/orders/${orderId}/items`, { json: { items: items() } });
    if (added.status === 200) {
      accepted += 1;
      continue;
    }
    refusals.push({ status: added.status, error: added.body.error });
    // Out of room for notes: go on without them, to the limit on items.
    if (added.body.error?.field === "notes" && noteLength > 0) noteLength = 0;
    else break;
  }
  await waiter("POST", `/api/orders/${orderId}/confirm`);
  const order = await waiter("GET", `/api/orders/${orderId}`);
  Object.assign(figures, {
    noteLength,
    commandsAccepted: accepted,
    refusals,
    orderItems: order.body.items.length,
    orderBytes: JSON.stringify(order.body).length,
    databaseBytes: statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0),
  });

  const socket = io(server.url, { auth: { token: await tokenFor(server.url, "chef1") }, transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck("join:kitchen").catch((e) => ({ ok: false, error: e.message }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  figures.kitchenJoin = { ok: ack.ok === true, snapshotBytes: JSON.stringify(ack.snapshot ?? null).length, stillConnected: socket.connected };
  socket.close();

  const rssBefore = pid ? rssKiB(pid) : 0;
  let peak = rssBefore;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 20) : null;
  const token = await tokenFor(server.url, "waiter1");
  const pageSizes = [];
  for (let round = 0; round < 2; round += 1) {
    const pages = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${server.url}/api/events?limit=100`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.text()),
      ),
    );
    pageSizes.push(...pages.map((p) => p.length));
  }
  if (sampler) clearInterval(sampler);
  figures.eventsPage = { largestBytes: Math.max(...pageSizes), rssBeforeKiB: rssBefore, rssPeakKiB: peak };
} finally {
  await server.stop();
}

console.log(JSON.stringify(figures, null, 2));
if (out) writeFileSync(path.resolve(here, "../..", out), `${JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2)}\n`);

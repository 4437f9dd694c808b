// Crash rounds: N times, run `brigade serve` on one SQLite file, fire a burst of
// order traffic at it from several keep-alive REST clients, kill -9 it in the
// middle, restart it on the same file and check that nothing acknowledged was
// lost, that retried Idempotency-Keys never duplicate an order, and that the
// outbox is gapless and agrees with the orders. tests/crash/README.md says what
// is checked and why; scripts/crash-rounds.sh is the usual way to run it.
//
//   node tests/crash/crash-rounds.mjs [N] [--binary PATH] [--seed S] [--clients K]
//                                     [--full-scan-every F] [--keep]
//
// Exits 0 when every round passes, 1 on any violation (printed, the database
// kept for inspection), 2 on a usage or set-up error.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

// Dishes to order without choices; the stress test's seeded PRNG
// (mulberry32): --seed replays every choice.
import { orderableAsIs } from "../integration/support/menu.mjs";
import { Random, newSeed } from "../stress/lib/random.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---------------------------------------------------------------- options

function usage(message) {
  if (message) console.error(`crash-rounds: ${message}`);
  console.error(
    "usage: crash-rounds [N=3] [--binary PATH] [--seed S] [--clients K=8] [--full-scan-every F=10] [--keep]\n" +
      "  N          rounds of start, burst, kill -9, restart, check\n" +
      "  --binary   the server (default build/apps/brigade/brigade)\n" +
      "  --seed     replays a run's choices (printed first; timing still varies)\n" +
      "  --clients  concurrent keep-alive REST clients in each burst\n" +
      "  --full-scan-every  read the whole outbox from sequence 1 on every F-th round (and the first\n" +
      "             and last); the others read it from where the previous round began (1: always all)\n" +
      "  --keep     keep the temporary database directory even when every round passes",
  );
  process.exit(message ? 2 : 0);
}

function parseArgs(argv) {
  const opts = { rounds: 3, binary: process.env.BRIGADE_BIN || path.join(repoRoot, "build/apps/brigade/brigade"), seed: null, clients: 8, fullScanEvery: 10, keep: false };
  const value = (i, name) => {
    if (i + 1 >= argv.length) usage(`${name} needs a value`);
    return argv[i + 1];
  };
  const int = (text, name, min) => {
    if (!/^\d+$/.test(text) || Number(text) < min) usage(`${name} must be an integer >= ${min}, not ${JSON.stringify(text)}`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const [name, inline] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => (inline !== undefined ? inline : value(i++, name));
    switch (name) {
      case "--binary":
        opts.binary = take();
        break;
      case "--seed":
        opts.seed = int(take(), "--seed", 1);
        break;
      case "--clients":
        opts.clients = int(take(), "--clients", 1);
        break;
      case "--full-scan-every":
        opts.fullScanEvery = int(take(), "--full-scan-every", 1);
        break;
      case "--keep":
        opts.keep = true;
        break;
      case "-h":
      case "--help":
        usage();
        break;
      default:
        if (/^\d+$/.test(a)) opts.rounds = int(a, "N", 1);
        else usage(`unknown argument ${a}`);
    }
  }
  opts.binary = path.resolve(opts.binary);
  if (!existsSync(opts.binary)) usage(`no server binary at ${opts.binary}: build it or pass --binary`);
  opts.seed ??= newSeed();
  return opts;
}

// ---------------------------------------------------------------- HTTP

/** One keep-alive connection's worth of client: node:http with a one-socket agent. */
class Client {
  constructor(port) {
    this.port = port;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /**
   * Resolves to {status, headers, body} once the whole answer has arrived;
   * rejects on a connection error, a cut-short answer or no answer in time.
   */
  request(method, urlPath, { token, body, headers = {}, timeoutMs = 30_000 } = {}) {
    return new Promise((resolve, reject) => {
      const h = { ...headers };
      if (token) h.Authorization = `Bearer ${token}`;
      let payload;
      if (body !== undefined) {
        payload = typeof body === "string" ? body : JSON.stringify(body);
        h["Content-Type"] = "application/json";
        h["Content-Length"] = Buffer.byteLength(payload);
      }
      const req = http.request({ host: "127.0.0.1", port: this.port, method, path: urlPath, agent: this.agent, headers: h }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(new Error("answer cut short"));
        });
        res.on("end", () => {
          if (!res.complete) return reject(new Error("answer cut short"));
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed = text;
          if ((res.headers["content-type"] || "").startsWith("application/json")) {
            try {
              parsed = JSON.parse(text);
            } catch {
              return reject(new Error(`answer is not JSON: ${text.slice(0, 200)}`));
            }
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed });
        });
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Runs `work(item, client)` over `items` with one worker per client. */
async function pool(clients, items, work) {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < items.length) {
        const item = items[next++];
        await work(item, client);
      }
    }),
  );
}

// ---------------------------------------------------------------- the server

/** Spawns `brigade serve` and resolves once it prints its listening line. */
async function startServer(binary, dir, secret) {
  const args = [
    "serve", "--host", "127.0.0.1", "--port", "0", "--db", path.join(dir, "crash.db"), "--demo",
    "--jwt-secret", secret, "--http-rate", "0", "--web-root", path.join(dir, "no-web"),
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-16 * 1024);
  });
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not listen within 15 s\n${stderr}`));
    }, 15_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^brigade listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("error", (e) => (clearTimeout(timer), reject(e)));
    exited.then((e) => (clearTimeout(timer), reject(new Error(`server exited (${e.signal || `code ${e.code}`}) before listening\n${stderr}`))));
  });
  return {
    port,
    pid: child.pid,
    stderr: () => stderr,
    exitInfo: () => exitInfo,
    /** SIGKILL at once; the promise resolves when the process is gone. */
    kill9() {
      process.removeListener("exit", killOnExit);
      child.kill("SIGKILL");
      return exited;
    },
    /** SIGTERM; resolves to the exit, SIGKILL after 15 s. */
    async stop() {
      process.removeListener("exit", killOnExit);
      if (exitInfo) return exitInfo;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const info = await exited;
      clearTimeout(killer);
      return info;
    },
  };
}

async function login(client, username) {
  const res = await client.request("POST", "/api/auth/login", { body: { username, password: `${username}pass` } });
  if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

// ---------------------------------------------------------------- the burst

/**
 * An order state as an outbox event keeps it: with only the items the event
 * concerns (docs/api.md "Events"), each as the state has it.
 */
function asRecordedBy(state, event) {
  const items = state.items.filter((i) => event.order.items.some((e) => e.itemId === i.itemId));
  // The ticket's station parts are counted from the lines at hand, so an
  // event's count only the lines it keeps: those lines are compared instead.
  const kitchenOrder = state.kitchenOrder && { ...state.kitchenOrder, stations: event.order.kitchenOrder?.stations };
  return { ...state, items, kitchenOrder };
}

// The longest note the server takes (200 characters, docs/api.md).
const itemNotes = ["", "", "", "no onions", "extra sauce, on the side", "allergy: nuts ☠", 'say "hi" \\ back', "naïve café 🍔", "x".repeat(200)];
const orderNotes = ["", "", "birthday", "window seat", "VIP 🥂", "split bill\nin two"];

/** The order's next command, chosen from its last acknowledged state, or null to leave it there. */
function nextCommand(order, rng, ctx) {
  const o = order.state;
  const ticket = o.kitchenOrder;
  const id = o.orderId;
  const W = ctx.waiter;
  const C = ctx.chef;
  const addItems = () => ({ action: "addItems", method: "POST", path: `/api/orders/${id}/items`, token: W, body: { items: ctx.randomItems(rng, 1, 2) } });
  if (rng.chance(0.04)) return null; // a table that lingers
  if (o.cancelRequest && o.cancelRequest.status === "open") {
    return rng.chance(0.5)
      ? { action: "cancelAccept", method: "POST", path: `/api/kitchen/orders/${ticket.kitchenOrderId}/cancel/accept`, token: C, body: {} }
      : { action: "cancelReject", method: "POST", path: `/api/kitchen/orders/${ticket.kitchenOrderId}/cancel/reject`, token: C, body: { reason: "already on the grill" } };
  }
  const cancelRequest = () => ({ action: "cancelRequest", method: "POST", path: `/api/orders/${id}/cancel-request`, token: W, body: { reason: rng.pick(["guest left", "wrong table", "changed their mind"]) } });
  if (o.status === "completed" || o.status === "cancelled") return null;
  if (o.status === "pending") {
    if (order.adds < 2 && rng.chance(0.25)) return addItems();
    if (rng.chance(0.05)) return cancelRequest();
    return { action: "confirm", method: "POST", path: `/api/orders/${id}/confirm`, token: W };
  }
  const k = ticket.kitchenOrderId;
  const activeItems = o.items.filter((i) => i.status !== "cancelled" && i.status !== "served");
  switch (ticket.status) {
    case "pending":
    case "acknowledged": {
      const r = rng.next();
      if (ticket.status === "pending" && r < 0.35) return { action: "acknowledge", method: "POST", path: `/api/kitchen/orders/${k}/acknowledge`, token: C };
      if (r < 0.5) return { action: "priority", method: "PATCH", path: `/api/kitchen/orders/${k}/priority`, token: C, body: { priority: rng.pick(["normal", "express", "vip"].filter((p) => p !== ticket.priority)) } };
      if (r < 0.62) return { action: "station", method: "PUT", path: `/api/kitchen/orders/${k}/station`, token: C, body: { stationId: rng.pick(ctx.stations.filter((s) => s !== ticket.stationId)) } };
      if (r < 0.7 && order.adds < 3) return addItems();
      if (r < 0.76 && !order.cancelAsked) return cancelRequest();
      return { action: "start", method: "POST", path: `/api/kitchen/orders/${k}/start`, token: C };
    }
    case "preparing": {
      const r = rng.next();
      const preparing = o.items.filter((i) => i.status === "preparing");
      if (r < 0.3 && preparing.length) {
        const item = rng.pick(preparing);
        return { action: "itemStatus", method: "PATCH", path: `/api/orders/${id}/items/${item.itemId}`, token: C, body: { status: "ready" }, itemId: item.itemId };
      }
      if (r < 0.36 && activeItems.length >= 2) {
        const item = rng.pick(activeItems);
        return { action: "itemStatus", method: "PATCH", path: `/api/orders/${id}/items/${item.itemId}`, token: W, body: { status: "cancelled" }, itemId: item.itemId };
      }
      if (r < 0.42 && order.adds < 3) return addItems();
      return { action: "ready", method: "POST", path: `/api/kitchen/orders/${k}/ready`, token: C };
    }
    case "ready":
      if (o.status === "ready" && rng.chance(0.2)) return { action: "orderStatus", method: "PATCH", path: `/api/orders/${id}/status`, token: W, body: { status: "served" } };
      return { action: "complete", method: "POST", path: `/api/kitchen/orders/${k}/complete`, token: C };
    case "completed":
      if (o.status !== "served") return null;
      if (order.adds < 3 && rng.chance(0.05)) return addItems();
      if (rng.chance(0.75)) return { action: "orderStatus", method: "PATCH", path: `/api/orders/${id}/status`, token: W, body: { status: "completed" } };
      return null;
    default:
      return null;
  }
}

/**
 * The type of the first event each command's transaction writes for its order
 * (the others, such as order.status_changed and kitchen.stats_changed, follow it).
 */
const firstEventType = {
  create: "order.created",
  addItems: "order.items_added",
  confirm: "order.confirmed",
  acknowledge: "ticket.acknowledged",
  priority: "ticket.priority_changed",
  station: "ticket.station_assigned",
  start: "ticket.preparing",
  itemStatus: "order.item_status_changed",
  ready: "ticket.ready",
  complete: "ticket.completed",
  orderStatus: "order.status_changed",
  cancelRequest: "order.cancel_requested",
  cancelAccept: "ticket.cancel_accepted",
  cancelReject: "ticket.cancel_rejected",
};

/**
 * Runs one burst: `clients` loops each create orders (each with its own
 * Idempotency-Key) and walk them through the workflow, one request at a time
 * on their keep-alive connection, until the server is killed after `killAt`
 * acknowledgements (plus a random few milliseconds).
 */
async function burst({ server, port, rng, round, runTag, clients, ctx, killAt, killDelay }) {
  const log = { requests: [], creates: [], orders: [], unexpected: [], kill: null };
  const started = performance.now();
  let acks = 0;
  let inFlight = 0;
  let stopSending = false;
  let killing = null;
  let lastProgress = Date.now();

  const doKill = () => {
    if (killing) return;
    stopSending = true;
    log.kill = { acks, inFlight, ms: performance.now() - started };
    killing = server.kill9();
  };
  const maybeKill = () => {
    if (acks < killAt || killing || log.killScheduled) return;
    log.killScheduled = true;
    if (killDelay.kind === "now") doKill();
    else if (killDelay.kind === "immediate") setImmediate(doKill);
    else setTimeout(doKill, killDelay.ms);
  };
  // A server that stops answering before the kill is a failure of its own.
  const watchdog = setInterval(() => {
    if (!killing && Date.now() - lastProgress > 15_000) {
      log.unexpected.push(`burst stalled: no answer for 15 s with ${inFlight} requests in flight, ${acks} acknowledged`);
      doKill();
    }
  }, 1000);

  /** Sends one request of `order`; the record says whether it was acknowledged. */
  const send = async (client, order, cmd) => {
    const rec = { seq: log.requests.length, action: cmd.action, method: cmd.method, path: cmd.path, body: cmd.body, itemId: cmd.itemId, key: cmd.key, outcome: null };
    log.requests.push(rec);
    order.requests.push(rec);
    inFlight++;
    try {
      const headers = cmd.key ? { "Idempotency-Key": cmd.key } : {};
      const res = await client.request(cmd.method, cmd.path, { token: cmd.token, body: cmd.bodyText ?? cmd.body, headers, timeoutMs: 20_000 });
      rec.status = res.status;
      if (res.status === 200 || res.status === 201) {
        rec.outcome = "ack";
        rec.response = res.body;
        acks++;
        lastProgress = Date.now();
        maybeKill();
        return res;
      }
      rec.outcome = "refused";
      rec.response = res.body;
      log.unexpected.push(`${cmd.method} ${cmd.path} ${JSON.stringify(cmd.body ?? null)} was answered ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    } catch (err) {
      rec.outcome = "error";
      rec.error = err.code || err.message;
      if (!killing) log.unexpected.push(`${cmd.method} ${cmd.path} failed before the kill: ${rec.error}`);
      return null;
    } finally {
      inFlight--;
    }
  };

  const clientLoop = async (c, crng) => {
    const client = new Client(port);
    try {
      for (let n = 0; !stopSending; n++) {
        const marker = `crash:${runTag}:r${round}:c${c}:o${n}`;
        const body = { tableId: crng.pick(ctx.tables), items: ctx.randomItems(crng, 1, 4) };
        const extra = crng.pick(orderNotes);
        body.notes = extra ? `${marker} ${extra}` : marker;
        if (crng.chance(0.5)) delete body.items[0].notes; // notes are optional
        const key = `${marker}:${crng.int(0, 2 ** 31).toString(36)}`;
        const create = { marker, key, body, bodyText: JSON.stringify(body), tableId: body.tableId };
        const order = { marker, key, create, requests: [], state: null, adds: 0, cancelAsked: false };
        log.creates.push(create);
        log.orders.push(order);
        const res = await send(client, order, { action: "create", method: "POST", path: "/api/orders", token: ctx.waiter, key, body, bodyText: create.bodyText });
        if (!res) return;
        if (res.status !== 201) continue;
        order.state = res.body;
        while (!stopSending) {
          const cmd = nextCommand(order, crng, ctx);
          if (!cmd) break;
          const r = await send(client, order, cmd);
          if (!r) return;
          if (r.status !== 200) break;
          if (cmd.action === "addItems") order.adds++;
          if (cmd.action === "cancelRequest") order.cancelAsked = true;
          order.state = r.body;
        }
      }
    } finally {
      client.close();
    }
  };

  await Promise.all(Array.from({ length: clients }, (_, c) => clientLoop(c, rng.fork())));
  clearInterval(watchdog);
  if (!killing) doKill(); // every client stopped on its own (only after a failure)
  await killing;
  log.acks = acks;
  return log;
}

// ---------------------------------------------------------------- reading back

/** This round's orders: the newest first down to (not including) order `afterId`. */
async function ordersAfter(client, token, afterId) {
  const orders = [];
  let cursor = null;
  for (;;) {
    const res = await client.request("GET", "/api/orders?limit=200" + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""), { token });
    if (res.status !== 200) throw new Error(`GET /api/orders: ${res.status} ${JSON.stringify(res.body)}`);
    for (const o of res.body.orders) {
      if (o.orderId <= afterId) return orders;
      orders.push(o);
    }
    cursor = res.body.nextCursor;
    if (!cursor) return orders;
  }
}

/**
 * Reads the outbox after sequence `after` to its end and records a violation
 * for every gap, duplicate or disagreement of `lastSequence`. The part up to
 * `knownLast` (what earlier reads saw) is fetched a page per client at once;
 * events up to `keepAfter` are kept as {sequence, type, orderId} only.
 */
async function readEvents(clients, token, after, knownLast, keepAfter, violations) {
  const limit = 1000;
  const page = async (client, from) => {
    const res = await client.request("GET", `/api/events?after=${from}&limit=${limit}`, { token });
    if (res.status !== 200) throw new Error(`GET /api/events?after=${from}: ${res.status} ${JSON.stringify(res.body)}`);
    const events = res.body.events;
    const last = events.length ? events.at(-1).sequence : from;
    if (res.body.lastSequence !== last) violations.push(`outbox: the page after ${from} says lastSequence ${res.body.lastSequence}, its last event is ${last}`);
    return events.map((e) => (e.sequence > keepAfter ? e : { sequence: e.sequence, type: e.type, orderId: e.orderId }));
  };
  const starts = [];
  for (let from = after; from < knownLast || !starts.length; from += limit) starts.push(from);
  const pages = new Array(starts.length);
  await pool(clients, starts.map((from, i) => [from, i]), async ([from, i], client) => {
    pages[i] = await page(client, from);
  });
  const events = pages.flat();
  let last = pages.at(-1);
  while (last.length === limit) {
    last = await page(clients[0], last.at(-1).sequence);
    events.push(...last);
  }
  let expected = after + 1;
  for (const e of events) {
    if (e.sequence !== expected) {
      violations.push(`outbox: after sequence ${expected - 1} came ${e.sequence} (${e.type}), expected ${expected}: ${e.sequence > expected ? "a gap" : "a duplicate or a step back"}`);
    }
    expected = Math.max(expected, e.sequence + 1);
  }
  return events;
}

const digestOf = (e) => `${e.type}:${e.orderId ?? ""}`;
const short = (o) => JSON.stringify(o).slice(0, 600);
const itemIdentity = (i) => [i.itemId, i.menuItemId, i.quantity, i.notes];

/** Lists the first differences between two JSON values, for a violation's text. */
function diff(a, b, where = "", out = []) {
  if (out.length >= 6) return out;
  if (isDeepStrictEqual(a, b)) return out;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], `${where}.${k}`, out);
    return out;
  }
  out.push(`${where || "."}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

/**
 * Whether `now` is what `prev` becomes when `rec`'s command is applied: the
 * check for a command sent but not acknowledged whose change did commit.
 * Returns null when it is, else what is wrong.
 */
function appliedProblem(rec, prev, now) {
  // No command takes away an item or changes what was ordered.
  for (let i = 0; i < prev.items.length; i++) {
    if (!now.items[i] || !isDeepStrictEqual(itemIdentity(prev.items[i]), itemIdentity(now.items[i]))) return `item ${prev.items[i].itemId} changed or vanished`;
  }
  const b = rec.body;
  const t = now.kitchenOrder;
  switch (rec.action) {
    case "addItems": {
      const added = now.items.slice(prev.items.length);
      const want = b.items.map((i) => [i.menuItemId, i.quantity, i.notes ?? ""]);
      const got = added.map((i) => [i.menuItemId, i.quantity, i.notes]);
      return isDeepStrictEqual(got, want) ? null : `added items ${JSON.stringify(got)}, sent ${JSON.stringify(want)}`;
    }
    case "confirm":
      return now.status === "confirmed" && t ? null : `status ${now.status}, ticket ${t && t.status}`;
    case "acknowledge":
      return t && t.status === "acknowledged" ? null : `ticket ${t && t.status}`;
    case "priority":
      return t && t.priority === b.priority ? null : `priority ${t && t.priority}, sent ${b.priority}`;
    case "station":
      return t && t.stationId === b.stationId ? null : `station ${t && t.stationId}, sent ${b.stationId}`;
    case "start":
      return t && t.status === "preparing" ? null : `ticket ${t && t.status}`;
    case "ready":
      return t && t.status === "ready" ? null : `ticket ${t && t.status}`;
    case "complete":
      return t && t.status === "completed" && now.status === "served" ? null : `ticket ${t && t.status}, order ${now.status}`;
    case "itemStatus": {
      const item = now.items.find((i) => i.itemId === rec.itemId);
      return item && item.status === b.status ? null : `item ${rec.itemId} is ${item && item.status}, sent ${b.status}`;
    }
    case "orderStatus":
      return now.status === b.status ? null : `status ${now.status}, sent ${b.status}`;
    case "cancelRequest":
      return now.cancelRequest && now.cancelRequest.reason === b.reason ? null : `cancelRequest ${JSON.stringify(now.cancelRequest)}`;
    case "cancelAccept":
      return now.status === "cancelled" && now.cancelRequest && now.cancelRequest.status === "accepted" ? null : `status ${now.status}, request ${now.cancelRequest && now.cancelRequest.status}`;
    case "cancelReject":
      return now.cancelRequest && now.cancelRequest.status === "rejected" && now.cancelRequest.rejectionReason === b.reason ? null : `request ${JSON.stringify(now.cancelRequest)}`;
    default:
      return `unknown action ${rec.action}`;
  }
}

// ---------------------------------------------------------------- one round

async function round(r, opts, shared, rng) {
  const violations = [];
  const v = (text) => violations.push(text);

  // Start on the file the earlier rounds left, and fire the burst.
  const first = await startServer(opts.binary, shared.dir, shared.secret);
  const setup = new Client(first.port);
  const ctx = { waiter: await login(setup, "waiter1"), chef: await login(setup, "chef1") };
  if (!shared.menu) {
    shared.menu = (await setup.request("GET", "/api/menu", { token: ctx.waiter })).body.menu.filter(orderableAsIs);
    shared.tables = (await setup.request("GET", "/api/tables", { token: ctx.waiter })).body.tables.map((t) => t.tableId);
    shared.stations = (await setup.request("GET", "/api/stations", { token: ctx.waiter })).body.stations.map((s) => s.stationId);
  }
  setup.close();
  ctx.tables = shared.tables;
  ctx.stations = shared.stations;
  ctx.randomItems = (g, min, max) =>
    Array.from({ length: g.int(min, max) }, () => ({ menuItemId: g.pick(shared.menu).menuItemId, quantity: g.int(1, 9), notes: g.pick(itemNotes) }));

  const killAt = rng.int(50, 1500);
  const killDelay = rng.pick([{ kind: "now" }, { kind: "immediate" }, { kind: "timer", ms: rng.int(0, 6) }]);
  const tBurst = performance.now();
  const log = await burst({ server: first, port: first.port, rng: rng.fork(), round: r, runTag: `s${opts.seed}`, clients: opts.clients, ctx, killAt, killDelay });
  for (const u of log.unexpected) v(`burst: ${u}`);
  const exit = first.exitInfo();
  if (!exit || exit.signal !== "SIGKILL") v(`the first server did not die of SIGKILL: ${JSON.stringify(exit)}`);

  // Restart on the same file.
  const tRestart = performance.now();
  const server = await startServer(opts.binary, shared.dir, shared.secret);
  const clients = Array.from({ length: opts.clients }, () => new Client(server.port));
  const c0 = clients[0];
  try {
    let ready = null;
    for (let i = 0; i < 50; i++) {
      ready = await c0.request("GET", "/readyz");
      if (ready.status === 200) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    if (ready.status !== 200) v(`after the restart /readyz answered ${ready.status} ${JSON.stringify(ready.body)} for 5 s`);
    else if (ready.body.status !== "ready") v(`/readyz 200 but ${JSON.stringify(ready.body)}`);
    const W = await login(c0, "waiter1");

    // What the database holds now, before any retry.
    const listed = await ordersAfter(c0, W, shared.maxOrderId);
    const byMarker = new Map();
    const markerOf = (o) => /^crash:\S+/.exec(o.notes)?.[0];
    for (const o of listed) {
      const m = markerOf(o);
      if (!m) {
        v(`order ${o.orderId} is none of this round's (notes ${JSON.stringify(o.notes)})`);
        continue;
      }
      if (!byMarker.has(m)) byMarker.set(m, []);
      byMarker.get(m).push(o);
    }
    const sentMarkers = new Set(log.creates.map((c) => c.marker));
    for (const [m, os] of byMarker) {
      if (!sentMarkers.has(m)) v(`orders ${os.map((o) => o.orderId)} carry marker ${m}, which no request of this round sent`);
      if (os.length > 1) v(`before any retry, ${os.length} orders share the key of ${m}: ${os.map((o) => o.orderId)}`);
    }

    // The outbox: all of it on the first, the last and every --full-scan-every'th
    // round; otherwise from where the previous round began, so that every event
    // is read again after the next crash.
    const full = r === 1 || r === opts.rounds || r % opts.fullScanEvery === 0;
    const scanFrom = full ? 0 : shared.previousRoundFrom;
    const tScan = performance.now();
    const events = await readEvents(clients, W, scanFrom, shared.lastSequence, shared.lastSequence, violations);
    const scanMs = performance.now() - tScan;
    const lastSequence = events.length ? events.at(-1).sequence : scanFrom;
    if (lastSequence < shared.lastSequence) v(`outbox: ends at ${lastSequence}, but earlier rounds saw it reach ${shared.lastSequence}`);
    for (const e of events) {
      if (e.sequence <= shared.lastSequence && shared.digest[e.sequence] !== digestOf(e)) v(`outbox: event ${e.sequence} was ${shared.digest[e.sequence]} when an earlier round read it, is ${digestOf(e)} now`);
    }
    const newEvents = events.filter((e) => e.sequence > shared.lastSequence);
    const eventsByOrder = new Map();
    for (const e of newEvents) {
      if (e.orderId === undefined) continue;
      if (!eventsByOrder.has(e.orderId)) eventsByOrder.set(e.orderId, []);
      eventsByOrder.get(e.orderId).push(e);
    }
    const listedIds = new Set(listed.map((o) => o.orderId));
    for (const id of eventsByOrder.keys()) {
      if (!listedIds.has(id)) v(`outbox: events ${eventsByOrder.get(id).map((e) => `${e.sequence} ${e.type}`)} of order ${id}, which is not in the database`);
    }

    // Every order of this round, read back whole and compared with what was acknowledged.
    const priceOf = new Map(shared.menu.map((m) => [m.menuItemId, Math.round(m.price * 100)]));
    const fromDb = new Map();
    await pool(clients, [...listedIds], async (id, client) => {
      const res = await client.request("GET", `/api/orders/${id}`, { token: W });
      if (res.status !== 200) v(`GET /api/orders/${id}: ${res.status} ${JSON.stringify(res.body)}`);
      else fromDb.set(id, res.body);
    });
    let ordersChecked = 0;
    for (const o of listed) {
      const db = fromDb.get(o.orderId);
      if (!db) continue;
      if (!isDeepStrictEqual(db, o)) v(`order ${o.orderId}: GET and the listing disagree: ${diff(o, db).join("; ")}`);
      if (db.items.length < 1) v(`order ${o.orderId} has no items`);
      const total = db.items.filter((i) => i.status !== "cancelled").reduce((s, i) => s + i.quantity * Math.round(i.unitPrice * 100), 0);
      // A cancelled order keeps its last totals (docs/kitchen.md).
      if (db.status !== "cancelled" && Math.round(db.totalAmount * 100) !== total) v(`order ${o.orderId}: totalAmount ${db.totalAmount}, its items add up to ${total / 100}`);
      for (const i of db.items) if (priceOf.get(i.menuItemId) !== Math.round(i.unitPrice * 100)) v(`order ${o.orderId} item ${i.itemId}: unitPrice ${i.unitPrice}`);
      const evs = eventsByOrder.get(o.orderId) || [];
      const created = evs.filter((e) => e.type === "order.created");
      if (created.length !== 1) v(`order ${o.orderId} has ${created.length} order.created events in the outbox`);
      // The outbox's last word on an order is the order: an event exists iff its change does. It
      // keeps only the items its change concerns (docs/api.md "Events"), each as the database has it.
      const last = evs.at(-1);
      if (last && !isDeepStrictEqual(last.order, asRecordedBy(db, last))) {
        v(`order ${o.orderId}: its last event (${last.sequence} ${last.type}) disagrees with the database: ${diff(last.order, asRecordedBy(db, last)).join("; ")}`);
      }
    }

    let createdBeforeCrash = 0;
    let committedUnacked = 0; // commands other than creates that committed without an answer
    for (const order of log.orders) {
      const found = byMarker.get(order.marker) || [];
      const createRec = order.requests[0];
      const acked = order.requests.filter((q) => q.outcome === "ack");
      const evs = () => eventsByOrder.get(found[0].orderId) || [];
      if (createRec.outcome === "ack") {
        const id = createRec.response.orderId;
        if (!found.length) {
          v(`LOST: order ${id} (${order.marker}) was acknowledged 201 but is not in the database`);
          continue;
        }
        if (found[0].orderId !== id) v(`order ${order.marker} was acknowledged as ${id}, the database has ${found.map((f) => f.orderId)}`);
      } else if (found.length) {
        createdBeforeCrash++;
      }
      if (!found.length) continue;
      const db = fromDb.get(found[0].orderId);
      if (!db) continue;
      ordersChecked++;
      // Each acknowledged answer is one of the order's committed states, in the
      // order they were answered: an event of the command's own carries it.
      let at = -1;
      // Events keep only the items their change concerns, so an event is
      // looked for by the command's own first type as well as by its state.
      for (const q of acked) {
        const type = firstEventType[q.action];
        const i = evs().findIndex((e, j) => j > at && e.type === type && isDeepStrictEqual(e.order, asRecordedBy(q.response, e)));
        if (i < 0) {
          v(`order ${db.orderId}: acknowledged ${q.action} (${q.method} ${q.path}) has no ${type} event after the previous acknowledged state's carrying its answer: ${short(q.response)}`);
          continue;
        }
        const match = evs()[i];
        at = i;
        // The command's other events (same transaction, same time) carry the same state.
        const sameCommand = (e) => e.occurredAt === match.occurredAt && isDeepStrictEqual(e.order, asRecordedBy(q.response, e));
        while (at + 1 < evs().length && sameCommand(evs()[at + 1])) at++;
      }
      if (createRec.outcome !== "ack") {
        // Created before the crash without an answer: exactly what was sent.
        const b = order.create.body;
        const got = db.items.map((i) => [i.menuItemId, i.quantity, i.notes]);
        const want = b.items.map((i) => [i.menuItemId, i.quantity, i.notes ?? ""]);
        if (db.tableId !== b.tableId || db.notes !== b.notes || !isDeepStrictEqual(got, want)) v(`order ${db.orderId} (${order.marker}, unacknowledged create) differs from its request: ${short(db)}`);
        continue;
      }
      // Whole, as last acknowledged, or with the one unacknowledged command after it applied.
      const lastAck = acked.at(-1).response;
      const pending = order.requests.at(-1).outcome === "ack" ? null : order.requests.at(-1);
      if (isDeepStrictEqual(db, lastAck)) continue;
      if (!pending) {
        v(`order ${db.orderId} (${order.marker}) is not as last acknowledged (${acked.at(-1).action}): ${diff(lastAck, db).join("; ")}`);
        continue;
      }
      const problem = appliedProblem(pending, lastAck, db);
      if (!problem) committedUnacked++;
      if (problem) {
        v(`order ${db.orderId} (${order.marker}) is neither as last acknowledged (${acked.at(-1).action}) nor with the unacknowledged ${pending.action} applied: ${problem}; ${diff(lastAck, db).join("; ")}`);
        continue;
      }
      // Its events follow the last acknowledged state's, the first of the command's
      // own type, all carrying the state it left.
      const later = evs().slice(at + 1);
      if (!later.length || later[0].type !== firstEventType[pending.action] || !later.every((e) => isDeepStrictEqual(e.order, asRecordedBy(db, e)))) {
        v(`order ${db.orderId}: the unacknowledged ${pending.action} committed, but the events after the last acknowledged state are ${later.map((e) => `${e.sequence} ${e.type}`).join(", ") || "none"}`);
      }
    }

    // Retry every create with its key: nothing doubles. First the keys whose
    // order is not in the database, each sent twice at once on two fresh
    // connections: one order, both racers get it, exactly one creates it.
    const keyOrder = new Map(); // marker -> the order id its key must give from now on
    for (const order of log.orders) {
      const found = (byMarker.get(order.marker) || [])[0];
      const ack = order.requests[0].outcome === "ack" ? order.requests[0].response.orderId : undefined;
      if (ack !== undefined || found) keyOrder.set(order.marker, ack ?? found.orderId);
    }
    const post = (client, create) => client.request("POST", "/api/orders", { token: W, body: create.bodyText, headers: { "Idempotency-Key": create.key } });
    const replayedOf = (res) => res.headers["idempotent-replayed"] === "true";
    const createdByRetry = log.creates.filter((c) => !keyOrder.has(c.marker));
    const tRetry = performance.now();
    const racers = [new Client(server.port), new Client(server.port)];
    try {
      for (const create of createdByRetry) {
        const answers = await Promise.all(racers.map((client) => post(client, create)));
        const text = answers.map((a) => `${a.status} order ${a.body.orderId} Idempotent-Replayed ${a.headers["idempotent-replayed"]}`).join(" / ");
        if (answers.some((a) => a.status !== 201)) v(`racing retries of ${create.marker} (not in the database): ${text}`);
        else if (answers[0].body.orderId !== answers[1].body.orderId || answers.filter((a) => !replayedOf(a)).length !== 1) v(`racing retries of ${create.marker} (not in the database) should give one new order: ${text}`);
        else {
          keyOrder.set(create.marker, answers[0].body.orderId);
          const got = answers[0].body.items.map((i) => [i.menuItemId, i.quantity, i.notes]);
          const want = create.body.items.map((i) => [i.menuItemId, i.quantity, i.notes ?? ""]);
          if (!isDeepStrictEqual(got, want) || answers[0].body.notes !== create.body.notes) v(`the retry of ${create.marker} created an order unlike its request: ${short(answers[0].body)}`);
        }
      }
    } finally {
      for (const c of racers) c.close();
    }
    // Then every key once more: each gives its order back, as stored, marked replayed.
    await pool(clients, log.creates, async (create, client) => {
      const res = await post(client, create);
      const want = keyOrder.get(create.marker);
      if (res.status !== 201 || !replayedOf(res) || res.body.orderId !== want) {
        v(`retry of ${create.marker}: ${res.status} order ${res.body.orderId} (Idempotent-Replayed ${res.headers["idempotent-replayed"]}), the key's order is ${want}`);
        return;
      }
      const stored = fromDb.get(want);
      if (stored && !isDeepStrictEqual(res.body, stored)) v(`retry of ${create.marker} replays order ${want} not as stored: ${diff(stored, res.body).join("; ")}`);
    });

    // Afterwards: one order per key, per table as many as were sent.
    const after = await ordersAfter(c0, W, shared.maxOrderId);
    const count = new Map();
    for (const o of after) count.set(markerOf(o), (count.get(markerOf(o)) || 0) + 1);
    for (const c of log.creates) if (count.get(c.marker) !== 1) v(`after the retries ${count.get(c.marker) || 0} orders carry ${c.marker}`);
    if (after.length !== log.creates.length) v(`after the retries ${after.length} orders for ${log.creates.length} keys`);
    const perTable = (list, tableOf) => list.reduce((m, x) => m.set(tableOf(x), (m.get(tableOf(x)) || 0) + 1), new Map());
    const sentPerTable = perTable(log.creates, (c) => c.tableId);
    const dbPerTable = perTable(after, (o) => o.tableId);
    for (const t of new Set([...sentPerTable.keys(), ...dbPerTable.keys()])) {
      if (sentPerTable.get(t) !== dbPerTable.get(t)) v(`table ${t}: ${dbPerTable.get(t) || 0} orders of this round, ${sentPerTable.get(t) || 0} keys sent`);
    }

    // The retries' own events continue the outbox without a gap.
    const tail = await readEvents(clients, W, lastSequence, lastSequence, lastSequence, violations);
    const newIds = new Set(createdByRetry.map((c) => keyOrder.get(c.marker)));
    const tailCreated = tail.filter((e) => e.type === "order.created").map((e) => e.orderId);
    if (tailCreated.length !== newIds.size || !tailCreated.every((id) => newIds.has(id))) v(`outbox: the retries created orders ${[...newIds]}, their order.created events name ${tailCreated}`);
    const all = [...events, ...tail];
    for (const e of tail) {
      if (e.orderId !== undefined && !newIds.has(e.orderId)) v(`outbox: event ${e.sequence} ${e.type} of order ${e.orderId} during the retries`);
    }

    const maxId = after.reduce((m, o) => Math.max(m, o.orderId), shared.maxOrderId);
    for (const e of all) if (e.sequence > shared.lastSequence) shared.digest[e.sequence] = digestOf(e);
    const stats = {
      sent: log.requests.length,
      creates: log.creates.length,
      acked: log.acks,
      unacked: log.requests.filter((q) => q.outcome === "error").length,
      createdBeforeCrash,
      committedUnacked,
      createdByRetry: createdByRetry.length,
      ordersChecked,
      eventsChecked: all.length,
      outboxEnd: all.length ? all.at(-1).sequence : scanFrom,
      scanFrom,
      kill: log.kill,
      killAt,
      killDelay,
      ms: { burst: tRestart - tBurst, restartToRetry: tRetry - tRestart, scan: scanMs, retry: performance.now() - tRetry },
    };
    shared.maxOrderId = maxId;
    shared.previousRoundFrom = shared.lastSequence;
    shared.lastSequence = stats.outboxEnd;
    return { violations, stats, stderr: server.stderr() };
  } finally {
    for (const c of clients) c.close();
    const info = await server.stop();
    if (!(info.code === 0 && !info.signal)) violations.push(`the restarted server did not exit 0 on SIGTERM (${JSON.stringify(info)}): ${server.stderr().slice(-2000)}`);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), "brigade-crash-"));
  console.log(`crash-rounds: seed ${opts.seed}, ${opts.rounds} rounds, ${opts.clients} clients, binary ${opts.binary}, database ${path.join(dir, "crash.db")}`);
  const shared = { dir, secret: randomBytes(24).toString("hex"), maxOrderId: 0, lastSequence: 0, previousRoundFrom: 0, digest: [], menu: null };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      console.log(`crash-rounds: interrupted (${signal}); database kept in ${dir}`);
      process.exit(130); // the servers are killed on exit
    });
  }
  const rng = new Random(opts.seed);
  const totals = { sent: 0, acked: 0, unacked: 0, ordersChecked: 0, eventsChecked: 0, createdBeforeCrash: 0, committedUnacked: 0, createdByRetry: 0 };
  const started = performance.now();
  let failed = false;
  for (let r = 1; r <= opts.rounds; r++) {
    const t0 = performance.now();
    let result;
    try {
      result = await round(r, opts, shared, rng.fork());
    } catch (err) {
      console.log(`round ${r}/${opts.rounds}: ERROR ${err.stack || err}`);
      failed = true;
      break;
    }
    const s = result.stats;
    for (const k of Object.keys(totals)) totals[k] += s[k];
    const k = s.kill;
    const delay = s.killDelay.kind === "timer" ? `${s.killDelay.ms} ms timer` : s.killDelay.kind;
    const m = s.ms;
    console.log(
      `round ${r}/${opts.rounds}: ${s.sent} requests sent (${s.creates} creates), ${s.acked} acknowledged, ${s.unacked} not ` +
        `(${s.createdBeforeCrash} creates and ${s.committedUnacked} other commands committed anyway, ${s.createdByRetry} orders created by the retry); ` +
        `checked ${s.ordersChecked} orders, ${s.eventsChecked} events (outbox ${s.scanFrom + 1}..${s.outboxEnd}${s.scanFrom ? "" : ", all"}); ` +
        `killed after ${k.acks} acks (target ${s.killAt}, ${delay}) at ${(k.ms / 1000).toFixed(2)} s with ${k.inFlight} in flight; ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s (burst ${(m.burst / 1000).toFixed(1)}, restart and checks ${(m.restartToRetry / 1000).toFixed(1)}, ` +
        `outbox read ${(m.scan / 1000).toFixed(1)} of it, retries ${(m.retry / 1000).toFixed(1)})` +
        (result.violations.length ? ` — ${result.violations.length} VIOLATIONS` : ""),
    );
    if (result.violations.length) {
      failed = true;
      for (const text of result.violations.slice(0, 40)) console.log(`  VIOLATION: ${text}`);
      if (result.violations.length > 40) console.log(`  … and ${result.violations.length - 40} more`);
      console.log(`  restarted server's stderr (tail):\n${result.stderr.split("\n").slice(-15).map((l) => `    ${l}`).join("\n")}`);
      break;
    }
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const t = totals;
  const line =
    `${t.sent} requests sent, ${t.acked} acknowledged, ${t.unacked} not (${t.createdBeforeCrash} creates and ${t.committedUnacked} other commands ` +
    `committed anyway, ${t.createdByRetry} orders created by the retry); checked ${t.ordersChecked} orders, ${t.eventsChecked} events`;
  if (failed) {
    console.log(`crash-rounds: FAILED (seed ${opts.seed}) after ${secs} s; ${line}; database kept in ${dir}`);
    process.exit(1);
  }
  console.log(`crash-rounds: all ${opts.rounds} rounds passed in ${secs} s (seed ${opts.seed}); ${line}`);
  if (opts.keep) console.log(`crash-rounds: database kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`crash-rounds: ${err.stack || err}`);
  process.exit(2);
});

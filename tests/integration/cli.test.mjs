// brigade-cli (clients/cli, docs/cli.md) run as a child process against
// `brigade serve --demo`, the way a person or a shell script uses it:
// `listen` prints each event of its rooms as one JSON line and exits 0 on
// SIGTERM; `connect` runs commands piped into its prompt; `emit` prints one
// ack and says in its exit status whether it was ok; a refused connection
// and a bad command line fail with a clear message (exit 1 and 2). Every wait
// is for a line of output or an exit, never a fixed time.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { tokenFor } from "./support/auth.mjs";
import { Recorder } from "./support/clients.mjs";
import { orderState } from "./support/rooms.mjs";
import { isNodePeer, repoRoot, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip ? null : await startKitchenServer({ db: path.join(tempDir("brigade-cli-"), "cli.db") });
const url = server?.url;
const waiter = server && apiClient(url, "waiter1");

// Each CLI run starts node and logs in (argon2id on the server): generous deadlines.
const timeoutMs = 15_000;
const cliPath = path.join(repoRoot, "clients/cli/bin/brigade-cli.mjs");
// A JWT anywhere in the output would be a leaked token.
const jwtLike = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/**
 * Runs brigade-cli with `args` (a clean environment: no $BRIGADE_TOKEN unless
 * `env` gives one); its stdout and stderr are recorded line by line and the
 * child is killed if the test ends first.
 */
function runCli(t, args, { stdin = false, env = {}, bin = process.execPath, binArgs = [cliPath] } = {}) {
  const { BRIGADE_TOKEN: _ignored, ...base } = process.env;
  const child = spawn(bin, [...binArgs, ...args], {
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
    env: { ...base, BRIGADE_CLI_HISTORY: "", ...env },
  });
  const exited = new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  t.after(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  const lines = (stream) => new Recorder(createInterface({ input: stream }), "line");
  return { child, stdout: lines(child.stdout), stderr: lines(child.stderr), exited };
}

/** The first recorded line matching `re` (awaited). */
async function lineMatching(recorder, re) {
  const entries = await recorder.until((all) => all.some(([line]) => re.test(line)), { timeoutMs, what: String(re) });
  return entries.find(([line]) => re.test(line))[0];
}

/** The exit {code, signal}, awaited with a deadline. */
async function exitOf(run) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`brigade-cli did not exit within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([run.exited, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const text = (recorder) => recorder.entries.map(([line]) => line).join("\n");

/** The JSON after an interactive line's prefix: "ack join:kitchen {…}" → {…}. */
const jsonAfter = (line, prefix) => JSON.parse(line.slice(prefix.length));

async function createOrder(tableId = 4) {
  const res = await waiter("POST", "/api/orders", { json: { tableId, items: [{ menuItemId: 6, quantity: 2 }] } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

test("listen --join kitchen prints order:new as a JSON line and exits 0 on SIGTERM", { skip, timeout: 30_000 }, async (t) => {
  const run = runCli(t, ["listen", url, "--login", "chef1:chef1pass", "--join", "kitchen"]);
  await lineMatching(run.stderr, /^joined kitchen$/);

  const order = await createOrder();
  const line = await lineMatching(run.stdout, /"event":"order:new"/);
  const { event, data, at } = JSON.parse(line);
  assert.equal(event, "order:new");
  assert.equal(data.orderId, order.orderId);
  assert.equal(data.orderNumber, order.orderNumber);
  assert.equal(data.tableId, 4);
  assert.deepEqual(
    data.items.map((i) => [i.itemId, i.menuItemId, i.quantity]),
    order.items.map((i) => [i.itemId, i.menuItemId, i.quantity]),
  );
  assert.equal(new Date(at).toISOString(), at, "`at` is an ISO 8601 instant");

  run.child.kill("SIGTERM");
  assert.deepEqual(await exitOf(run), { code: 0, signal: null });
  // stdout is for jq: every line is one JSON event; the diagnostics went to stderr.
  for (const [l] of run.stdout.entries) assert.deepEqual(Object.keys(JSON.parse(l)), ["event", "data", "at"]);
  assert.match(text(run.stderr), /^connected: id \S+$/m);
  const all = `${text(run.stdout)}\n${text(run.stderr)}`;
  assert.doesNotMatch(all, /chef1pass/, "the password is never printed");
  assert.doesNotMatch(all, jwtLike, "the token is never printed");
});

test("listen --event prints only the named events; `--join table 4` joins table:4", { skip, timeout: 30_000 }, async (t) => {
  const run = runCli(t, ["listen", url, "--login", "waiter1:waiter1pass", "--join", "table", "4", "--event", "order:status"]);
  await lineMatching(run.stderr, /^joined table:4$/);
  await lineMatching(run.stderr, /^listening for order:status /);

  // Creation sends order:created to table:4 (filtered out), confirmation order:confirmed,
  // order:status_changed and order:status, in that order: only the last may be printed.
  const order = await createOrder();
  const confirmed = await waiter("POST", `/api/orders/${order.orderId}/confirm`);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const line = await lineMatching(run.stdout, /"event":"order:status"/);
  assert.deepEqual(JSON.parse(line).data, { orderId: order.orderId, tableId: 4, status: "confirmed", order: orderState(confirmed.body) });
  assert.deepEqual(
    run.stdout.entries.map(([l]) => JSON.parse(l).event),
    ["order:status"],
  );

  run.child.kill("SIGINT");
  assert.deepEqual(await exitOf(run), { code: 0, signal: null });
});

test("listen exits 1 when a join is refused", { skip, timeout: 30_000 }, async (t) => {
  const run = runCli(t, ["listen", url, "--login", "chef1:chef1pass", "--join", "waiters"]);
  assert.equal((await exitOf(run)).code, 1);
  assert.match(text(run.stderr), /^brigade-cli: could not join waiters: forbidden: /m);
  assert.equal(text(run.stdout), "");
});

test("a refused connection exits non-zero with the server's message", { skip, timeout: 30_000 }, async (t) => {
  const forged = runCli(t, ["listen", url, "--token", "not.a.token", "--join", "kitchen"]);
  const none = runCli(t, ["emit", url, "join:kitchen"]);
  const wrongPassword = runCli(t, ["listen", url, "--login", "chef1:nope", "--join", "kitchen"]);

  assert.equal((await exitOf(forged)).code, 1);
  assert.match(text(forged.stderr), /^brigade-cli: could not connect to .*: Authentication error \(token_invalid: .+\)$/m);
  assert.equal((await exitOf(none)).code, 1);
  assert.match(text(none.stderr), /Authentication error \(token_missing: /);
  assert.equal((await exitOf(wrongPassword)).code, 1);
  assert.match(text(wrongPassword.stderr), /^brigade-cli: login as chef1 failed: 401 unauthenticated: /m);
  assert.doesNotMatch(text(wrongPassword.stderr), /nope/, "the password is never printed");
});

test("emit prints the ack as JSON; its exit status says whether it was ok", { skip, timeout: 30_000 }, async (t) => {
  const order = await createOrder(6);
  const token = await tokenFor(url, "waiter1");

  const joined = runCli(t, ["emit", url, "join:order", JSON.stringify({ orderId: order.orderId }), "--token", token]);
  const missing = runCli(t, ["emit", url, "join:order", '{"orderId": 999999}'], { env: { BRIGADE_TOKEN: token } });
  const unanswered = runCli(t, ["emit", url, "no:such:event", "--token", token, "--timeout", "300"]);

  assert.equal((await exitOf(joined)).code, 0);
  const ack = JSON.parse(text(joined.stdout));
  assert.equal(ack.ok, true);
  assert.equal(ack.room, `order:${order.orderId}`);
  assert.equal(ack.snapshot.order.orderId, order.orderId);

  assert.equal((await exitOf(missing)).code, 1, "a failed ack is exit 1 ($BRIGADE_TOKEN was used)");
  assert.equal(JSON.parse(text(missing.stdout)).error.code, "not_found");

  assert.equal((await exitOf(unanswered)).code, 1);
  assert.equal(text(unanswered.stdout), "");
  assert.match(text(unanswered.stderr), /^brigade-cli: no ack for no:such:event within 300 ms$/m);
});

test("connect: commands piped into the prompt print acks and the events asked for", { skip, timeout: 30_000 }, async (t) => {
  const run = runCli(t, ["connect", url, "--login", "chef1:chef1pass"], { stdin: true });
  const type = (line) => run.child.stdin.write(`${line}\n`);

  type("join kitchen");
  const kitchen = jsonAfter(await lineMatching(run.stdout, /^ack join:kitchen /), "ack join:kitchen ");
  assert.equal(kitchen.ok, true);
  assert.equal(kitchen.room, "kitchen");
  assert.ok(Array.isArray(kitchen.snapshot.orders));
  assert.match(text(run.stdout), /^connected: id \S+, transport (polling|websocket)$/m);

  const earlier = await createOrder(7);
  type(`emit join:order {"orderId": ${earlier.orderId}}`);
  const orderAck = jsonAfter(await lineMatching(run.stdout, /^ack join:order /), "ack join:order ");
  assert.equal(orderAck.room, `order:${earlier.orderId}`);

  type("frob");
  type("emit x {oops");
  type("on order:created");
  await lineMatching(run.stdout, /^printing order:created$/);
  assert.match(text(run.stdout), /^error: unknown command "frob" \(type help\)$/m);
  assert.match(text(run.stdout), /^error: bad JSON argument "\{oops": /m);

  const order = await createOrder(7);
  const event = jsonAfter(await lineMatching(run.stdout, /^event order:created /), "event order:created ");
  assert.equal(event.orderId, order.orderId);
  assert.equal(event.tableId, 7);

  // order:new went to the kitchen too, right behind order:created, but nobody
  // asked for it: after an ack's round trip it has arrived, unprinted.
  type("emit join:kitchen");
  await run.stdout.until((all) => all.filter(([l]) => l.startsWith("ack join:kitchen ")).length === 2, { timeoutMs });
  assert.doesNotMatch(text(run.stdout), /^event order:new /m);

  type("status");
  await lineMatching(run.stdout, /^status: connected, id \S+, transport (polling|websocket), namespace \/, rooms kitchen$/);
  type("quit");
  assert.deepEqual(await exitOf(run), { code: 0, signal: null });
  assert.doesNotMatch(`${text(run.stdout)}\n${text(run.stderr)}`, jwtLike);
});

test("a bad command line exits 2 with the reason and the usage", { skip, timeout: 30_000 }, async (t) => {
  const cases = [
    [[], /missing command/],
    [["frob", url], /unknown command "frob"/],
    [["listen"], /missing URL/],
    [["connect", "localhost:8000"], /bad URL "localhost:8000"/],
    [["emit", url, "join:table", "{tableId: 4}"], /bad JSON argument "\{tableId: 4\}"/],
    [["listen", url, "--bogus"], /Unknown option '--bogus'/],
    [["listen", url, "--join", "table", "x"], /--join: the table room needs one positive integer id/],
    [["listen", url, "--token", "t", "--login", "a:b"], /give --token or --login, not both/],
  ];
  const runs = cases.map(([args]) => runCli(t, args));
  for (const [i, [args, reason]] of cases.entries()) {
    const { code } = await exitOf(runs[i]);
    assert.equal(code, 2, `brigade-cli ${args.join(" ")}`);
    assert.match(text(runs[i].stderr), reason);
    assert.match(text(runs[i].stderr), /^usage: brigade-cli connect URL/m);
    assert.equal(text(runs[i].stdout), "", "nothing on stdout");
  }
});

test("the workspace links the brigade-cli command (npx brigade-cli)", { timeout: 30_000 }, async (t) => {
  const run = runCli(t, ["--help"], { bin: path.join(repoRoot, "node_modules/.bin/brigade-cli"), binArgs: [] });
  assert.equal((await exitOf(run)).code, 0);
  assert.match(text(run.stdout), /^usage: brigade-cli connect URL/m);
  assert.match(text(run.stdout), /^ {2}on EVENT \| on \*/m);
});

// Set-up (issue 18; docs/operations.md "Creating a restaurant", docs/security.md
// "First-run set-up" and "Forced password change"): a server without --demo
// on a fresh database, the first-run POST /api/setup from loopback and with
// the setup token, `brigade restaurant create|list` while that server runs,
// and a manager's one-time password that buys nothing but a password change.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { login } from "./support/auth.mjs";
import { connectError, staffSocket } from "./support/rooms.mjs";
import { brigadeBinary, isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const dir = skip ? null : tempDir("brigade-setup-");

/** `brigade restaurant ARGS` on `db`; resolves to {status, stdout, stderr}. */
function restaurantCommand(db, args, { input = "" } = {}) {
  const run = spawnSync(brigadeBinary(), ["restaurant", ...args, "--db", db], { encoding: "utf8", input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The lines of `text` that say something. */
const linesOf = (text) => text.split("\n").filter((line) => line.trim() !== "");

const firstRun = {
  restaurant: { name: "Chez Nous", timezone: "Europe/Paris", currency: "EUR" },
  manager: { name: "Olive Owner", username: "olive", password: "olive's own password" },
};

/** The setup token the server logged at start. */
async function loggedSetupToken(server) {
  await server.waitForStderr(/setup#token=[A-Za-z0-9_-]+/);
  return /setup#token=([A-Za-z0-9_-]+)/.exec(server.stderr())[1];
}

test("a fresh server without --demo opens /setup, from loopback without a token, once", { skip }, async (t) => {
  const server = await startKitchenServer({ db: path.join(dir, "loopback.db"), demo: false });
  t.after(() => server.stop());
  await server.waitForStderr(`open ${server.url}/setup`);
  const api = apiClient(server.url, null);

  const before = await api("GET", "/api/setup");
  assert.equal(before.status, 200);
  assert.deepEqual(before.body, { open: true, tokenRequired: false });
  assert.equal((await login(server.url, "olive", firstRun.manager.password)).status, 401);

  // Bad input is a 400 naming the field, and creates nothing.
  const badZone = await api("POST", "/api/setup", {
    json: { ...firstRun, restaurant: { ...firstRun.restaurant, timezone: "Europe/Atlantis" } },
  });
  assert.equal(badZone.status, 400);
  assert.equal(badZone.body.error.field, "restaurant.timezone");
  assert.match(badZone.body.error.message, /Europe\/Atlantis/);
  const badCurrency = await api("POST", "/api/setup", {
    json: { ...firstRun, restaurant: { ...firstRun.restaurant, currency: "eur" } },
  });
  assert.equal(badCurrency.status, 400);
  assert.equal(badCurrency.body.error.field, "restaurant.currency");
  const shortPassword = await api("POST", "/api/setup", {
    json: { ...firstRun, manager: { ...firstRun.manager, password: "short" } },
  });
  assert.equal(shortPassword.status, 400);
  assert.equal(shortPassword.body.error.field, "manager.password");
  assert.equal((await api("GET", "/api/setup")).body.open, true);

  const created = await api("POST", "/api/setup", { json: firstRun });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.restaurant, { id: created.body.restaurant.id, ...firstRun.restaurant });
  assert.equal(created.body.manager.username, "olive");
  assert.equal(created.body.manager.role, "manager");

  // Closed for good: 409 and a GET that says so.
  const again = await api("POST", "/api/setup", {
    json: { ...firstRun, manager: { ...firstRun.manager, username: "someone" } },
  });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "already_set_up");
  assert.equal((await api("GET", "/api/setup")).body.open, false);

  // The manager chose their password: no change is forced.
  const olive = await login(server.url, "olive", firstRun.manager.password);
  assert.equal(olive.status, 200);
  assert.equal(olive.body.passwordChangeRequired, false);
  assert.equal(olive.body.staff.role, "manager");
  const me = await api("GET", "/api/auth/me", { staff: olive.body.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.actor.restaurantId, created.body.restaurant.id);
});

test("from elsewhere /api/setup needs the setup token the server logged", { skip }, async (t) => {
  const server = await startKitchenServer({ db: path.join(dir, "remote.db"), demo: false });
  t.after(() => server.stop());
  const token = await loggedSetupToken(server);
  const api = apiClient(server.url, null);
  // Through a proxy on this machine every client would look local: a
  // request that names a proxy hop is not taken for a local one.
  const viaProxy = { "X-Forwarded-For": "203.0.113.7" };
  assert.deepEqual((await api("GET", "/api/setup", { headers: viaProxy })).body, { open: true, tokenRequired: true });

  const without = await api("POST", "/api/setup", { json: firstRun, headers: viaProxy });
  assert.equal(without.status, 403);
  assert.equal(without.body.error.code, "forbidden");
  const wrong = await api("POST", "/api/setup", { json: { ...firstRun, setupToken: "x".repeat(43) }, headers: viaProxy });
  assert.equal(wrong.status, 403);

  const created = await api("POST", "/api/setup", { json: { ...firstRun, setupToken: token }, headers: viaProxy });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await login(server.url, "olive", firstRun.manager.password)).status, 200);
});

// A real non-loopback address, when this machine has one: the server listens
// on it and the client connects to it, so the server sees that address.
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal);
test("a client on a non-loopback address is refused without the token", { skip: skip || (!outside && "no non-loopback IPv4 address") }, async (t) => {
  const server = await startKitchenServer({ db: path.join(dir, "lan.db"), demo: false, host: outside.address });
  t.after(() => server.stop());
  const token = await loggedSetupToken(server);
  const lan = apiClient(server.url, null);
  assert.equal((await lan("GET", "/api/setup")).body.tokenRequired, true);
  const refused = await lan("POST", "/api/setup", { json: firstRun });
  assert.equal(refused.status, 403);
  const created = await lan("POST", "/api/setup", { json: { ...firstRun, setupToken: token } });
  assert.equal(created.status, 201);
});

test("brigade restaurant create and list work beside a running server; errors are one line and exit 2", { skip }, async (t) => {
  const db = path.join(dir, "cli.db");
  const server = await startKitchenServer({ db, demo: false });
  t.after(() => server.stop());
  const api = apiClient(server.url, null);

  const created = restaurantCommand(db, [
    "create", "--name", "Le Zinc", "--timezone", "Europe/Paris", "--currency", "EUR",
    "--manager", "owner1", "--manager-name", "Oscar Owner", "--json",
  ]);
  assert.equal(created.status, 0, created.stderr);
  const answer = JSON.parse(created.stdout);
  assert.deepEqual(answer.restaurant, { id: answer.restaurant.id, name: "Le Zinc", timezone: "Europe/Paris", currency: "EUR" });
  assert.equal(answer.manager.username, "owner1");
  assert.equal(answer.manager.name, "Oscar Owner");
  assert.match(answer.oneTimePassword, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

  // The text form says the password once, and that it must be changed.
  const text = restaurantCommand(db, ["create", "--name", "Bar Two", "--timezone", "America/New_York", "--currency", "USD", "--manager", "owner2"]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /One-time password for owner2: [a-z2-9-]{23}\n/);

  // A password from standard input is the manager's own: no change forced.
  const piped = restaurantCommand(
    db,
    ["create", "--name", "Tokyo Table", "--timezone", "Asia/Tokyo", "--currency", "JPY", "--manager", "owner3", "--password-stdin", "--json"],
    { input: "owner3's chosen password\n" },
  );
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(JSON.parse(piped.stdout).oneTimePassword, null);
  const owner3 = await login(server.url, "owner3", "owner3's chosen password");
  assert.equal(owner3.status, 200);
  assert.equal(owner3.body.passwordChangeRequired, false);

  const listed = restaurantCommand(db, ["list", "--json"]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map(({ name, timezone, currency, staffCount }) => ({ name, timezone, currency, staffCount })),
    [
      { name: "Le Zinc", timezone: "Europe/Paris", currency: "EUR", staffCount: 1 },
      { name: "Bar Two", timezone: "America/New_York", currency: "USD", staffCount: 1 },
      { name: "Tokyo Table", timezone: "Asia/Tokyo", currency: "JPY", staffCount: 1 },
    ],
  );
  const table = restaurantCommand(db, ["list"]);
  assert.equal(table.status, 0);
  assert.match(table.stdout, /Le Zinc\s+Europe\/Paris\s+EUR\s+1/);

  // Set-up is closed once the command line created a restaurant.
  assert.equal((await api("GET", "/api/setup")).body.open, false);

  const base = ["create", "--name", "X", "--timezone", "UTC", "--currency", "EUR", "--manager"];
  for (const [label, args, pattern] of [
    ["a taken username", [...base, "owner1"], /username 'owner1' is taken/],
    ["an unknown time zone", ["create", "--name", "X", "--timezone", "Mars/Olympus", "--currency", "EUR", "--manager", "m1"], /Unknown time zone 'Mars\/Olympus'/],
    ["an unknown currency", ["create", "--name", "X", "--timezone", "UTC", "--currency", "EURO", "--manager", "m1"], /Unknown currency 'EURO'/],
    ["no --name", ["create", "--timezone", "UTC", "--currency", "EUR", "--manager", "m1"], /--name is required/],
    ["a short piped password", [...base, "m1", "--password-stdin"], /at least 10 characters/],
    ["an unknown option", [...base, "m1", "--colour", "red"], /--colour/],
  ]) {
    const refused = restaurantCommand(db, args, { input: "short\n" });
    assert.equal(refused.status, 2, `${label}: ${refused.stderr}`);
    assert.equal(refused.stdout, "", label);
    const lines = linesOf(refused.stderr);
    assert.equal(lines.length, 1, `${label}: one line, got ${refused.stderr}`);
    assert.match(lines[0], pattern, label);
  }
  assert.equal(JSON.parse(restaurantCommand(db, ["list", "--json"]).stdout).length, 3, "the refusals created nothing");
});

test("a one-time password logs in for a password change only, on REST and on a socket", { skip }, async (t) => {
  const db = path.join(dir, "pwchange.db");
  const server = await startKitchenServer({ db, demo: false });
  t.after(() => server.stop());
  const api = apiClient(server.url, null);
  const created = restaurantCommand(db, ["create", "--name", "Le Zinc", "--timezone", "Europe/Paris", "--currency", "EUR", "--manager", "owner1", "--json"]);
  assert.equal(created.status, 0, created.stderr);
  const oneTime = JSON.parse(created.stdout).oneTimePassword;

  const first = await login(server.url, "owner1", oneTime);
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.body), ["token", "expiresAt", "staff", "passwordChangeRequired"]);
  assert.equal(first.body.passwordChangeRequired, true);
  assert.equal(first.body.staff.role, "manager");
  // Short-lived: a quarter of an hour at most.
  assert.ok(Date.parse(first.body.expiresAt) <= Date.now() + 15 * 60_000 + 5_000);
  const limited = first.body.token;

  for (const [method, route] of [["GET", "/api/tables"], ["GET", "/api/auth/me"], ["GET", "/api/orders"]]) {
    const refused = await api(method, route, { staff: limited });
    assert.equal(refused.status, 403, route);
    assert.equal(refused.body.error.code, "password_change_required", route);
  }
  const err = await connectError(t, server.url, { auth: { token: limited } });
  assert.equal(err.data.code, "password_change_required");

  const change = (json, staff = limited) => api("POST", "/api/auth/password", { staff, json });
  const wrong = await change({ currentPassword: "not it at all", newPassword: "my very own password" });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.field, "currentPassword");
  const short = await change({ currentPassword: oneTime, newPassword: "short" });
  assert.equal(short.status, 400);
  assert.equal(short.body.error.field, "newPassword");
  const unknownField = await change({ currentPassword: oneTime, newPassword: "my very own password", extra: 1 });
  assert.equal(unknownField.status, 400);
  assert.equal((await change({ currentPassword: oneTime, newPassword: "x" }, null)).status, 401);

  const changed = await change({ currentPassword: oneTime, newPassword: "my very own password" });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.passwordChangeRequired, false);
  assert.equal(changed.body.staff.role, "manager");

  // The fresh token does everything a manager's does, sockets included.
  const tables = await api("GET", "/api/tables", { staff: changed.body.token });
  assert.equal(tables.status, 200);
  assert.deepEqual(tables.body.tables, []);
  const socket = await staffSocket(t, server.url, changed.body.token);
  assert.equal(socket.connected, true);

  assert.equal((await login(server.url, "owner1", oneTime)).status, 401, "the one-time password is gone");
  const again = await login(server.url, "owner1", "my very own password");
  assert.equal(again.status, 200);
  assert.equal(again.body.passwordChangeRequired, false);
  // Any staff member may change their own password with a full token.
  const twice = await change({ currentPassword: "my very own password", newPassword: "another good password" }, again.body.token);
  assert.equal(twice.status, 200);
  assert.equal((await login(server.url, "owner1", "another good password")).status, 200);
});

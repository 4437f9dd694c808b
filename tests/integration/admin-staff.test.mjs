// The back office's staff and screens (docs/api.md "Back office"): a manager
// adds staff, changes them and deactivates them; a revoked token fails on
// the next request (401 token_revoked), the member's open sockets are told
// auth:revoked and disconnected, and every change is in the audit log.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { login } from "./support/auth.mjs";
import { waitFor } from "./support/clients.mjs";
import { command, connectError, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const server = skip ? null : await startKitchenServer({ db: path.join(tempDir("brigade-admin-"), "admin.db") });
const url = server?.url;
const manager = () => apiClient(url, "manager1");

/** Adds a staff member through the API and logs them in; resolves to {member, token}. */
async function hire(username, role, password = "correct horse") {
  const created = await manager()("POST", "/api/admin/staff", { json: { name: `Test ${username}`, username, role, password } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.headers.get("location"), new RegExp(`/api/admin/staff/${created.body.staffId}$`));
  const res = await login(url, username, password);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { member: created.body, token: res.body.token };
}

/** Resolves with the auth:revoked payload and the disconnect reason of `socket`. */
function revokedAndGone(socket) {
  return Promise.all([waitFor(socket, "auth:revoked"), waitFor(socket, "disconnect")]).then(([[notice], [reason]]) => ({ notice, reason }));
}

test("a new waiter works, and deactivating them ends their token, their socket and their login", { skip }, async (t) => {
  const { member, token } = await hire("wanda", "waiter");
  assert.deepEqual(member, { staffId: member.staffId, name: "Test wanda", username: "wanda", role: "waiter", active: true });
  const as = apiClient(url, token);
  assert.equal((await as("GET", "/api/menu")).status, 200);
  const phone = await staffSocket(t, url, token);
  assert.equal((await command(phone, "join:waiters")).ok, true);

  const gone = revokedAndGone(phone);
  const off = await manager()("PATCH", `/api/admin/staff/${member.staffId}`, { json: { active: false } });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.equal(off.body.active, false);
  // Refused from the very next request: the list is updated before the answer.
  const refused = await as("GET", "/api/menu");
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error.code, "token_revoked");
  const { notice, reason } = await gone;
  assert.equal(notice.code, "token_revoked");
  assert.match(notice.message, /deactivated/);
  assert.equal(reason, "io server disconnect");
  const err = await connectError(t, url, { auth: { token } });
  assert.equal(err.data?.code, "token_revoked");
  const again = await login(url, "wanda", "correct horse");
  assert.equal(again.status, 401, "a deactivated member cannot log in");

  // Back on: a fresh login works, the old token stays dead.
  assert.equal((await manager()("PATCH", `/api/admin/staff/${member.staffId}`, { json: { active: true } })).status, 200);
  const back = await login(url, "wanda", "correct horse");
  assert.equal(back.status, 200);
  assert.equal((await apiClient(url, back.body.token)("GET", "/api/menu")).status, 200);
  assert.equal((await as("GET", "/api/menu")).status, 401);
});

test("a role change or a password reset revokes the old tokens; a rename does not", { skip }, async (t) => {
  const { member, token } = await hire("carla", "waiter");
  const renamed = await manager()("PATCH", `/api/admin/staff/${member.staffId}`, { json: { name: "Carla B" } });
  assert.equal(renamed.body.name, "Carla B");
  assert.equal((await apiClient(url, token)("GET", "/api/menu")).status, 200, "a rename keeps the token");

  const promoted = await manager()("PATCH", `/api/admin/staff/${member.staffId}`, { json: { role: "chef" } });
  assert.equal(promoted.body.role, "chef");
  assert.equal((await apiClient(url, token)("GET", "/api/menu")).body.error.code, "token_revoked");
  const asChef = await login(url, "carla", "correct horse");
  assert.equal(asChef.body.staff.role, "chef");
  const kitchen = await staffSocket(t, url, asChef.body.token);
  assert.equal((await command(kitchen, "join:kitchen")).ok, true);

  const gone = revokedAndGone(kitchen);
  const reset = await manager()("POST", `/api/admin/staff/${member.staffId}/password`, { json: { password: "another secret" } });
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assert.match((await gone).notice.message, /password changed/);
  assert.equal((await login(url, "carla", "correct horse")).status, 401);
  assert.equal((await login(url, "carla", "another secret")).status, 200);
});

test("a revoked screen is disconnected at once and its token refused", { skip }, async (t) => {
  const paired = await manager()("POST", "/api/auth/devices", { json: { role: "kitchen_display", name: "Pass 2" } });
  assert.equal(paired.status, 201);
  const screen = await staffSocket(t, url, paired.body.token);
  assert.equal((await command(screen, "join:kitchen")).ok, true);
  const listed = (await manager()("GET", "/api/admin/screens")).body.screens.find((s) => s.name === "Pass 2");
  assert.equal(listed.revoked, false);
  assert.equal(listed.role, "kitchen_display");

  const gone = revokedAndGone(screen);
  const revoked = await manager()("POST", `/api/admin/screens/${listed.deviceId}/revoke`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.equal(revoked.body.revoked, true);
  assert.match((await gone).notice.message, /revoked/);
  assert.equal((await apiClient(url, paired.body.token)("GET", "/api/kitchen/orders")).body.error.code, "token_revoked");
  // Revoking again is harmless; another restaurant's id is not found.
  assert.equal((await manager()("POST", `/api/admin/screens/${listed.deviceId}/revoke`)).status, 200);
  assert.equal((await manager()("POST", "/api/admin/screens/999999/revoke")).status, 404);
});

test("only managers reach the back office, with clear errors and nothing written", { skip }, async () => {
  for (const who of ["waiter1", "chef1"]) {
    const res = await apiClient(url, who)("GET", "/api/admin/staff");
    assert.equal(res.status, 403, who);
    assert.equal(res.body.error.code, "forbidden");
  }
  const bad = [
    [{ name: "X", username: "Upper Case", role: "waiter", password: "long enough" }, 400, "validation", "username"],
    [{ name: "X", username: "shorty", role: "waiter", password: "short" }, 400, "validation", "password"],
    [{ name: "X", username: "screen", role: "kitchen_display", password: "long enough" }, 400, "validation", "role"],
    [{ name: "X", username: "waiter1", role: "waiter", password: "long enough" }, 409, "username_taken", "username"],
    [{ name: "X", username: "extra", role: "waiter", password: "long enough", admin: true }, 400, "validation", "admin"],
  ];
  const before = (await manager()("GET", "/api/admin/staff")).body.staff.length;
  for (const [json, status, code, field] of bad) {
    const res = await manager()("POST", "/api/admin/staff", { json });
    assert.equal(res.status, status, JSON.stringify([json, res.body]));
    assert.equal(res.body.error.code, code);
    assert.equal(res.body.error.field, field);
  }
  assert.equal((await manager()("GET", "/api/admin/staff")).body.staff.length, before);
  const me = (await manager()("GET", "/api/admin/staff")).body.staff.find((s) => s.username === "manager1");
  const self = await manager()("PATCH", `/api/admin/staff/${me.staffId}`, { json: { active: false } });
  assert.equal(self.status, 409);
  assert.equal(self.body.error.code, "own_account");
  assert.equal((await manager()("PATCH", `/api/admin/staff/${me.staffId}`, { json: {} })).status, 400);
});

test("the audit log lists every change, newest first, with who and what", { skip }, async () => {
  const { member } = await hire("audra", "waiter");
  await manager()("PATCH", `/api/admin/staff/${member.staffId}`, { json: { role: "chef", name: "Audra C" } });
  const page = await manager()("GET", "/api/admin/audit?limit=2");
  assert.equal(page.status, 200);
  assert.equal(page.body.entries.length, 2);
  const [latest, created] = page.body.entries;
  assert.equal(latest.action, "staff.updated");
  assert.equal(latest.subject, `staff:${member.staffId}`);
  assert.deepEqual(latest.details, { name: { from: "Test audra", to: "Audra C" }, role: { from: "waiter", to: "chef" } });
  const me = (await manager()("GET", "/api/admin/staff")).body.staff.find((s) => s.username === "manager1");
  assert.deepEqual(latest.actor, { kind: "staff", id: me.staffId, name: me.name });
  assert.equal(created.action, "staff.created");
  assert.ok(latest.auditId > created.auditId);
  assert.ok(page.body.next > 0);
  const older = await manager()("GET", `/api/admin/audit?before=${page.body.next}&limit=500`);
  assert.ok(older.body.entries.every((e) => e.auditId < created.auditId));
  assert.equal((await apiClient(url, "waiter1")("GET", "/api/admin/audit")).status, 403);
  assert.equal((await manager()("GET", "/api/admin/audit?limit=0")).status, 400);
});

test("revocations survive a restart: they are read from the database at start-up", { skip }, async () => {
  const db = path.join(tempDir("brigade-admin-restart-"), "restart.db");
  const first = await startKitchenServer({ db });
  const boss = apiClient(first.url, "manager1");
  const created = await boss("POST", "/api/admin/staff", { json: { name: "Rex", username: "rex", role: "waiter", password: "correct horse" } });
  assert.equal(created.status, 201);
  const rexToken = (await login(first.url, "rex", "correct horse")).body.token;
  const screen = (await boss("POST", "/api/auth/devices", { json: { role: "kitchen_display", name: "Old pass" } })).body;
  assert.equal((await boss("PATCH", `/api/admin/staff/${created.body.staffId}`, { json: { active: false } })).status, 200);
  assert.equal((await boss("POST", `/api/admin/screens/${screen.device.id}/revoke`)).status, 200);
  await first.stop();

  const second = await startKitchenServer({ db });
  for (const token of [rexToken, screen.token]) {
    const res = await apiClient(second.url, token)("GET", "/api/menu");
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "token_revoked");
  }
  assert.equal((await apiClient(second.url, "waiter1")("GET", "/api/menu")).status, 200, "others are untouched");
});

test("a manager lays out tables and stations; names stay unique and what is in use stays", { skip }, async () => {
  const boss = manager();
  const terrace = await boss("POST", "/api/admin/tables", { json: { name: "T40", seats: 4, area: "Terrace" } });
  assert.equal(terrace.status, 201, JSON.stringify(terrace.body));
  assert.deepEqual(terrace.body, { tableId: terrace.body.tableId, name: "T40", seats: 4, area: "Terrace" });
  assert.match(terrace.headers.get("location"), new RegExp(`/api/admin/tables/${terrace.body.tableId}$`));
  const listed = (await apiClient(url, "waiter1")("GET", "/api/tables")).body.tables;
  assert.deepEqual(listed.find((t) => t.tableId === terrace.body.tableId), terrace.body, "waiters see it at once");

  const moved = await boss("PATCH", `/api/admin/tables/${terrace.body.tableId}`, { json: { seats: 6, area: "Garden" } });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.seats, 6);
  const clash = await boss("POST", "/api/admin/tables", { json: { name: "T40" } });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, "name_taken");
  assert.equal((await boss("POST", "/api/admin/tables", { json: { name: "T41", seats: 101 } })).body.error.field, "seats");

  // A table with an order cannot go; an unused one can.
  const order = await apiClient(url, "waiter1")("POST", "/api/orders", { json: { tableId: terrace.body.tableId, items: [{ menuItemId: 1, quantity: 1 }] } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const kept = await boss("DELETE", `/api/admin/tables/${terrace.body.tableId}`);
  assert.equal(kept.status, 409);
  assert.equal(kept.body.error.code, "in_use");
  const spare = (await boss("POST", "/api/admin/tables", { json: { name: "Spare" } })).body;
  assert.equal(spare.seats, 0);
  assert.equal((await boss("DELETE", `/api/admin/tables/${spare.tableId}`)).status, 200);
  assert.equal((await boss("DELETE", `/api/admin/tables/${spare.tableId}`)).status, 404);

  const pastry = await boss("POST", "/api/admin/stations", { json: { name: "pastry", colour: "#e4572e" } });
  assert.equal(pastry.status, 201, JSON.stringify(pastry.body));
  assert.equal((await boss("POST", "/api/admin/stations", { json: { name: "bad", colour: "red" } })).body.error.field, "colour");
  const recoloured = await boss("PATCH", `/api/admin/stations/${pastry.body.stationId}`, { json: { colour: "" } });
  assert.equal(recoloured.body.colour, "");
  assert.equal((await boss("DELETE", `/api/admin/stations/${pastry.body.stationId}`)).status, 200);
  assert.equal((await apiClient(url, "chef1")("POST", "/api/admin/stations", { json: { name: "x" } })).status, 403);

  const actions = (await boss("GET", "/api/admin/audit?limit=500")).body.entries.map((e) => e.action);
  for (const a of ["table.created", "table.updated", "table.deleted", "station.created", "station.updated", "station.deleted"]) {
    assert.ok(actions.includes(a), `${a} in the audit log`);
  }
});

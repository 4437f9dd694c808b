// Logins under attack (issue 17; docs/security.md, "Failed logins"): guesses
// from one address never lock the real user out from another; an address
// spraying invented usernames is slowed down too; logins beyond the login
// pool's places are refused at once with 429 and Retry-After; and while
// logins flood the password checks, commands keep answering, because
// argon2id runs on its own pool rather than on the database workers.
//
// Each attacker uses an address of its own in 127.0.0.0/8 (Linux routes it
// all to lo), since Brigade counts logins by the peer address.

import assert from "node:assert/strict";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { tokenFor } from "./support/auth.mjs";
import { loginFlood, loginFrom } from "./support/login.mjs";
import { command, staffSocket } from "./support/rooms.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

let server = null;
if (!skip) {
  server = await startKitchenServer({
    db: path.join(tempDir("brigade-login-flood-"), "logins.db"),
    // The defaults, spelt out: what the assertions below count on.
    extraArgs: ["--login-threads", "1", "--login-queue", "16", "--max-logins-per-ip", "4"],
  });
}

test("wrong passwords from one address do not stop the right password from another", { skip }, async () => {
  const attacker = "127.0.0.2";
  const statuses = [];
  let refused = null;
  for (let i = 0; i < 8; i++) {
    const res = await loginFrom(server.port, attacker, "manager1", "guess");
    statuses.push(res.status);
    if (res.status === 429) refused = res;
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401], statuses.join(","));
  assert.ok(refused, `the attacker's pair is slowed down: ${statuses.join(",")}`);
  assert.equal(refused.body.error.code, "rate_limited");
  const wait = Number(refused.headers["retry-after"]);
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}: a backoff of at most a minute, not a lockout`);

  const elsewhere = await loginFrom(server.port, "127.0.0.3", "manager1", "manager1pass");
  assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
  assert.equal(elsewhere.body.staff.role, "manager");
  // The price (docs/security.md): the attacker's own address waits too, even
  // with the right password, since the server cannot tell the two apart.
  assert.equal((await loginFrom(server.port, attacker, "manager1", "manager1pass")).status, 429);
});

test("an address spraying invented usernames is slowed down for every username", { skip }, async () => {
  const sprayer = "127.0.0.4";
  for (let i = 0; i < 20; i++) {
    const res = await loginFrom(server.port, sprayer, `invented-${i}`, "guess");
    assert.equal(res.status, 401, `attempt ${i}: ${JSON.stringify(res.body)}`);
  }
  const next = await loginFrom(server.port, sprayer, "invented-20", "guess");
  assert.equal(next.status, 429);
  assert.ok(Number(next.headers["retry-after"]) >= 1);
  assert.equal((await loginFrom(server.port, sprayer, "waiter1", "waiter1pass")).status, 429, "every username");
  assert.equal((await loginFrom(server.port, "127.0.0.3", "waiter1", "waiter1pass")).status, 200, "not others");
});

test("64 logins at once from one address: the few it may have in flight are checked, the rest get 429 at once", { skip }, async () => {
  const flooder = "127.0.0.5";
  const answers = await Promise.all(
    Array.from({ length: 64 }, (_, i) => loginFrom(server.port, flooder, `flood-${i}`, "guess")),
  );
  const checked = answers.filter((a) => a.status === 401);
  const refused = answers.filter((a) => a.status === 429);
  assert.equal(checked.length + refused.length, 64, answers.map((a) => a.status).join(","));
  assert.ok(refused.length >= 32, `${refused.length} refused: no queue without end`);
  for (const r of refused) {
    assert.equal(r.body.error.code, "rate_limited");
    assert.equal(r.headers["retry-after"], "1");
  }
  // A refusal waits for no password check.
  const slowestRefusal = Math.max(...refused.map((a) => a.ms));
  const slowestCheck = Math.max(...checked.map((a) => a.ms));
  assert.ok(slowestRefusal < slowestCheck, `refused in ≤ ${slowestRefusal.toFixed(0)} ms, checked in ≤ ${slowestCheck.toFixed(0)} ms`);
});

test("while logins flood the password checks, orders and room joins still answer", { skip, timeout: 60_000 }, async (t) => {
  const waiter = apiClient(server.url, "waiter1");
  await tokenFor(server.url, "waiter1"); // logged in before the flood
  const socket = await staffSocket(t, server.url, "waiter1");
  // 8 addresses × 8 workers: 64 logins at once, enough to fill every place.
  const addresses = Array.from({ length: 8 }, (_, i) => `127.0.1.${i + 1}`);
  const flood = loginFlood(server.port, { addresses, workers: 8 });
  t.after(() => flood.stop());
  const deadline = performance.now() + 20_000;
  while (flood.count(401) < 3 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(flood.count(401) >= 3, "the flood reaches the password checks");

  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const created = await waiter("POST", "/api/orders", { json: { tableId: 1 + i, items: [{ menuItemId: 1, quantity: 1 }] } });
    const end = performance.now();
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Before issue 17 a create waited behind every queued login (> 5 s);
    // now it overtakes logins sent before it.
    assert.ok(end - start < 2000, `create took ${(end - start).toFixed(0)} ms`);
    assert.ok(flood.pendingAcross(start, end), "an order completes while earlier logins are still pending");

    const joinStart = performance.now();
    const ack = await command(socket, "join:table", { tableId: 1 + i });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.ok(flood.pendingAcross(joinStart, performance.now()), "a join (a store read) overtakes them too");
  }
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200, JSON.stringify(await ready.json()));
  await flood.stop();
  assert.equal(flood.count(-1), 0, "no login failed at the transport");
});

// OrderSocketClient across server restarts: the same client object goes
// reconnecting → connected by itself, keeps the session the server recovered
// (or, with recovery off or a fresh database, re-joins its rooms with fresh
// snapshots) and receives the next events; it reports "lost" when the server
// refuses it or the reconnection attempts run out. (test/recovery.test.mjs:
// the missed events.)

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { OrderSocketClient, orderState } from "@brigade/client";

import {
  apiClient,
  dropConnection,
  fastReconnect,
  nextEvent,
  nextRejoin,
  recordStates,
  restaurant,
  restoreConnection,
  sleep,
  startKitchenServer,
  stateBecomes,
  tempDir,
  tokenFor,
} from "./support.mjs";

const dir = tempDir("brigade-client-reconnect-");

/**
 * A manager in every room of table 9 and one of its orders, on `db`; then the
 * server is SIGKILLed and restarted. With `awayMs`, the client's connection is
 * dropped first and kept away that long after the restart.
 */
async function restartWithEveryRoom(t, db, extraArgs, awayMs = 0) {
  const first = await startKitchenServer({ db, extraArgs });
  const existing = await restaurant(first.url, apiClient).createOrder(9);

  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const states = recordStates(client);
  // A manager may be in every room at once.
  await client.connect(first.url, await tokenFor(first.url, "manager1"), fastReconnect);
  await client.joinKitchenRoom();
  await client.joinWaitersRoom();
  await client.joinTableRoom(9);
  await client.joinOrderRoom(existing.orderId);
  assert.deepEqual(client.getJoinedRooms(), ["kitchen", "waiters", "table:9", `order:${existing.orderId}`]);
  const socket = client.getSocket();
  const id = socket.id;

  // Brigade saves a session's rooms to its database after acknowledging the
  // join; a SIGKILL right after the last join can lose that save (the session
  // is then recovered without its newest rooms). Let the saves land first.
  await sleep(300);
  if (awayMs > 0) await dropConnection(client);
  await first.kill9();
  await stateBecomes(client, "reconnecting");

  const rejoined = nextRejoin(client, 10_000);
  const second = await startKitchenServer({ db, port: first.port, extraArgs });
  assert.equal(second.url, first.url);
  if (awayMs > 0) {
    await sleep(awayMs);
    restoreConnection(socket);
  }
  return { client, states, socket, id, existing, rejoined: await rejoined, after: restaurant(second.url, apiClient) };
}

/** The rooms of restartWithEveryRoom() work again: each one's own event arrives. */
async function assertEveryRoomLive(client, after, existing) {
  // The kitchen room again: order:new goes to the kitchen only; order:created
  // to kitchen, waiters and table alike.
  const created = nextEvent(client, "order:created", (p) => p.tableId === 9);
  const news = nextEvent(client, "order:new", (p) => p.tableId === 9);
  const fresh = await after.createOrder(9);
  assert.equal((await created).orderId, fresh.orderId);
  assert.equal((await news).orderId, fresh.orderId);

  // The table room again: order:status goes to the table only.
  const status = nextEvent(client, "order:status", (p) => p.orderId === existing.orderId);
  const confirmed = await after.confirm(existing.orderId);
  assert.deepEqual(await status, { orderId: existing.orderId, tableId: 9, status: "confirmed", order: orderState(confirmed) });

  // The order room again: kitchen:acknowledged goes to the order room only.
  const acknowledged = nextEvent(client, "kitchen:acknowledged", (p) => p.orderId === existing.orderId);
  await after.ticket(confirmed.kitchenOrder.kitchenOrderId, "acknowledge");
  assert.equal((await acknowledged).kitchenOrderId, confirmed.kitchenOrder.kitchenOrderId);
}

test("after a SIGKILL and a restart on the same port and db, the server recovers the session: no re-join, same rooms", async (t) => {
  const { client, states, socket, id, existing, rejoined, after } = await restartWithEveryRoom(t, path.join(dir, "recover.db"), []);
  assert.deepEqual(rejoined, { results: [], recovered: true, catchUp: { status: "recovered" } });
  await stateBecomes(client, "connected");
  assert.equal(client.getSocket(), socket, "the same socket object reconnected");
  assert.equal(socket.id, id, "the same session");
  assert.equal(socket.recovered, true);
  assert.deepEqual(client.getJoinedRooms(), ["kitchen", "waiters", "table:9", `order:${existing.orderId}`]);
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "connected"]);
  await assertEveryRoomLive(client, after, existing);
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "connected"], "no state change since");
});

test("after a SIGKILL and a restart, past the recovery window, re-joins its rooms with fresh snapshots and receives the next events", async (t) => {
  const { client, states, socket, existing, rejoined, after } = await restartWithEveryRoom(
    t,
    path.join(dir, "restart.db"),
    ["--recovery-window", "1"],
    1500,
  );
  const { results, recovered, catchUp } = rejoined;
  assert.equal(recovered, false);
  // Nothing was heard before the restart: no position to read the missed events from.
  assert.deepEqual(catchUp, { status: "skipped", reason: "no_position" });
  assert.deepEqual(
    results.map((r) => [r.kind, r.room, r.ok]),
    [
      ["kitchen", "kitchen", true],
      ["waiters", "waiters", true],
      ["table", "table:9", true],
      ["order", `order:${existing.orderId}`, true],
    ],
  );
  const [kitchen, waiters, table, order] = results;
  assert.deepEqual(kitchen.ack.snapshot.stats, await after.stats());
  assert.deepEqual(waiters.ack, { ok: true, room: "waiters" });
  assert.equal(table.tableId, 9);
  assert.deepEqual(table.ack.snapshot, { tableId: 9, orders: [await after.getOrder(existing.orderId)] });
  assert.equal(order.orderId, existing.orderId);
  assert.deepEqual(order.ack.snapshot, { order: await after.getOrder(existing.orderId) });

  await stateBecomes(client, "connected");
  assert.equal(client.getSocket(), socket, "the same socket object reconnected");
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "connected"]);
  await assertEveryRoomLive(client, after, existing);
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "connected"], "no state change since");
});

test("a room that is gone after the restart is reported and forgotten", async (t) => {
  // The restarted server runs on a fresh demo database: the order no longer exists.
  const first = await startKitchenServer({ db: path.join(dir, "gone-1.db") });
  const order = await restaurant(first.url, apiClient).createOrder(10);
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  await client.connect(first.url, await tokenFor(first.url, "waiter1"), fastReconnect);
  await client.joinTableRoom(10);
  await client.joinOrderRoom(order.orderId);

  await first.kill9();
  await stateBecomes(client, "reconnecting");
  const rejoined = nextRejoin(client, 10_000);
  await startKitchenServer({ db: path.join(dir, "gone-2.db"), port: first.port });
  const { results } = await rejoined;
  assert.equal(results.length, 2);
  assert.equal(results[0].ok, true);
  assert.deepEqual(results[0].ack.snapshot, { tableId: 10, orders: [] });
  assert.equal(results[1].ok, false);
  assert.equal(results[1].room, `order:${order.orderId}`);
  assert.equal(results[1].error.code, "not_found");
  await stateBecomes(client, "connected");
  assert.deepEqual(client.getJoinedRooms(), ["table:10"]);
});

test("goes lost when the restarted server refuses the token", async (t) => {
  const first = await startKitchenServer({ db: path.join(dir, "refuse-1.db") });
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const states = recordStates(client);
  await client.connect(first.url, await tokenFor(first.url, "waiter1"), fastReconnect);
  await client.joinWaitersRoom();

  await first.kill9();
  await stateBecomes(client, "reconnecting");
  // Another JWT secret (a rotated key): the old token's signature fails.
  await startKitchenServer({
    db: path.join(dir, "refuse-2.db"),
    port: first.port,
    extraArgs: ["--jwt-secret", "a-rotated-secret-for-the-restart-test-0123456789"],
  });
  await stateBecomes(client, "lost", 10_000);
  assert.equal(client.getLastError()?.code, "token_invalid");
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "lost"]);
});

test("goes lost when the reconnection attempts run out", async (t) => {
  const first = await startKitchenServer({ db: path.join(dir, "gone-for-good.db") });
  const client = new OrderSocketClient();
  t.after(() => client.disconnect());
  const states = recordStates(client);
  await client.connect(first.url, await tokenFor(first.url, "waiter1"), { ...fastReconnect, reconnectionAttempts: 2 });

  await first.kill9();
  await stateBecomes(client, "lost", 10_000);
  assert.equal(client.getLastError()?.code, "reconnect_failed");
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "lost"]);
  await assert.rejects(client.joinKitchenRoom(), (err) => err.code === "not_connected");
});

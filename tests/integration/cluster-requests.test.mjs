// The request channels of @socket.io/redis-adapter 8 between a Node.js
// socket.io 4.8 server and a Brigade node on Debian's redis-server
// (docs/cluster.md): each counts the other among the cluster's servers; Node's
// fetchSockets() and allRooms() see Brigade's sockets; its socketsJoin,
// socketsLeave and disconnectSockets act on them; its emitWithAck collects
// the acks of Brigade's clients.

import assert from "node:assert/strict";
import { test } from "node:test";

import { eventually, heard, kitchenRoom, startMixedCluster, untilHeard } from "./support/cluster.mjs";
import { scrapeUntil } from "./support/metrics.mjs";
import { EventLog, join, staffSocket } from "./support/rooms.mjs";
import { isNodePeer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const { brigade, peer } = skip ? {} : await startMixedCluster();
// Brigade subscribes a moment after it serves HTTP: the cluster is formed once Redis counts both.
if (!skip) await eventually(async () => assert.equal(await peer.io.of("/").adapter.serverCount(), 2));

/** A kitchen screen on Brigade, in the kitchen's room. */
async function kitchenScreen(t) {
  const kitchen = await staffSocket(t, brigade.url, "chef1");
  await join(kitchen, "join:kitchen");
  return kitchen;
}

test("the Brigade node counts the Node.js server among the cluster's servers, as Node counted it", { skip, timeout: 30_000 }, async () => {
  const metrics = await scrapeUntil(
    brigade.url,
    (m) => m.value("brigade_cluster_servers") === 2,
    (m) => `brigade_cluster_servers ${m.value("brigade_cluster_servers")}`,
    { timeoutMs: 15_000 },
  );
  assert.equal(metrics.types.get("brigade_cluster_servers"), "gauge");
});

test("fetchSockets() and allRooms() on the Node.js server see a Brigade screen, without its token", { skip, timeout: 30_000 }, async (t) => {
  const kitchen = await kitchenScreen(t);
  const sockets = await peer.io.in(kitchenRoom).fetchSockets();
  const remote = sockets.find((s) => s.id === kitchen.id);
  assert.ok(remote, `${kitchen.id} not among ${JSON.stringify(sockets.map((s) => s.id))}`);
  assert.ok(remote.rooms.has(kitchenRoom) && remote.rooms.has(kitchen.id), JSON.stringify([...remote.rooms]));
  assert.equal(typeof remote.data.staffId, "number", JSON.stringify(remote.data));
  assert.equal(remote.handshake.address.includes("127.0.0.1"), true, JSON.stringify(remote.handshake));
  assert.equal(remote.handshake.auth.token, undefined, "a credential must not travel the bus");

  // Outside the kitchen's room, Brigade answers with none of the kitchen's sockets.
  const elsewhere = await peer.io.in("r1/no-such-room").fetchSockets();
  assert.equal(elsewhere.some((s) => s.id === kitchen.id), false);

  const rooms = await peer.io.of("/").adapter.allRooms();
  assert.ok(rooms.has(kitchenRoom) && rooms.has(kitchen.id), JSON.stringify([...rooms]));
});

test("socketsJoin, socketsLeave and disconnectSockets from the Node.js server act on Brigade's sockets", { skip, timeout: 30_000 }, async (t) => {
  const kitchen = await kitchenScreen(t);
  peer.io.in(kitchen.id).socketsJoin("specials-board");
  // The join is a request with no answer: broadcasts to the room reach the screen once it is done.
  const [value] = await untilHeard(kitchen, "special", () => peer.io.to("specials-board").emit("special", "soup"));
  assert.equal(value, "soup");
  const [remote] = await peer.io.in(kitchen.id).fetchSockets();
  assert.ok(remote.rooms.has("specials-board"));

  peer.io.in(kitchen.id).socketsLeave("specials-board");
  await eventually(async () => {
    const [again] = await peer.io.in(kitchen.id).fetchSockets();
    assert.equal(again.rooms.has("specials-board"), false);
  });
  const log = new EventLog(kitchen, "kitchen");
  peer.io.to("specials-board").emit("special", "stale");
  peer.io.to(kitchen.id).emit("marker", 1);
  await heard(kitchen, "marker");
  assert.equal(log.events().some((e) => e.event === "special"), false);

  const gone = heard(kitchen, "disconnect");
  peer.io.in(kitchen.id).disconnectSockets();
  const [reason] = await gone;
  assert.equal(reason, "io server disconnect");
});

test("emitWithAck from the Node.js server collects the acks of Brigade's clients", { skip, timeout: 30_000 }, async (t) => {
  const kitchen = await kitchenScreen(t);
  kitchen.on("how-many", (n, ack) => ack({ screen: kitchen.id, n: n + 1 }));
  const answers = await peer.io.to(kitchenRoom).timeout(3000).emitWithAck("how-many", 41);
  assert.deepEqual(answers, [{ screen: kitchen.id, n: 42 }]);
  await scrapeUntil(
    brigade.url,
    (m) => m.value("brigade_cluster_requests_answered_total") >= 1,
    (m) => `answered ${m.value("brigade_cluster_requests_answered_total")}`,
  );
});

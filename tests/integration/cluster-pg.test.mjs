// A Brigade cluster as scripts/cluster.sh starts it (docs/cluster.md): three
// nodes on one PostgreSQL database and one Redis, nginx in front, and a
// Node.js socket.io 4.8 server with @socket.io/redis-adapter on the same bus.
// - Every specification flow crosses nodes: realtime-flows.test.mjs runs with
//   its screens on node 1 and its commands through node 2.
// - A screen on node 1 hears an order made through node 3, once; so does a
//   Node.js socket in the kitchen's room (one announcement per cluster).
// - Node 1 is killed with kill -9 mid-service: its screens come back through
//   nginx on another node, recovered (same id, rooms), with every order's
//   order:new once, in order; every acknowledged order is in the database.
// - Redis is killed: nodes still hear each other's commits (through the
//   store); after it is back, Node.js sockets hear Brigade's again.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { io } from "socket.io-client";

import { allOrders, apiClient } from "./support/api.mjs";
import { eventually, nodeClient, startNodePeer, startPgCluster } from "./support/cluster.mjs";
import { scrape } from "./support/metrics.mjs";
import { join, staffSocket } from "./support/rooms.mjs";
import { tokenFor } from "./support/auth.mjs";
import { brigadeBinary, isNodePeer, repoRoot } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const kitchenRoom = "r1/kitchen";
const run = promisify(execFile);

// A short recovery window: a node that wrongly counted the other nodes' live
// sessions as dropped when it started would fail the second kill below.
const recoveryWindowSeconds = 4;
const cluster = skip
  ? null
  : await startPgCluster({ nodeArgs: ["--stats-interval-ms", "40", "--recovery-window", `${recoveryWindowSeconds}s`] });
const peer = skip ? null : await startNodePeer(cluster.redisUrl);
// Each node counts the others (and the Node.js server) once their subscriptions are in place.
if (!skip) await eventually(async () => assert.equal(await peer.io.of("/").adapter.serverCount(), 4), 20_000);

const newOrder = (tableId) => ({ json: { tableId, items: [{ menuItemId: 6, quantity: 1 }] } });

test("every specification flow reaches screens on one node from commands made through another", { skip, timeout: 120_000 }, async () => {
  // First, on a restaurant with no order yet: the flows expect empty snapshots.
  const flows = path.join(repoRoot, "tests/integration/realtime-flows.test.mjs");
  // A test file of its own: without the runner's context variable, not as a subtest of this one.
  const { NODE_TEST_CONTEXT, ...parentEnv } = process.env;
  const result = await run(process.execPath, ["--test", flows], {
    env: {
      ...parentEnv,
      BRIGADE_BIN: brigadeBinary(),
      BRIGADE_FLOWS_SOCKETS_URL: cluster.node(1),
      BRIGADE_FLOWS_COMMANDS_URL: cluster.node(2),
    },
    maxBuffer: 16 << 20,
  }).catch((error) => error);
  assert.match(result.stdout ?? "", /^# fail 0$/m, `${result.stdout}\n${result.stderr}`);
  assert.doesNotMatch(result.stdout, /^# pass 0$/m);
});

/** A kitchen screen on node 1 and a Node.js socket in the kitchen's room, each logging the order:new ids it hears. */
async function kitchenOnNode1AndNodeSocket(t) {
  const kitchen = await staffSocket(t, cluster.node(1), "chef1");
  await join(kitchen, "join:kitchen");
  const onNode = await nodeClient(t, peer, [kitchenRoom]);
  const heardHere = [];
  const heardByNode = [];
  kitchen.on("order:new", (o) => heardHere.push(o.orderId));
  onNode.on("order:new", (o) => heardByNode.push(o.orderId));
  return { heardHere, heardByNode };
}

test("a screen on node 1 and a Node.js socket each hear an order made through node 3 once", { skip, timeout: 30_000 }, async (t) => {
  const { heardHere, heardByNode } = await kitchenOnNode1AndNodeSocket(t);
  const waiter = apiClient(cluster.node(3), "waiter1");
  const made = [];
  for (let i = 0; i < 5; i++) {
    const res = await waiter("POST", "/api/orders", newOrder(3));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    made.push(res.body.orderId);
  }
  await eventually(() => {
    assert.deepEqual(heardHere, made);
    assert.deepEqual(heardByNode, made);
  });
  // Nothing more comes: once per cluster, not once per node (a repeat of the
  // first five would sit before the sixth). Node 1 hears it through the
  // store, the Node.js socket through Redis: either may be first.
  const last = await waiter("POST", "/api/orders", newOrder(3));
  made.push(last.body.orderId);
  await eventually(() => {
    assert.deepEqual(heardByNode, made);
    assert.deepEqual(heardHere, made);
  });
});

test("while Redis is down, nodes still hear each other's orders through the store; once it is back, Node.js sockets do again", { skip, timeout: 60_000 }, async (t) => {
  const { heardHere, heardByNode } = await kitchenOnNode1AndNodeSocket(t);
  const waiter = apiClient(cluster.node(3), "waiter1");
  const order = async () => {
    const res = await waiter("POST", "/api/orders", newOrder(6));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.orderId;
  };

  await cluster.stopBus();
  await eventually(async () => assert.equal((await (await fetch(`${cluster.node(1)}/readyz`)).json()).checks.clusterBus, "down"));
  const whileDown = [await order(), await order()];
  await eventually(() => assert.deepEqual(heardHere, whileDown));

  await cluster.startBus();
  for (const n of [1, 3]) {
    await eventually(async () => assert.equal((await (await fetch(`${cluster.node(n)}/readyz`)).json()).checks.clusterBus, "ok"), 20_000);
  }
  // node-redis reconnects by itself; once it has, Brigade's orders reach its sockets again, once each.
  const after = [];
  await eventually(async () => {
    after.push(await order());
    assert.ok(heardByNode.includes(after.at(-1)));
  }, 30_000);
  await eventually(() => assert.deepEqual(heardHere, [...whileDown, ...after]));
  assert.equal(new Set(heardByNode).size, heardByNode.length, `the Node.js socket heard an order twice: ${heardByNode}`);
  assert.equal(heardByNode.some((id) => whileDown.includes(id)), false, "nothing is queued for the bus while it is down");
});

/** A kitchen screen through nginx, as the apps connect: reconnecting by itself, recovering its session. */
async function screenThroughNginx(t, token, label) {
  const socket = io(cluster.lbUrl, { auth: { token }, transports: ["websocket"], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  t.after(() => socket.close());
  const screen = { socket, events: [], label, recoveries: 0 };
  socket.on("order:new", (o) => screen.events.push(o.orderId));
  socket.on("connect", () => {
    if (socket.recovered) screen.recoveries += 1;
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  await join(socket, "join:kitchen");
  return screen;
}

/** The node (1, 2, 3) holding most WebSocket connections: nginx hashes by address, so all of this machine's. */
async function busiestNode(alive) {
  const served = await Promise.all(
    alive.map(async (n) => (await scrape(cluster.node(n))).value("brigade_connections", { transport: "websocket" }) ?? 0),
  );
  return alive[served.indexOf(Math.max(...served))];
}

/**
 * Orders through `through` (node numbers) until `until()` resolves; returns
 * the ids acknowledged (201). A node being killed answers some with errors.
 */
function orderTraffic(through) {
  const acknowledged = [];
  let stop = false;
  const loops = through.map((n) =>
    (async () => {
      const waiter = apiClient(cluster.node(n), "waiter1");
      while (!stop) {
        const res = await waiter("POST", "/api/orders", newOrder(5)).catch(() => null);
        if (res?.status === 201) acknowledged.push(res.body.orderId);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })(),
  );
  return {
    acknowledged,
    async stop() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** kill -9 the node serving `screens` while orders come through it and another; they must recover elsewhere. */
async function killUnderTraffic(screens, alive) {
  const victim = await busiestNode(alive);
  const survivor = alive.find((n) => n !== victim);
  const ids = screens.map((s) => s.socket.id);
  const recoveredBefore = screens.map((s) => s.recoveries);
  const traffic = orderTraffic([victim, survivor]);
  await eventually(() => assert.ok(traffic.acknowledged.length >= 10));
  await cluster.kill(victim);
  await eventually(
    () => assert.ok(screens.every((s, i) => s.socket.connected && s.recoveries > recoveredBefore[i]), "every screen recovered"),
    30_000,
  );
  const afterKill = traffic.acknowledged.length;
  await eventually(() => assert.ok(traffic.acknowledged.length >= afterKill + 10));
  await traffic.stop();
  for (const [i, s] of screens.entries()) assert.equal(s.socket.id, ids[i], "a recovered socket keeps its id");
  return { victim, survivor, acknowledged: traffic.acknowledged };
}

test("after kill -9 of the node its screens were on, they recover on another with every order once, and no acknowledged order is lost", { skip, timeout: 120_000 }, async (t) => {
  const token = await tokenFor(cluster.node(2), "chef1");
  const screens = [];
  for (let i = 0; i < 3; i++) screens.push(await screenThroughNginx(t, token, `screen${i}`));

  const first = await killUnderTraffic(screens, [1, 2, 3]);
  // The dead node comes back: it must not count the live screens' sessions on the others as dropped.
  await cluster.start(first.victim);
  await new Promise((resolve) => setTimeout(resolve, (recoveryWindowSeconds + 1) * 1000));
  const second = await killUnderTraffic(screens, [1, 2, 3]);
  const acknowledged = [...first.acknowledged, ...second.acknowledged];

  for (const s of screens) {
    // Every acknowledged order reached the screen once, in the order of the outbox.
    await eventually(() => {
      for (const id of acknowledged) assert.ok(s.events.includes(id), `${s.label} missed order ${id}`);
    }, 15_000);
    assert.equal(new Set(s.events).size, s.events.length, `${s.label} heard an order twice: ${s.events}`);
    assert.deepEqual(s.events, [...s.events].sort((a, b) => a - b), `${s.label} heard orders out of order`);
  }
  const alive = [1, 2, 3].find((n) => n !== second.victim);
  const stored = new Set((await allOrders(apiClient(cluster.node(alive), "manager1"))).map((o) => o.orderId));
  for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged order ${id} is not in the database`);
  await cluster.start(second.victim);
});

// Rooms and broadcast: a broadcast reaches exactly the members of its room,
// `except` excludes the members of one or several rooms, a socket gets a
// broadcast once however often it joined, and leaving stops delivery.
//
// Absence is proven with sentinels, not timers: after the broadcast under
// test, the same sender broadcasts a sentinel to a room every client is in.
// The server handles one socket's events in order and each connection
// delivers in order, so once a client has the sentinel it would already have
// had the earlier message.

import assert from "node:assert/strict";
import { test } from "node:test";
import { connectSocket, Recorder } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

let roomSeq = 0;

/** Three connected clients, all in a fresh "everyone" room, recording `msg`. */
async function trio(t) {
  const everyone = `everyone-${++roomSeq}`;
  const clients = {};
  for (const name of ["alice", "bob", "carol"]) {
    const socket = await connectSocket(t, server.url, { transports: ["websocket"] });
    clients[name] = { name, socket, inbox: new Recorder(socket, "msg") };
  }
  await Promise.all(Object.values(clients).map((c) => join(c, everyone)));
  let sentinelSeq = 0;

  /**
   * Broadcasts `payload` from `sender`, then a sentinel to everyone, and
   * returns how many copies of `payload` each client got.
   */
  async function broadcast(sender, room, payload, options) {
    const args = options === undefined ? [room, payload] : [room, payload, options];
    sender.socket.emit("broadcast", ...args);
    const sentinel = `sentinel-${everyone}-${++sentinelSeq}`;
    sender.socket.emit("broadcast", everyone, sentinel);
    await Promise.all(Object.values(clients).map((c) => c.inbox.untilFirstArg(sentinel)));
    const counts = {};
    for (const c of Object.values(clients)) {
      counts[c.name] = c.inbox.firsts.filter((m) => JSON.stringify(m) === JSON.stringify(payload)).length;
    }
    return counts;
  }

  return { ...clients, everyone, broadcast };
}

async function join(client, room) {
  assert.deepEqual(await client.socket.emitWithAck("join", room), { ok: true });
}

async function leave(client, room) {
  assert.deepEqual(await client.socket.emitWithAck("leave", room), { ok: true });
}

test("a broadcast reaches exactly the members of the room, sender included", { timeout: 10_000 }, async (t) => {
  const { alice, bob, carol, broadcast } = await trio(t);
  await join(alice, "kitchen");
  await join(bob, "kitchen");

  assert.deepEqual(await broadcast(alice, "kitchen", { order: 1, note: "crème brûlée" }), {
    alice: 1,
    bob: 1,
    carol: 0,
  });
  // A sender outside the room does not get its own broadcast.
  assert.deepEqual(await broadcast(carol, "kitchen", "from outside"), { alice: 1, bob: 1, carol: 0 });
  // A room nobody joined reaches nobody.
  assert.deepEqual(await broadcast(alice, "empty-room", "into the void"), { alice: 0, bob: 0, carol: 0 });
});

test("except with one room excludes that room's members", { timeout: 10_000 }, async (t) => {
  const { alice, bob, carol, everyone, broadcast } = await trio(t);
  await join(alice, "r1");
  await join(bob, "r2");

  assert.deepEqual(await broadcast(carol, everyone, "not for r1", { except: "r1" }), {
    alice: 0,
    bob: 1,
    carol: 1,
  });
  // except applies to the sender too
  assert.deepEqual(await broadcast(alice, everyone, "not for r2", { except: "r2" }), {
    alice: 1,
    bob: 0,
    carol: 1,
  });
  // excluding a room nobody is in excludes nobody
  assert.deepEqual(await broadcast(alice, everyone, "except nobody", { except: "r3" }), {
    alice: 1,
    bob: 1,
    carol: 1,
  });
});

test("except with an array excludes members of any listed room", { timeout: 10_000 }, async (t) => {
  const { alice, bob, carol, everyone, broadcast } = await trio(t);
  await join(alice, "r1");
  await join(bob, "r2");
  await join(bob, "r1"); // bob is in both excluded rooms: still excluded, no error

  assert.deepEqual(await broadcast(alice, everyone, "only carol", { except: ["r1", "r2"] }), {
    alice: 0,
    bob: 0,
    carol: 1,
  });
  assert.deepEqual(await broadcast(alice, everyone, "not r2", { except: ["r2"] }), {
    alice: 1,
    bob: 0,
    carol: 1,
  });
  assert.deepEqual(await broadcast(alice, everyone, "empty except list", { except: [] }), {
    alice: 1,
    bob: 1,
    carol: 1,
  });
});

test("joining the same room twice still delivers a broadcast once", { timeout: 10_000 }, async (t) => {
  const { alice, bob, broadcast } = await trio(t);
  await join(alice, "twice");
  await join(alice, "twice");
  await join(bob, "twice");

  assert.deepEqual(await broadcast(bob, "twice", "once please"), { alice: 1, bob: 1, carol: 0 });
  // Leaving once is enough: membership is a set, not a counter.
  await leave(alice, "twice");
  assert.deepEqual(await broadcast(bob, "twice", "after leaving"), { alice: 0, bob: 1, carol: 0 });
});

test("leave stops delivery and leaving a room one is not in is harmless", { timeout: 10_000 }, async (t) => {
  const { alice, bob, carol, broadcast } = await trio(t);
  await join(alice, "bar");
  await join(bob, "bar");
  assert.deepEqual(await broadcast(carol, "bar", "before"), { alice: 1, bob: 1, carol: 0 });

  await leave(bob, "bar");
  assert.deepEqual(await broadcast(carol, "bar", "after"), { alice: 1, bob: 0, carol: 0 });

  await leave(carol, "never-joined");
  await leave(alice, "bar");
  assert.deepEqual(await broadcast(carol, "bar", "nobody left"), { alice: 0, bob: 0, carol: 0 });
});

test("a room whose member disconnected still reaches the others", { timeout: 10_000 }, async (t) => {
  const { alice, bob, carol } = await trio(t);
  await join(alice, "gone");
  await join(bob, "gone");
  const bobGone = new Promise((resolve) => bob.socket.once("disconnect", resolve));
  bob.socket.disconnect();
  await bobGone;
  // The server must drop bob from "gone" (or skip him) without failing the
  // broadcast for everybody else.
  carol.socket.emit("broadcast", "gone", "after bob left");
  carol.socket.emit("broadcast", "gone", "sentinel-gone");
  await alice.inbox.untilFirstArg("sentinel-gone");
  assert.equal(alice.inbox.firsts.filter((m) => m === "after bob left").length, 1);
  // carol's ack is queued after anything her broadcasts sent to her.
  assert.equal(await carol.socket.emitWithAck("message-with-ack", "ok"), "ok");
  assert.equal(carol.inbox.firsts.filter((m) => m === "after bob left").length, 0);
});

// Disconnections: a dropped Engine.IO transport makes the client reconnect
// by itself (new session, new socket id), while a server-side
// socket.disconnect() is final.

import assert from "node:assert/strict";
import { test } from "node:test";
import { connectSocket, Recorder, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

const fastReconnect = {
  reconnection: true,
  reconnectionDelay: 50,
  reconnectionDelayMax: 100,
  randomizationFactor: 0,
};

for (const transport of ["websocket", "polling"]) {
  test(`${transport}: drop-transport → "transport close", then automatic reconnection`, { timeout: 10_000 }, async (t) => {
    const socket = await connectSocket(t, server.url, {
      transports: [transport],
      auth: { token: "abc" },
      ...fastReconnect,
    });
    const firstId = socket.id;
    const firstEngineId = socket.io.engine.id;
    assert.equal(await socket.emitWithAck("message-with-ack", "before"), "before");

    const auths = new Recorder(socket, "auth");
    const disconnected = waitFor(socket, "disconnect");
    const reconnected = waitFor(socket.io, "reconnect");
    socket.emit("drop-transport");

    const [reason] = await disconnected;
    assert.equal(reason, "transport close");
    assert.equal(socket.connected, false);

    const [attempts] = await reconnected;
    assert.ok(attempts >= 1);
    if (!socket.connected) await waitFor(socket, "connect");
    assert.equal(socket.connected, true);
    assert.notEqual(socket.id, firstId, "a new Socket.IO id after reconnection");
    assert.notEqual(socket.io.engine.id, firstEngineId, "a new Engine.IO session after reconnection");

    // The new session ran the connection handler again, with the same auth.
    await auths.until((e) => e.length >= 1, { what: "auth after reconnection" });
    assert.deepEqual(auths.firsts[0], { token: "abc" });

    // And events flow again.
    assert.equal(await socket.emitWithAck("message-with-ack", "after"), "after");
    const back = waitFor(socket, "message-back");
    socket.emit("message", "echo after reconnection");
    assert.deepEqual(await back, ["echo after reconnection"]);
  });
}

test('disconnect-me → "io server disconnect" and no automatic reconnection', { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url, { transports: ["websocket"], ...fastReconnect });
  let reconnectAttempts = 0;
  socket.io.on("reconnect_attempt", () => reconnectAttempts++);
  let connects = 0;
  socket.on("connect", () => connects++);

  const firstId = socket.id;
  const disconnected = waitFor(socket, "disconnect");
  socket.emit("disconnect-me");
  const [reason] = await disconnected;
  assert.equal(reason, "io server disconnect");
  assert.equal(socket.connected, false);
  assert.equal(socket.active, false, "the client will not reconnect on its own");

  // Prove no reconnection happens: wait three heartbeats (~900 ms, many
  // times the 50-100 ms reconnection delay) on the Engine.IO session, which
  // outlives the namespace socket and still serves another namespace.
  const other = socket.io.socket("/custom");
  t.after(() => other.close());
  other.connect();
  await waitFor(other, "connect");
  for (let i = 0; i < 3; i++) {
    await waitFor(socket.io.engine, "ping", { timeoutMs: 2000 }); // pingInterval 300 ms
  }
  assert.equal(reconnectAttempts, 0);
  assert.equal(connects, 0);
  assert.equal(socket.connected, false);
  assert.equal(await other.emitWithAck("message-with-ack", "engine still up"), "engine still up");

  // A manual reconnect is allowed and gets a new id.
  socket.connect();
  await waitFor(socket, "connect");
  assert.notEqual(socket.id, firstId);
  assert.equal(await socket.emitWithAck("message-with-ack", "manual"), "manual");
});

// Socket.IO over each Engine.IO transport: long-polling only, WebSocket only,
// and the polling → WebSocket upgrade with traffic before, during and after.

import assert from "node:assert/strict";
import { test } from "node:test";
import { connectSocket, openSocket, Recorder, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

async function roundTrip(socket, value) {
  const [back] = await Promise.all([
    waitFor(socket, "message-back", { filter: (v) => v === value }),
    Promise.resolve(socket.emit("message", value)),
  ]);
  return back[0];
}

test("long-polling only", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url, { transports: ["polling"] });
  assert.equal(socket.io.engine.transport.name, "polling");
  assert.equal(await roundTrip(socket, "over polling"), "over polling");
  assert.deepEqual(await socket.emitWithAck("message-with-ack", { n: 1 }), { n: 1 });
  // Several polling cycles later (pingInterval is 300 ms) it is still polling.
  await waitFor(socket.io.engine, "ping", { timeoutMs: 2000 });
  assert.equal(socket.io.engine.transport.name, "polling");
  assert.equal(await roundTrip(socket, "after a ping"), "after a ping");
});

test("websocket only", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url, { transports: ["websocket"] });
  assert.equal(socket.io.engine.transport.name, "websocket");
  assert.equal(await roundTrip(socket, "over websocket"), "over websocket");
  assert.deepEqual(await socket.emitWithAck("message-with-ack", [1, 2]), [1, 2]);
});

test("polling upgrades to websocket and no message is lost across the upgrade", { timeout: 10_000 }, async (t) => {
  const socket = openSocket(t, server.url); // default transports: polling then websocket
  const engine = socket.io.engine;
  const upgraded = waitFor(engine, "upgrade");
  const backs = new Recorder(socket, "message-back");
  let firstTransport;
  engine.once("open", () => {
    firstTransport = engine.transport.name;
  });

  await waitFor(socket, "connect");
  assert.equal(firstTransport, "polling", "the session opens on long-polling");

  // Traffic while the upgrade probe is going on.
  for (let i = 0; i < 20; i++) socket.emit("message", i);

  const [transport] = await upgraded;
  assert.equal(transport.name, "websocket");
  assert.equal(engine.transport.name, "websocket");

  // Traffic after the upgrade.
  for (let i = 20; i < 40; i++) socket.emit("message", i);
  await backs.until((e) => e.length >= 40, { what: "40 message-back events" });
  assert.deepEqual(
    backs.firsts,
    Array.from({ length: 40 }, (_, i) => i),
    "every message came back once, in order",
  );
  assert.deepEqual(await socket.emitWithAck("message-with-ack", "after upgrade"), "after upgrade");
});

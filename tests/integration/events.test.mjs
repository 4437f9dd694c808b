// Events and acknowledgements in both directions, JSON types and Unicode,
// server-side ack timeouts and client-side ack timeouts.

import assert from "node:assert/strict";
import { test } from "node:test";
import { connectSocket, Recorder, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

// These tests send hundreds of events at once to check order and ack
// matching: the per-connection event rate limit is off here and tested in
// protocol-rate-limits.test.mjs.
const server = await startServer(["--event-rate", "0"]);

const mixedArgs = [
  0,
  -42,
  3.5,
  1e21,
  0.1,
  Number.MAX_SAFE_INTEGER,
  "two",
  "",
  true,
  false,
  null,
  [],
  {},
  [1, "a", [null, { deep: [true] }]],
  { three: 3, nested: { arr: [1, 2, 3], empty: "" }, "key with spaces": "v" },
  "unicode: héllo ✓ 日本語 🍕 \u0000 \u2028 \"quoted\" \\ back\\slash \n new line",
  { "🔑": "clé", "日本": ["語"] },
];

test("message → message-back with several arguments of every JSON type", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const back = waitFor(socket, "message-back");
  socket.emit("message", ...mixedArgs);
  assert.deepEqual(await back, mixedArgs);
});

test("message with no arguments comes back with none", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const backs = new Recorder(socket, "message-back");
  socket.emit("message");
  socket.emit("message", "sentinel");
  await backs.untilFirstArg("sentinel");
  assert.deepEqual(backs.entries, [[], ["sentinel"]]);
});

test("events keep their order", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const backs = new Recorder(socket, "message-back");
  for (let i = 0; i < 200; i++) socket.emit("message", i);
  await backs.until((e) => e.length === 200, { what: "200 events" });
  assert.deepEqual(backs.firsts, Array.from({ length: 200 }, (_, i) => i));
});

test("client → server ack carries every argument back", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  // emitWithAck resolves with the first ack argument only.
  assert.deepEqual(await socket.emitWithAck("message-with-ack", { a: [1, "ü"] }), { a: [1, "ü"] });
  // A plain callback sees all of them.
  const all = await new Promise((resolve) => socket.emit("message-with-ack", ...mixedArgs, (...res) => resolve(res)));
  assert.deepEqual(all, mixedArgs);
  // Acks are matched by id, not by order of arrival at the test.
  const many = await Promise.all(
    Array.from({ length: 50 }, (_, i) => socket.emitWithAck("message-with-ack", `ack-${i}`)),
  );
  assert.deepEqual(
    many,
    Array.from({ length: 50 }, (_, i) => `ack-${i}`),
  );
});

test("server → client ack: the client's reply reaches the server", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const seen = [];
  socket.on("ping-client", (payload, ack) => {
    seen.push(payload);
    assert.equal(typeof ack, "function", "the server asked for an ack");
    ack({ echo: payload, from: "client" });
  });
  const payload = { hello: "world", n: [1, 2, 3], u: "ñ" };
  const result = await socket.emitWithAck("server-ack", payload);
  assert.deepEqual(result, { ok: true, reply: { echo: payload, from: "client" } });
  assert.deepEqual(seen, [payload]);
});

test("server → client ack times out when the client never answers", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const pinged = waitFor(socket, "ping-client");
  socket.on("ping-client", () => {
    /* deliberately never acks */
  });
  const started = Date.now();
  const result = await socket.emitWithAck("server-ack", "are you there?");
  const elapsed = Date.now() - started;
  assert.deepEqual(result, { ok: false, error: "timeout" });
  const [payload, ack] = await pinged;
  assert.equal(payload, "are you there?");
  assert.equal(typeof ack, "function");
  assert.ok(elapsed >= 450, `server gave up after ${elapsed} ms, before its 500 ms timeout`);
  assert.ok(elapsed < 2000, `server took ${elapsed} ms to time out a 500 ms ack`);
  // A late answer after the timeout is ignored and the connection still works.
  ack("too late");
  assert.equal(await socket.emitWithAck("message-with-ack", "still fine"), "still fine");
});

test("client-side ack timeout: an event nobody acks rejects", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url);
  const started = Date.now();
  await assert.rejects(socket.timeout(200).emitWithAck("nobody-listens", 1), (err) => {
    assert.match(err.message, /timed out/);
    return true;
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 190, `rejected after ${elapsed} ms`);
  // An unknown event neither breaks nor disconnects the socket.
  assert.equal(socket.connected, true);
  assert.equal(await socket.timeout(1000).emitWithAck("message-with-ack", "ok"), "ok");
});

// Binary payloads (Socket.IO binary events and acks with attachments) in both
// directions, over WebSocket (binary frames) and long-polling (base64 "b"
// packets inside text payloads).

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { connectSocket, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

/** Buffer / ArrayBuffer / typed array → Buffer; recursively through arrays and objects. */
function normalize(value) {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

function isBinary(value) {
  return Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

const small = Buffer.from([0, 1, 2, 127, 128, 254, 255]);
const empty = Buffer.alloc(0);
const large = randomBytes(200 * 1024);

for (const transport of ["websocket", "polling"]) {
  test(`${transport}: binary arguments and nested buffers come back intact`, { timeout: 10_000 }, async (t) => {
    const socket = await connectSocket(t, server.url, { transports: [transport] });
    assert.equal(socket.io.engine.transport.name, transport);
    const args = [
      small,
      "text between buffers",
      { file: { name: "a.bin", data: Buffer.from("héllo", "utf8") }, list: [Buffer.from([9]), "x", 3] },
      [empty, { deeper: [small] }],
    ];
    const back = waitFor(socket, "message-back");
    socket.emit("message", ...args);
    const received = await back;
    assert.equal(received.length, args.length);
    assert.ok(isBinary(received[0]), "top-level buffer arrives as binary");
    assert.ok(isBinary(received[2].file.data), "nested buffer arrives as binary");
    assert.deepEqual(normalize(received), args);
  });

  test(`${transport}: a 200 KiB buffer survives the round trip`, { timeout: 10_000 }, async (t) => {
    const socket = await connectSocket(t, server.url, { transports: [transport] });
    const back = waitFor(socket, "message-back");
    socket.emit("message", { blob: large });
    const [received] = await back;
    assert.ok(isBinary(received.blob));
    assert.ok(normalize(received.blob).equals(large), "content differs");
  });

  test(`${transport}: acks with binary in both directions`, { timeout: 10_000 }, async (t) => {
    const socket = await connectSocket(t, server.url, { transports: [transport] });
    // client → server event with binary, server acks with the same binary
    const acked = await new Promise((resolve) =>
      socket.emit("message-with-ack", small, { inner: [empty, small] }, (...res) => resolve(res)),
    );
    assert.deepEqual(normalize(acked), [small, { inner: [empty, small] }]);

    // server → client event with binary, the client acks with binary, the
    // server forwards the client's binary reply in its own ack
    socket.on("ping-client", (payload, ack) => {
      ack({ got: payload, extra: Buffer.from([42, 43]) });
    });
    const result = await socket.emitWithAck("server-ack", { bin: small });
    assert.deepEqual(normalize(result), {
      ok: true,
      reply: { got: { bin: small }, extra: Buffer.from([42, 43]) },
    });
  });
}

test("binary and text events interleave in order", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, server.url, { transports: ["websocket"] });
  const received = [];
  socket.on("message-back", (v) => received.push(v));
  const done = waitFor(socket, "message-back", { filter: (v) => v === "end" });
  const sent = [];
  for (let i = 0; i < 30; i++) {
    const v = i % 3 === 0 ? Buffer.from([i]) : i % 3 === 1 ? `t${i}` : { i, b: Buffer.from([i, i]) };
    sent.push(v);
    socket.emit("message", v);
  }
  socket.emit("message", "end");
  await done;
  assert.deepEqual(normalize(received), [...sent, "end"]);
});

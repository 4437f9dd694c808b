// The handshake auth payload and connect middleware: the server sees the
// client's auth object, a guarded namespace refuses with CONNECT_ERROR
// {message, data}, and an unknown namespace is refused.

import assert from "node:assert/strict";
import { test } from "node:test";
import { openSocket, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

test("the server receives the handshake auth object", { timeout: 10_000 }, async (t) => {
  const auth = { token: "abc", nested: { role: "waiter", stations: [1, 2] } };
  const socket = openSocket(t, server.url, { auth });
  const [received] = await waitFor(socket, "auth");
  assert.deepEqual(received, auth);
  assert.equal(socket.connected, true);
});

test("without auth the server sees an empty object", { timeout: 10_000 }, async (t) => {
  const socket = openSocket(t, server.url);
  const [received] = await waitFor(socket, "auth");
  assert.deepEqual(received, {});
});

for (const [label, auth] of [
  ["a wrong token", { token: "abc" }],
  ["no token", undefined],
]) {
  test(`/guarded refuses ${label} with CONNECT_ERROR {message, data}`, { timeout: 10_000 }, async (t) => {
    const socket = openSocket(t, server.url, { nsp: "/guarded", ...(auth ? { auth } : {}) });
    let connectedEvents = 0;
    socket.on("connect", () => connectedEvents++);
    const [err] = await waitFor(socket, "connect_error");
    assert.ok(err instanceof Error);
    assert.equal(err.message, "Authentication error");
    assert.deepEqual(err.data, { code: "invalid_token" });
    assert.equal(socket.connected, false);
    // The refusal is final: a later round trip on "/" over the same Engine.IO
    // connection completes and the guarded socket still never connected.
    const root = socket.io.socket("/");
    t.after(() => root.close());
    root.connect();
    assert.equal(await root.emitWithAck("message-with-ack", "alive"), "alive");
    assert.equal(connectedEvents, 0);
    assert.equal(socket.connected, false);
  });
}

test("/guarded accepts the right token and emits auth", { timeout: 10_000 }, async (t) => {
  const socket = openSocket(t, server.url, { nsp: "/guarded", auth: { token: "letmein" } });
  const [received] = await waitFor(socket, "auth");
  assert.deepEqual(received, { token: "letmein" });
  assert.equal(socket.connected, true);
  assert.equal(typeof socket.id, "string");
});

test("a refused /guarded and an accepted / share one Engine.IO connection", { timeout: 10_000 }, async (t) => {
  const root = openSocket(t, server.url);
  const guarded = root.io.socket("/guarded", { auth: { token: "nope" } });
  t.after(() => guarded.close());
  guarded.connect();
  const [err] = await waitFor(guarded, "connect_error");
  assert.equal(err.message, "Authentication error");
  // The middleware refusal must not take "/" down with it.
  assert.equal(await root.emitWithAck("message-with-ack", "still here"), "still here");
  assert.equal(root.connected, true);
});

test("an unknown namespace is refused with Invalid namespace", { timeout: 10_000 }, async (t) => {
  const socket = openSocket(t, server.url, { nsp: "/no-such-namespace" });
  const [err] = await waitFor(socket, "connect_error");
  assert.equal(err.message, "Invalid namespace");
  assert.equal(socket.connected, false);
});

// Engine.IO v4 heartbeat, seen from a raw WebSocket client: the server pings
// every pingInterval and closes a session whose pong has not arrived
// pingTimeout after the ping; a client that answers stays connected.

import assert from "node:assert/strict";
import { test } from "node:test";
import { parseOpenPacket, RawEngineSocket, socketIoPacketOf, waitFor } from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const pingInterval = 200;
const pingTimeout = 150;
const server = await startServer(["--ping-interval", String(pingInterval), "--ping-timeout", String(pingTimeout)]);

async function openRaw(t) {
  const raw = await RawEngineSocket.open(t, server.url);
  const { msg } = await raw.frame((m) => typeof m === "string" && m.startsWith("0"), { what: "open packet" });
  const openedAt = performance.now();
  const open = parseOpenPacket(msg);
  raw.send("40");
  await raw.frame((m) => socketIoPacketOf(m)?.type === 0, { what: "CONNECT reply" });
  return { raw, open, openedAt };
}

test("the open packet announces the configured heartbeat", { timeout: 10_000 }, async (t) => {
  const { open } = await openRaw(t);
  assert.equal(open.pingInterval, pingInterval);
  assert.equal(open.pingTimeout, pingTimeout);
});

test("a client that never answers pings is closed after pingInterval + pingTimeout", { timeout: 10_000 }, async (t) => {
  const { raw, openedAt } = await openRaw(t);
  const closed = raw.closed ? Promise.resolve() : waitFor(raw.ws, "close", { timeoutMs: 5000 });
  await closed;
  const elapsed = performance.now() - openedAt;
  const expected = pingInterval + pingTimeout;
  const pings = raw.messages.filter((m) => m === "2").length;
  assert.ok(pings >= 1, "the server sent at least one ping before giving up");
  assert.ok(elapsed >= expected - 50, `closed ${elapsed.toFixed(0)} ms after open, expected ≥ ${expected - 50}`);
  assert.ok(elapsed <= expected + 300, `closed ${elapsed.toFixed(0)} ms after open, expected ≤ ${expected + 300}`);
});

test("a client that answers every ping stays connected for more than three intervals", { timeout: 10_000 }, async (t) => {
  const { raw, openedAt } = await openRaw(t);
  raw.ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "2") raw.send("3");
  });
  // Wait for the fifth ping: > 4 intervals, well past the point where an
  // unanswered session is closed.
  await raw.frames.until((entries) => entries.filter(([d, b]) => !b && d.toString() === "2").length >= 5, {
    timeoutMs: 5000,
    what: "five pings",
  });
  const elapsed = performance.now() - openedAt;
  assert.ok(elapsed > 3 * pingInterval, `only ${elapsed.toFixed(0)} ms`);
  assert.equal(raw.closed, false);
  // The session is not just open but usable.
  const from = raw.frames.entries.length;
  raw.send('42["message","still alive"]');
  const { msg } = await raw.frame((m) => socketIoPacketOf(m)?.data?.[0] === "message-back", {
    from,
    what: "message-back",
  });
  assert.deepEqual(socketIoPacketOf(msg).data, ["message-back", "still alive"]);
});

test("pings are spaced by about pingInterval", { timeout: 10_000 }, async (t) => {
  const { raw, openedAt } = await openRaw(t);
  const times = [];
  raw.ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "2") {
      times.push(performance.now() - openedAt);
      raw.send("3");
    }
  });
  await raw.frames.until(() => times.length >= 3, { timeoutMs: 5000, what: "three pings" });
  // The first ping comes one interval after the open packet, then one per
  // interval (measured from when the previous one was sent).
  assert.ok(times[0] >= pingInterval - 50 && times[0] <= pingInterval + 150, `first ping at ${times[0].toFixed(0)} ms`);
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    assert.ok(gap >= pingInterval - 50 && gap <= pingInterval + 150, `ping gap ${gap.toFixed(0)} ms`);
  }
});

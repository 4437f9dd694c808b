// Abuse protection of the protocol layers, on the wire:
//  - incoming events per connection: over the rate an event gets a
//    rate_limited ack (or is dropped when it asked for none) and its handler
//    does not run; a connection that keeps pushing is disconnected;
//  - new Engine.IO sessions per client address: over the rate a handshake
//    (polling or WebSocket) gets 429 with Retry-After and creates nothing,
//    while the requests of existing sessions are not counted;
//  - browser origins: a handshake from an origin outside --cors-origin is
//    refused with 403 (WebSocket too, which CORS alone would not stop).
// Every test runs on its own server so that the buckets start full.

import assert from "node:assert/strict";
import { test } from "node:test";
import { io } from "socket.io-client";
import WebSocket from "ws";
import {
  connected,
  connectSocket,
  openManager,
  RawEngineSocket,
  Recorder,
  socketIoPacketOf,
  waitFor,
} from "./support/clients.mjs";
import { isNodePeer, startServer } from "./support/server.mjs";

const eventRate = 10;
const eventBurst = 5;
const maxRefused = 20;
const eventArgs = [
  "--event-rate",
  String(eventRate),
  "--event-burst",
  String(eventBurst),
  "--max-refused-events",
  String(maxRefused),
  // Each test opens its own connections from 127.0.0.1.
  "--handshake-rate",
  "0",
];
const handshakeBurst = 4;
const handshakeArgs = ["--handshake-rate", "1", "--handshake-burst", String(handshakeBurst)];

const events = await startServer(eventArgs);
const handshakes = await startServer(handshakeArgs);
const recovery = await startServer(handshakeArgs);
const origins = await startServer(["--cors-origin", "https://waiter.example", "--handshake-rate", "0"]);

const pollingHandshake = "/socket.io/?EIO=4&transport=polling";
const websocketHandshake = "/socket.io/?EIO=4&transport=websocket";

/** The shape of the ack that answers a refused event. */
function assertRateLimitedAck(reply) {
  assert.equal(reply?.ok, false, `expected a refusal, got ${JSON.stringify(reply)}`);
  assert.deepEqual(Object.keys(reply.error).sort(), ["code", "message", "retryAfterMs"]);
  assert.equal(reply.error.code, "rate_limited");
  assert.equal(reply.error.message, `Too many events: at most ${eventRate} per second`);
  assert.ok(
    Number.isInteger(reply.error.retryAfterMs) && reply.error.retryAfterMs >= 1 && reply.error.retryAfterMs <= 1000 / eventRate,
    `retryAfterMs ${reply.error.retryAfterMs}`,
  );
}

/** Opens a WebSocket and resolves with {status, headers, body} if refused, or "open". */
function websocketAttempt(url, options = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, "ws"), options);
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => {
        ws.terminate();
        resolve({ status: res.statusCode, headers: res.headers, body });
      });
    });
    ws.on("open", () => {
      ws.terminate();
      resolve("open");
    });
    ws.on("error", (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

for (const transport of ["websocket", "polling"]) {
  test(`${transport}: an event over the rate gets a rate_limited ack, not its handler`, { timeout: 10_000 }, async (t) => {
    const socket = await connectSocket(t, events.url, { transports: [transport] });
    // The burst, then more at once: the first `eventBurst` always pass; of
    // the rest at most a few can ride on tokens refilled meanwhile.
    const extra = 10;
    const replies = await Promise.all(
      Array.from({ length: eventBurst + extra }, (_, i) => socket.emitWithAck("message-with-ack", i)),
    );
    assert.deepEqual(replies.slice(0, eventBurst), Array.from({ length: eventBurst }, (_, i) => i));
    const refused = replies.filter((r) => typeof r !== "number");
    assert.ok(refused.length >= extra - 2, `only ${refused.length} of ${extra} refused: ${JSON.stringify(replies)}`);
    for (const reply of refused) assertRateLimitedAck(reply);
    // Every event got exactly the answer of its own ack id: accepted ones
    // their own argument.
    replies.forEach((r, i) => typeof r === "number" && assert.equal(r, i));

    // Once told when, the client may go on.
    await new Promise((resolve) => setTimeout(resolve, refused.at(-1).error.retryAfterMs));
    assert.equal(await socket.emitWithAck("message-with-ack", "later"), "later");
  });
}

test("an event over the rate without an ack is dropped silently", { timeout: 10_000 }, async (t) => {
  const socket = await connectSocket(t, events.url, { transports: ["websocket"] });
  const backs = new Recorder(socket, "message-back");
  const sent = eventBurst + 10;
  for (let i = 0; i < sent; i++) socket.emit("message", i);
  // Behind them on the same connection: a probe that is refused too, and says
  // when the next event will pass.
  const probe = await socket.emitWithAck("message-with-ack", "probe");
  assertRateLimitedAck(probe);
  await new Promise((resolve) => setTimeout(resolve, probe.error.retryAfterMs));
  socket.emit("message", "sentinel");
  await backs.untilFirstArg("sentinel");
  const handled = backs.firsts.slice(0, -1);
  assert.deepEqual(handled.slice(0, eventBurst), Array.from({ length: eventBurst }, (_, i) => i));
  assert.ok(handled.length < sent - 2, `${handled.length} of ${sent} handled: ${JSON.stringify(handled)}`);
  assert.equal(socket.connected, true, "a few refusals do not disconnect");
});

test("the namespaces of one connection share its rate", { timeout: 10_000 }, async (t) => {
  const manager = openManager(t, events.url, { transports: ["websocket"] });
  const main = manager.socket("/");
  const custom = manager.socket("/custom");
  t.after(() => {
    main.close();
    custom.close();
  });
  await Promise.all([connected(main), connected(custom)]);
  const [onMain, onCustom] = await Promise.all([
    Promise.all(Array.from({ length: eventBurst }, (_, i) => main.emitWithAck("message-with-ack", i))),
    Promise.all(Array.from({ length: eventBurst }, (_, i) => custom.emitWithAck("message-with-ack", i))),
  ]);
  assert.deepEqual(onMain, Array.from({ length: eventBurst }, (_, i) => i));
  const refused = onCustom.filter((r) => typeof r !== "number");
  // With a bucket per namespace, all of them would have passed.
  assert.ok(refused.length >= eventBurst - 2, `custom: ${JSON.stringify(onCustom)}`);
  for (const reply of refused) assertRateLimitedAck(reply);
});

for (const transport of ["websocket", "polling"]) {
  test(`${transport}: a connection that keeps sending over the rate is disconnected; the others are not`, { timeout: 10_000 }, async (t) => {
    const abuser = await connectSocket(t, events.url, { transports: [transport] });
    const bystander = await connectSocket(t, events.url, { transports: [transport] });
    const disconnected = waitFor(abuser, "disconnect", { timeoutMs: 5000 });
    const engineClosed = waitFor(abuser.io.engine, "close", { timeoutMs: 5000 });
    for (let i = 0; i < eventBurst + maxRefused + 20; i++) abuser.emit("message", i);
    const [reason] = await disconnected;
    // A server-side disconnect: socket.io-client will not reconnect by
    // itself, and closes the connection as it has no namespace left.
    assert.equal(reason, "io server disconnect");
    await engineClosed;
    assert.equal(await bystander.emitWithAck("message-with-ack", "still here"), "still here");
    if (!isNodePeer) {
      await events.waitForStderr(/disconnecting \S+ \(127\.0\.0\.1\): more than 20 events over the rate limit/);
    }
  });
}

test("an abuser that ignores the DISCONNECT and keeps sending is closed by the server", { timeout: 10_000 }, async (t) => {
  const raw = await RawEngineSocket.open(t, events.url);
  await raw.frame((m) => m.startsWith("0{"), { what: "open packet" });
  raw.send("40");
  await raw.frame((m) => socketIoPacketOf(m)?.type === 0, { what: "CONNECT reply" });
  for (let i = 0; i < eventBurst + maxRefused + 20; i++) raw.send(`42["message",${i}]`);
  await raw.frame((m) => m === "41", { what: "DISCONNECT" });
  // It goes on as if nothing happened, answering pings (so that only the
  // server's abuse rule can end the connection) until the server closes.
  const closed = waitFor(raw.ws, "close", { timeoutMs: 5000 });
  const keepSending = setInterval(() => raw.send('42["message","ignored"]'), 50);
  t.after(() => clearInterval(keepSending));
  raw.ws.on("message", (data) => data.toString() === "2" && raw.send("3"));
  await closed;
  clearInterval(keepSending);
  const after = raw.messages.slice(raw.messages.indexOf("41") + 1);
  assert.ok(
    after.every((m) => !String(m).includes("message-back")),
    `handled after the DISCONNECT: ${JSON.stringify(after)}`,
  );
});

test("handshakes over the burst of one address get 429 with Retry-After; existing sessions are not counted", { timeout: 10_000 }, async () => {
  const sids = [];
  for (let i = 0; i < handshakeBurst; i++) {
    const res = await fetch(`${handshakes.url}${pollingHandshake}`);
    assert.equal(res.status, 200, `handshake ${i}`);
    sids.push(JSON.parse((await res.text()).slice(1)).sid);
  }

  const refused = await fetch(`${handshakes.url}${pollingHandshake}`);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), "1");
  assert.match(refused.headers.get("content-type") ?? "", /^application\/json/);
  const body = await refused.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, "rate_limited");
  assert.equal(typeof body.error.message, "string");

  // WebSocket handshakes draw on the same bucket, and are refused before the upgrade.
  const ws = await websocketAttempt(`${handshakes.url}${websocketHandshake}`);
  assert.equal(ws.status, 429);
  assert.equal(ws.headers["retry-after"], "1");
  assert.equal(JSON.parse(ws.body).error.code, "rate_limited");

  // The sessions opened before go on: their requests are not handshakes.
  for (const sid of sids) {
    const post = await fetch(`${handshakes.url}${pollingHandshake}&sid=${sid}`, { method: "POST", body: "40" });
    assert.equal(post.status, 200);
    assert.equal(await post.text(), "ok");
    const get = await fetch(`${handshakes.url}${pollingHandshake}&sid=${sid}`);
    assert.equal(get.status, 200);
    assert.match(await get.text(), /^40\{"sid":/);
  }

  // After Retry-After, a new session may open.
  await new Promise((resolve) => setTimeout(resolve, 1000 * Number(refused.headers.get("retry-after"))));
  const again = await fetch(`${handshakes.url}${pollingHandshake}`);
  assert.equal(again.status, 200);
  assert.match(await again.text(), /^0\{"sid":/);
});

test("a socket.io-client refused at the handshake connects once the address has a token again", { timeout: 10_000 }, async (t) => {
  // Use up the address's burst.
  let status = 200;
  for (let i = 0; i <= handshakeBurst && status === 200; i++) {
    status = (await fetch(`${recovery.url}${pollingHandshake}`)).status;
  }
  assert.equal(status, 429);

  const socket = io(recovery.url, {
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    randomizationFactor: 0,
  });
  t.after(() => socket.close());
  const errors = new Recorder(socket, "connect_error");
  await waitFor(socket, "connect", { timeoutMs: 5000 });
  assert.ok(errors.entries.length >= 1, "the first attempt was refused");
});

test("handshakes from a browser origin outside the allowlist are refused with 403", { timeout: 10_000 }, async () => {
  const url = `${origins.url}${pollingHandshake}`;
  const foreign = await fetch(url, { headers: { Origin: "https://evil.example" } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  const body = await foreign.json();
  assert.equal(body.error.code, "origin_not_allowed");
  assert.equal(typeof body.error.message, "string");

  const ws = await websocketAttempt(`${origins.url}${websocketHandshake}`, { origin: "https://evil.example" });
  assert.equal(ws.status, 403);
  assert.equal(JSON.parse(ws.body).error.code, "origin_not_allowed");

  // Allowed: the listed origin, the server's own origin, and no Origin at all
  // (a native app or a script).
  const allowed = await fetch(url, { headers: { Origin: "https://waiter.example" } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers.get("access-control-allow-origin"), "https://waiter.example");
  const sameOrigin = await fetch(url, { headers: { Origin: origins.url } });
  assert.equal(sameOrigin.status, 200);
  assert.equal((await fetch(url)).status, 200);
  assert.equal(await websocketAttempt(`${origins.url}${websocketHandshake}`, { origin: "https://waiter.example" }), "open");
  assert.equal(await websocketAttempt(`${origins.url}${websocketHandshake}`), "open");
});

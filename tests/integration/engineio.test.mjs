// Engine.IO v4 on the wire, with plain HTTP requests and a raw WebSocket:
// handshakes, error responses, CORS, the request size limit, and the echo
// server on /engine.io/.

import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { parseOpenPacket, RawEngineSocket, waitFor } from "./support/clients.mjs";
import { isNodePeer, startServer } from "./support/server.mjs";

const server = await startServer();
// Brigade only, with no heartbeat to end a session during a test: the
// reference server (engine.io 6.6) keeps a session whose POST it refused as
// too large (its client drops the transport on the 413 anyway), Brigade
// ends it at once, as it ends a WebSocket session for an oversized message.
const sessionEndsOn413 = isNodePeer
  ? false
  : await startServer(["--ping-interval", "20000", "--ping-timeout", "20000"]);
const paths = ["/engine.io/", "/socket.io/"];
const maxPayload = 1_000_000;
const RS = "\x1e"; // record separator between packets of a polling payload

async function handshake(path) {
  const res = await fetch(`${server.url}${path}?EIO=4&transport=polling`);
  assert.equal(res.status, 200);
  const body = await res.text();
  return { res, body, open: parseOpenPacket(body) };
}

/**
 * POSTs a body with node:http (fetch hides early responses); resolves {status, headers, body}.
 * `chunked`: without Content-Length, so the server learns the size only by reading.
 */
function rawPost(url, body, headers = {}, { chunked = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: {
        "Content-Type": "text/plain;charset=UTF-8",
        ...(chunked ? {} : { "Content-Length": Buffer.byteLength(body) }),
        ...headers,
      },
    });
    let responded = false;
    req.on("response", (res) => {
      responded = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      res.on("error", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", (err) => {
      // A server may stop reading an oversized body once it has answered;
      // writing the rest then fails, which is fine after the response.
      if (!responded) reject(err);
    });
    req.end(body);
  });
}

for (const path of paths) {
  test(`${path} polling handshake: open packet with exactly the v4 fields`, { timeout: 10_000 }, async () => {
    const { res, body, open } = await handshake(path);
    assert.match(body, /^0\{/);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
    assert.equal(typeof open.sid, "string");
    assert.ok(open.sid.length >= 8, `sid "${open.sid}" is too short to be unguessable`);
    assert.deepEqual(open.upgrades, ["websocket"]);
    assert.equal(open.pingInterval, 300);
    assert.equal(open.pingTimeout, 200);
    assert.equal(open.maxPayload, maxPayload);
    // Two handshakes, two sessions.
    const second = await handshake(path);
    assert.notEqual(second.open.sid, open.sid);
  });

  test(`${path} websocket handshake: nothing left to upgrade to`, { timeout: 10_000 }, async (t) => {
    const raw = await RawEngineSocket.open(t, server.url, path);
    const { msg } = await raw.frame((m) => typeof m === "string", { what: "open packet" });
    const open = parseOpenPacket(msg);
    assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
    assert.deepEqual(open.upgrades, []);
    assert.equal(open.maxPayload, maxPayload);
  });

  const errorCases = [
    ["unknown transport", "GET", "EIO=4&transport=carrier-pigeon", 0, "Transport unknown"],
    ["unknown sid", "GET", "EIO=4&transport=polling&sid=no-such-session", 1, "Session ID unknown"],
    ["unknown sid on POST", "POST", "EIO=4&transport=polling&sid=no-such-session", 1, "Session ID unknown"],
    ["handshake with POST", "POST", "EIO=4&transport=polling", 2, "Bad handshake method"],
    ["protocol v3", "GET", "EIO=3&transport=polling", 5, "Unsupported protocol version"],
  ];
  for (const [label, method, query, code, message] of errorCases) {
    test(`${path} ${label} → 400 {code: ${code}}`, { timeout: 10_000 }, async () => {
      const res = await fetch(`${server.url}${path}?${query}`, {
        method,
        ...(method === "POST" ? { body: "4hello", headers: { "Content-Type": "text/plain;charset=UTF-8" } } : {}),
      });
      assert.equal(res.status, 400);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      assert.deepEqual(await res.json(), { code, message });
    });
  }

  test(`${path} CORS: preflight and simple requests are allowed from any origin`, { timeout: 10_000 }, async () => {
    const origin = "http://waiter.example";
    const preflight = await fetch(`${server.url}${path}?EIO=4&transport=polling`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    assert.ok(preflight.status === 204 || preflight.status === 200, `preflight status ${preflight.status}`);
    assert.ok(
      ["*", origin].includes(preflight.headers.get("access-control-allow-origin")),
      `Access-Control-Allow-Origin: ${preflight.headers.get("access-control-allow-origin")}`,
    );
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);

    const get = await fetch(`${server.url}${path}?EIO=4&transport=polling`, { headers: { Origin: origin } });
    assert.equal(get.status, 200);
    assert.ok(["*", origin].includes(get.headers.get("access-control-allow-origin")));
    await get.text();
  });

  test(`${path} a POST larger than maxPayload is refused and the server carries on`, { timeout: 10_000 }, async () => {
    const { open } = await handshake(path);
    const url = `${server.url}${path}?EIO=4&transport=polling&sid=${open.sid}`;
    const res = await rawPost(url, `4${"x".repeat(maxPayload + 100)}`);
    assert.ok(res.status === 413 || res.status === 400, `status ${res.status}`);
    // The server is alive and serves new sessions.
    const again = await handshake(path);
    assert.equal(typeof again.open.sid, "string");
    // A body just under the limit is accepted.
    const ok = await rawPost(`${server.url}${path}?EIO=4&transport=polling&sid=${again.open.sid}`, `4${"y".repeat(1000)}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body, "ok");
  });

  test(`${path} a POST larger than maxPayload ends its session`, {
    skip: !sessionEndsOn413 && "Brigade only: engine.io 6.6 keeps the session",
    timeout: 10_000,
  }, async () => {
    for (const chunked of [false, true]) {
      const opened = await fetch(`${sessionEndsOn413.url}${path}?EIO=4&transport=polling`);
      const { sid } = parseOpenPacket(await opened.text());
      const url = `${sessionEndsOn413.url}${path}?EIO=4&transport=polling&sid=${sid}`;
      const res = await rawPost(url, `4${"x".repeat(maxPayload + 100)}`, {}, { chunked });
      assert.equal(res.status, 413, `chunked: ${chunked}`);
      // The message is lost, so the session is over: its next poll is
      // refused, not parked until the next message.
      const poll = await fetch(url, { signal: AbortSignal.timeout(3000) }).catch(() => null);
      assert.ok(poll, `chunked: ${chunked}: the poll was parked, the session lives on`);
      assert.equal(poll.status, 400, `chunked: ${chunked}`);
      assert.deepEqual(await poll.json(), { code: 1, message: "Session ID unknown" });
    }
  });
}

test("/engine.io/ echoes text and binary over long-polling", { timeout: 10_000 }, async () => {
  const { open } = await handshake("/engine.io/");
  const url = `${server.url}/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;
  const post = await rawPost(url, ["4hello ✓", "bAQID/w==", "4second"].join(RS));
  assert.equal(post.status, 200);
  assert.equal(post.body, "ok");
  const got = [];
  while (got.length < 3) {
    const res = await fetch(url);
    assert.equal(res.status, 200);
    for (const packet of (await res.text()).split(RS)) {
      if (packet === "2") {
        await rawPost(url, "3"); // answer the heartbeat if one slipped in
      } else {
        got.push(packet);
      }
    }
  }
  assert.deepEqual(got, ["4hello ✓", "bAQID/w==", "4second"]);
});

test("/engine.io/ echoes text and binary over WebSocket", { timeout: 10_000 }, async (t) => {
  const raw = await RawEngineSocket.open(t, server.url, "/engine.io/");
  await raw.frame((m) => typeof m === "string" && m.startsWith("0"), { what: "open packet" });
  raw.ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "2") raw.send("3");
  });
  const binary = Buffer.from([0, 1, 2, 3, 255]);
  raw.send("4héllo");
  raw.send(binary);
  raw.send(`4${"z".repeat(100_000)}`);
  raw.send("4last");
  await raw.frame((m) => m === "4last", { what: "echo of 4last" });
  const echoed = raw.messages.filter((m) => m !== "2" && !(typeof m === "string" && m.startsWith("0")));
  assert.equal(echoed.length, 4);
  assert.equal(echoed[0], "4héllo");
  assert.ok(Buffer.isBuffer(echoed[1]), "binary comes back as a binary frame");
  assert.ok(echoed[1].equals(binary));
  assert.equal(echoed[2], `4${"z".repeat(100_000)}`);
  assert.equal(echoed[3], "4last");
});

test("a WebSocket message larger than maxPayload closes that connection only", { timeout: 10_000 }, async (t) => {
  const victim = await RawEngineSocket.open(t, server.url, "/engine.io/");
  await victim.frame((m) => typeof m === "string" && m.startsWith("0"), { what: "open packet" });
  const closed = waitFor(victim.ws, "close");
  victim.send(`4${"x".repeat(maxPayload + 100)}`);
  await closed;
  assert.ok(!victim.messages.some((m) => typeof m === "string" && m.length > maxPayload), "it was not echoed");

  const other = await RawEngineSocket.open(t, server.url, "/engine.io/");
  await other.frame((m) => typeof m === "string" && m.startsWith("0"), { what: "open packet" });
  other.send("4fine");
  await other.frame((m) => m === "4fine", { what: "echo" });
});

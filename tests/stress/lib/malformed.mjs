// Malformed input on the wire, by hand (the `ws` package and fetch, no
// socket.io-client): broken Engine.IO and Socket.IO packets, wrong types,
// huge and unknown namespaces, binary garbage, invalid UTF-8, attachments
// that never come — mixed with valid room commands and cut off at random.
// The server may refuse or close; it must not crash, hang or stop serving.

import WebSocket from "ws";

import { jitter } from "./random.mjs";

const maxPayload = 1_000_000;
const probeTimeoutMs = 15_000;

/** Text frames: [label, make(rng, token)]. */
const textGarbage = [
  ["truncated JSON", () => '42["join:kitchen",'],
  ["object instead of array", () => '42{"event":"join:kitchen"}'],
  ["empty event array", () => "42[]"],
  ["event name not a string", () => "420[42,{}]"],
  ["table id a string", () => '421["join:table",{"tableId":"seven"}]'],
  ["table id huge", () => '421["join:table",{"tableId":9007199254740993}]'],
  ["table id float overflow", () => '421["join:table",{"tableId":1e400}]'],
  ["order payload an array", () => '421["join:order",[1,2,3]]'],
  ["unknown field", () => '421["join:order",{"orderId":1,"admin":true}]'],
  ["deep nesting", (rng) => `421["join:table",${"[".repeat(rng.int(33, 5000))}1${"]".repeat(rng.int(0, 5000))}]`],
  ["NUL in the event name", () => '42["join:kitchen\\u0000",{}]'],
  ["__proto__ payload", () => '421["join:table",{"__proto__":{"tableId":1}}]'],
  ["huge ack id", () => '4299999999999999999999999["join:kitchen"]'],
  ["ack for nothing", () => '43777[{"ok":true}]'],
  ["unknown Socket.IO type", () => '49["join:kitchen"]'],
  ["unknown Engine.IO type", () => "9nonsense"],
  ["bare message", () => "4"],
  ["upgrade without probe", () => "5"],
  ["probe on an open socket", () => "2probe"],
  ["pong out of turn", () => "3"],
  ["second CONNECT", (_rng, token) => `40${JSON.stringify({ token })}`],
  ["CONNECT with a bad token", () => '40{"token":"not.a.token"}'],
  ["CONNECT with no auth object", () => '40"token"'],
  ["unknown namespace", (_rng, token) => `40/nowhere,${JSON.stringify({ token })}`],
  ["event on an unknown namespace", () => '42/nowhere,["join:kitchen"]'],
  ["huge namespace", (rng) => `42/${"n".repeat(rng.int(1_000, 200_000))},["join:kitchen"]`],
  ["namespace without comma", () => '42/kitchen["join:kitchen"]'],
  ["attachment that never comes", () => '451-["join:kitchen",{"_placeholder":true,"num":0}]'],
  ["placeholder out of range", () => '451-["join:table",{"_placeholder":true,"num":7}]'],
  ["absurd attachment count", () => '4599999999999-["join:kitchen"]'],
  ["DISCONNECT then an event", () => "41"],
  ["over maxPayload", () => `42["join:kitchen","${"x".repeat(maxPayload + 10)}"]`],
];

/** Binary frames: [label, make(rng)]. */
const binaryGarbage = [
  ["random bytes", (rng) => rng.bytes(rng.int(1, 4096))],
  ["attachment without a packet", () => Buffer.from([0xde, 0xad, 0xbe, 0xef])],
];

/** Text frames whose bytes are not UTF-8. */
const invalidUtf8 = [["invalid UTF-8", () => Buffer.from([0x34, 0x32, 0x5b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x5d])]];

/** One raw connection: a WebSocket most of the time, else an Engine.IO polling session. */
export async function malformedWorker(ctx, rng) {
  while (!ctx.done()) {
    const kind = rng.chance(0.75) ? "websocket" : "polling";
    try {
      await (kind === "websocket" ? rawWebSocket(ctx, rng) : rawPolling(ctx, rng));
    } catch (err) {
      ctx.fail(`malformed ${kind}: ${err.message}`);
    }
  }
}

// ---------------------------------------------------------------------------
// WebSocket

/**
 * Opens a raw Engine.IO WebSocket, usually CONNECTs with a real token, sends
 * garbage mixed with valid room commands, then leaves one of three ways: a
 * TCP teardown, a close frame, or after a probe proving the connection still
 * answers (or was closed by the server).
 */
async function rawWebSocket(ctx, rng) {
  const ws = new WebSocket(`${ctx.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
  ctx.stats.rawConnections += 1;
  ws.on("error", () => {}); // resets are expected: the server may close on garbage
  const closed = new Promise((resolve) => ws.once("close", resolve));
  const frames = [];
  ws.on("message", (data, isBinary) => frames.push(isBinary ? data : data.toString()));
  try {
    const opened = await Promise.race([new Promise((resolve) => ws.once("open", () => resolve(true))), closed]);
    if (opened !== true) return;
    const who = rng.pick(ctx.identities);
    if (rng.chance(0.8)) ws.send(`40${JSON.stringify({ token: who.token })}`);
    for (let i = rng.int(1, 5); i > 0 && ws.readyState === WebSocket.OPEN; i--) {
      if (rng.chance(0.3)) ws.send(`42${rng.int(1, 99)}["${rng.pick(["join:kitchen", "join:waiters"])}"]`);
      else sendGarbage(ctx, ws, rng, who.token);
      const wait = rng.chance(0.5) && jitter(rng, 4);
      if (wait) await wait;
    }
    const ending = rng.weighted({ terminate: 3, close: 2, probe: 3 });
    if (ending === "terminate") ws.terminate();
    else if (ending === "close") ws.close();
    else await probe(ctx, ws, closed, frames, who.token);
  } finally {
    ws.terminate();
    await closed;
  }
}

function sendGarbage(ctx, ws, rng, token) {
  const kind = rng.weighted({ text: 8, binary: 2, utf8: 1 });
  if (kind === "text") ws.send(rng.pick(textGarbage)[1](rng, token));
  else if (kind === "binary") ws.send(rng.pick(binaryGarbage)[1](rng));
  else ws.send(rng.pick(invalidUtf8)[1](rng), { binary: false });
  ctx.stats.malformed += 1;
}

/**
 * After the garbage, the connection must either be closed by the server or
 * still answer: a CONNECT to /admin gets CONNECT (a manager) or CONNECT_ERROR
 * (anyone else) whatever state the main namespace is in. Silence means the
 * server is stuck on this connection.
 */
async function probe(ctx, ws, closed, frames, token) {
  if (ws.readyState !== WebSocket.OPEN) return;
  const from = frames.length;
  ws.send(`40/admin,${JSON.stringify({ token })}`);
  const answered = new Promise((resolve) => {
    const check = () => {
      if (frames.slice(from).some((f) => typeof f === "string" && /^4[04]\/admin,/.test(f))) {
        ws.off("message", check);
        resolve("answered");
      }
    };
    ws.on("message", check);
    check();
  });
  let timer;
  const silent = new Promise((resolve) => {
    timer = setTimeout(() => resolve("silent"), probeTimeoutMs);
  });
  const outcome = await Promise.race([answered, closed.then(() => "closed"), silent]);
  clearTimeout(timer);
  if (outcome === "silent") ctx.fail(`a raw WebSocket neither answered nor was closed within ${probeTimeoutMs} ms after: ${preview(frames)}`);
}

function preview(frames) {
  return JSON.stringify(frames.slice(-5).map((f) => String(f).slice(0, 80)));
}

// ---------------------------------------------------------------------------
// Long-polling

const pollingPath = "/socket.io/?EIO=4&transport=polling";

/** Polling payload garbage: [label, make(rng, token)]. */
const pollingGarbage = [
  ["separators only", () => "\x1e\x1e\x1e"],
  ["bad packet after a good CONNECT", (_rng, token) => `40${JSON.stringify({ token })}\x1e42["join:kitchen",`],
  ["commands then garbage", (_rng, token) => `40${JSON.stringify({ token })}\x1e421["join:kitchen"]\x1e9\x1e4{}`],
  ["base64 binary that is not base64", () => "b!!!!"],
  ["random bytes", (rng) => rng.bytes(rng.int(1, 2048))],
  ["empty body", () => ""],
  ["upgrade packet over polling", () => "5"],
];

/**
 * An Engine.IO polling session: a handshake, garbage POSTs, overlapping GETs
 * (two long-polls at once are a protocol error), and sometimes a POST to a
 * session id that does not exist; the session is closed or abandoned.
 */
async function rawPolling(ctx, rng) {
  const base = `${ctx.url}${pollingPath}`;
  const handshake = await fetch(base);
  const text = await handshake.text();
  if (handshake.status !== 200) throw new Error(`polling handshake: ${handshake.status} ${text}`);
  ctx.stats.rawConnections += 1;
  const sid = JSON.parse(text.slice(1)).sid;
  const session = `${base}&sid=${encodeURIComponent(rng.chance(0.1) ? `${sid}x` : sid)}`;
  const token = rng.pick(ctx.identities).token;
  const requests = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    requests.push(request(session, { method: "POST", body: rng.pick(pollingGarbage)[1](rng, token) }));
    ctx.stats.malformed += 1;
  }
  if (rng.chance(0.3)) requests.push(request(session), request(session));
  if (rng.chance(0.6)) requests.push(request(session, { method: "POST", body: "1" }));
  await Promise.all(requests);
}

/** A request whose outcome does not matter, only that it ends. */
async function request(url, init) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), probeTimeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal });
    await res.arrayBuffer();
  } catch (err) {
    // A long-poll aborted by us or the connection closed by the server: fine.
    if (err.name !== "AbortError" && err.cause?.code !== "ECONNRESET" && err.cause?.code !== "UND_ERR_SOCKET") throw err;
  } finally {
    clearTimeout(timer);
  }
}

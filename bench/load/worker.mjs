// Load-generator worker: one child process holding a share of the subscriber
// connections. Driven by run.mjs over the fork IPC channel; see README.md.
//
// Deliberately light: raw `ws` clients, no socket.io-client. Each frame is
// classified by its first bytes only:
//   "0{..."      Engine.IO OPEN           → ignored (we send "40" on open)
//   "40{"        Socket.IO CONNECT reply  → connection counted as ready
//   "430["       ack of our join          → joined
//   '42["msg"'   the broadcast            → per-socket counter + 1
//   "2"          Engine.IO PING           → answer "3"
//   "41"/"1"     server-side disconnect   → counted as an anomaly
// Everything else (the `auth` event both servers emit on connection) is
// ignored.

import process from "node:process";
import WebSocket from "ws";

const MSG_PREFIX = Buffer.from('42["msg"');

let sockets = [];
let counts = new Int32Array(0);
let readyCount = 0;
let joinedCount = 0;
let target = 0;
let reachedCount = 0;
let waitingTarget = false;
let sample = null; // last `msg` frame seen by socket 0, as text
const anomalies = { errors: 0, unexpectedCloses: 0, serverDisconnects: 0, firstError: null };
let closing = false;

function send(message) {
  process.send(message);
}

function isMsg(data) {
  if (data.length < MSG_PREFIX.length) return false;
  for (let i = 0; i < MSG_PREFIX.length; i++) if (data[i] !== MSG_PREFIX[i]) return false;
  return true;
}

function onFrame(index, data) {
  // data is a Buffer (ws ≥ 8 delivers text frames as Buffer too).
  const c0 = data[0];
  if (c0 === 0x34 /* 4 */) {
    const c1 = data[1];
    if (c1 === 0x32 /* 2 */ && isMsg(data)) {
      const n = ++counts[index];
      if (index === 0) sample = data;
      if (n === target) {
        reachedCount++;
        if (waitingTarget && reachedCount === sockets.length) {
          waitingTarget = false;
          send({ type: "reached", target });
        }
      }
      return;
    }
    if (c1 === 0x30 /* 0 */ && data[2] === 0x7b /* { */) {
      const ws = sockets[index];
      if (!ws._benchReady) {
        ws._benchReady = true;
        readyCount++;
        ws._benchOnReady?.();
      }
      return;
    }
    if (c1 === 0x33 /* 3 */ && data[2] === 0x30 /* 0 */) {
      const ws = sockets[index];
      if (!ws._benchJoined) {
        ws._benchJoined = true;
        joinedCount++;
        if (joinedCount === sockets.length) send({ type: "joined", joined: joinedCount });
      }
      return;
    }
    if (c1 === 0x31 /* 1 */) {
      anomalies.serverDisconnects++;
      return;
    }
    return;
  }
  if (c0 === 0x32 /* 2 */ && data.length === 1) {
    sockets[index].send("3");
    return;
  }
  if (c0 === 0x31 /* 1 */ && data.length === 1) anomalies.serverDisconnects++;
}

function openOne(url, index, localAddress) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      localAddress,
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: 60_000,
    });
    sockets[index] = ws;
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    ws._benchOnReady = () => done(true);
    ws.on("open", () => ws.send("40"));
    ws.on("message", (data) => onFrame(index, data));
    ws.on("error", (err) => {
      anomalies.errors++;
      anomalies.firstError ??= String(err?.message ?? err);
      done(false);
    });
    ws.on("close", () => {
      if (!closing) anomalies.unexpectedCloses++;
      done(false);
    });
  });
}

async function connectAll({ url, count, concurrency, localAddresses }) {
  closing = false;
  anomalies.errors = 0;
  anomalies.unexpectedCloses = 0;
  anomalies.serverDisconnects = 0;
  anomalies.firstError = null;
  sockets = new Array(count);
  counts = new Int32Array(count);
  readyCount = 0;
  joinedCount = 0;
  target = 0;
  reachedCount = 0;
  sample = null;
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  async function lane() {
    while (next < count) {
      const i = next++;
      const ok = await openOne(url, i, localAddresses[i % localAddresses.length]);
      if (!ok) failed++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  send({ type: "connected", ready: readyCount, failed, ms, anomalies });
}

function joinAll(room) {
  const frame = `420${JSON.stringify(["join", room])}`;
  for (const ws of sockets) ws.send(frame);
}

function setTarget(value) {
  target = value;
  reachedCount = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] >= target) reachedCount++;
  if (reachedCount === sockets.length) {
    send({ type: "reached", target });
  } else {
    waitingTarget = true;
  }
}

function report() {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const c of counts) {
    sum += c;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  let open = 0;
  for (const ws of sockets) if (ws && ws.readyState === WebSocket.OPEN) open++;
  send({
    type: "report",
    sockets: sockets.length,
    open,
    sum,
    min: counts.length ? min : 0,
    max: counts.length ? max : 0,
    sample: sample ? sample.toString() : null,
    anomalies,
  });
}

function closeAll() {
  closing = true;
  for (const ws of sockets) {
    if (ws) ws.terminate();
  }
  sockets = [];
  counts = new Int32Array(0);
  send({ type: "closed" });
}

process.on("message", (m) => {
  switch (m.type) {
    case "connect":
      connectAll(m);
      break;
    case "join":
      joinAll(m.room);
      break;
    case "target":
      setTarget(m.value);
      break;
    case "report":
      report();
      break;
    case "close":
      closeAll();
      break;
    case "exit":
      closing = true;
      for (const ws of sockets) ws?.terminate();
      process.exit(0);
      break;
    default:
      break;
  }
});

// If the driver dies, do not linger.
process.on("disconnect", () => process.exit(0));
send({ type: "hello", pid: process.pid });

// Client process of slow-consumer.mjs: a share of the ~1000 well-behaved
// kitchen screens, as raw `ws` Socket.IO clients (no socket.io-client: the
// generator must stay light). Each logs in with its token in the CONNECT
// packet, joins the kitchen, answers pings, and records when each order
// event arrives. The driver puts the time it sent the order into the first
// item's notes ("t:<ms since the epoch>"), so the worker never parses more
// than the event name and that field.
//
//   driver → worker                          worker → driver
//   {type:"connect", url, count, token, …}   {type:"connected", ready, joined, failed}
//   {type:"report"}                          {type:"report", events, perSocket, anomalies}
//   {type:"exit"}

import process from "node:process";
import WebSocket from "ws";

const now = () => performance.timeOrigin + performance.now();

let sockets = [];
let counts = new Int32Array(0); // order events per socket
// key "event orderId" → {event, orderId, sent, times: number[]}; the driver
// assigns each to the phase in which it sent the order.
let events = new Map();
const anomalies = { errors: 0, closes: 0, serverDisconnects: 0, firstError: null };
let exiting = false;

const NOTE = Buffer.from('"notes":"t:');

function onFrame(index, data) {
  const c0 = data[0];
  if (c0 === 0x32 /* 2: ping */ && data.length === 1) {
    sockets[index].send("3");
    return;
  }
  if (c0 !== 0x34 /* 4 */) return;
  const c1 = data[1];
  if (c1 === 0x32 /* 2: EVENT */) {
    const at = now();
    // 42["order:created",{…"items":[{…"notes":"t:1796…","status"…
    const q = data.indexOf(0x22, 4); // end of the event name
    const event = data.toString("latin1", 4, q);
    if (event !== "order:created" && event !== "order:new") return;
    const note = data.indexOf(NOTE, q);
    if (note === -1) return;
    const start = note + NOTE.length;
    const end = data.indexOf(0x22, start);
    const sent = Number(data.toString("latin1", start, end));
    const idAt = data.indexOf('"orderId":', q) + 10;
    let orderId = 0;
    for (let i = idAt; data[i] >= 0x30 && data[i] <= 0x39; i++) orderId = orderId * 10 + data[i] - 0x30;
    const key = `${event} ${orderId}`;
    let e = events.get(key);
    if (!e) {
      e = { event, orderId, sent, times: [] };
      events.set(key, e);
    }
    e.times.push(at);
    counts[index]++;
    return;
  }
  if (c1 === 0x30 && data[2] === 0x7b /* 40{ CONNECT reply */) {
    sockets[index]._onReady?.();
    return;
  }
  if (c1 === 0x34 /* 44: CONNECT_ERROR */) {
    anomalies.firstError ??= data.toString();
    sockets[index]._onReady?.(false);
    return;
  }
  if (c1 === 0x33 && data[2] === 0x30 /* 430 join ack */) {
    sockets[index]._onJoined?.(data.includes('"ok":true'));
    return;
  }
  if (c1 === 0x31) anomalies.serverDisconnects++;
}

function openOne(url, index, token, localAddress) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress, perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 60_000 });
    sockets[index] = ws;
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    ws._onReady = (ok = true) => {
      if (!ok) return done(false);
      ws._onJoined = (joined) => done(joined);
      ws.send('420["join:kitchen"]');
    };
    ws.on("open", () => ws.send(`40${JSON.stringify({ token })}`));
    ws.on("message", (data) => onFrame(index, data));
    ws.on("error", (err) => {
      anomalies.errors++;
      anomalies.firstError ??= String(err?.message ?? err);
      done(false);
    });
    ws.on("close", () => {
      if (!exiting) anomalies.closes++;
      done(false);
    });
  });
}

async function connectAll({ url, count, token, localAddress, concurrency }) {
  sockets = new Array(count);
  counts = new Int32Array(count);
  let next = 0;
  let joined = 0;
  let failed = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      if (await openOne(url, i, token, localAddress)) joined++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  process.send({ type: "connected", joined, failed, anomalies });
}

function report() {
  let open = 0;
  for (const ws of sockets) if (ws?.readyState === WebSocket.OPEN) open++;
  let min = Infinity;
  let max = -Infinity;
  for (const c of counts) {
    min = Math.min(min, c);
    max = Math.max(max, c);
  }
  process.send({
    type: "report",
    sockets: sockets.length,
    open,
    minEvents: min,
    maxEvents: max,
    events: [...events.values()].map((e) => ({ ...e, times: Float64Array.from(e.times) })),
    anomalies,
  });
  events = new Map();
}

process.on("message", (m) => {
  if (m.type === "connect") connectAll(m);
  else if (m.type === "report") report();
  else if (m.type === "exit") {
    exiting = true;
    for (const ws of sockets) ws?.terminate();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "hello", pid: process.pid });

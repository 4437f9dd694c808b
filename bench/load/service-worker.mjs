// Client process of service.mjs: a share of the restaurants' screens (kitchen
// displays, waiter phones, table displays) as raw `ws` Socket.IO clients, light
// enough that a few processes hold thousands. Each screen sends its token in
// the CONNECT packet, joins its app's room, answers pings, and files every
// event it gets under deliveryKey(event, orderId[, status]) with its arrival
// time; it reads no more of a frame than that. It also keeps the first payload
// of each event (its shape, for comparing the servers), and does or counts the
// REST reads its app would make on an event (service-app-reads.mjs: only the
// fallbacks, as the apps apply the payloads).
//
//   driver → worker                                   worker → driver
//   {type:"connect", base, screens, statusKeyed, …}    {type:"connected", joined, failed, firstError}
//   {type:"mark"}                                      {type:"mark", frames, statsFrames, reads, cpu}
//   {type:"report"}                                    {type:"report", arrivals, shapes, reads, anomalies}
//   {type:"exit"}

import http from "node:http";
import process from "node:process";
import WebSocket from "ws";

import { appReads } from "./service-app-reads.mjs";
import { deliveryKey } from "./service-plan.mjs";

const now = () => performance.timeOrigin + performance.now();

let screens = [];
let statusKeyed = new Set();
let doReads = false;
let readAgent = null;
let base = "";
/** key → [screenId, arrival, screenId, arrival, …] */
const arrivals = new Map();
const shapes = {};
let frames = 0;
let statsFrames = 0;
const reads = { owed: 0, sent: 0, failed: 0, firstFailure: null, latencies: [] };
const anomalies = { errors: 0, closes: 0, serverDisconnects: 0, unparsed: 0, firstError: null };
let exiting = false;

const ORDER_ID = Buffer.from('"orderId":');
const STATUS = Buffer.from('"status":"');

/**
 * Keys at every level, in order: what "the same payload shape" compares. Values
 * are left out (null or not, one allergen or none depend on the order), and a
 * list is the shape of its first object.
 */
function shape(value) {
  if (Array.isArray(value)) return value.some((v) => v && typeof v === "object") ? [shape(value.find((v) => v && typeof v === "object"))] : "list";
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return "value";
}

const numberAt = (data, at) => {
  let n = 0;
  for (let i = at; data[i] >= 0x30 && data[i] <= 0x39; i++) n = n * 10 + data[i] - 0x30;
  return n;
};

function onEvent(screen, data) {
  const at = now();
  frames++;
  // 42["order:created",{…"orderId":12,…},"5.0"]
  const nameEnd = data.indexOf(0x22, 4);
  const event = data.toString("latin1", 4, nameEnd);
  if (!(event in shapes)) {
    try {
      shapes[event] = shape(JSON.parse(data.toString("utf8", 2))[1]);
    } catch {
      anomalies.unparsed++;
    }
  }
  if (event === "kitchen:stats_update") {
    statsFrames++;
    return;
  }
  const idAt = data.indexOf(ORDER_ID, nameEnd);
  if (idAt === -1) return;
  const orderId = numberAt(data, idAt + ORDER_ID.length);
  let status;
  if (statusKeyed.has(event)) {
    const s = data.indexOf(STATUS, nameEnd) + STATUS.length;
    status = data.toString("latin1", s, data.indexOf(0x22, s));
  }
  const key = deliveryKey(event, orderId, status);
  let list = arrivals.get(key);
  if (!list) arrivals.set(key, (list = []));
  list.push(screen.id, at);
  const readPath = appReads[screen.kind].readOn(screen, event, orderId, data, nameEnd);
  if (readPath) read(screen, readPath);
}

function read(screen, path) {
  reads.owed++;
  if (!doReads) return;
  reads.sent++;
  const started = now();
  const req = http.get(`${base}${path}`, { agent: readAgent, headers: { authorization: `Bearer ${screen.token}` }, timeout: 30_000 }, (res) => {
    res.resume();
    res.on("end", () => {
      if (res.statusCode === 200) reads.latencies.push(now() - started);
      else {
        reads.failed++;
        reads.firstFailure ??= `${res.statusCode} GET ${path}`;
      }
    });
  });
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", (err) => {
    reads.failed++;
    reads.firstFailure ??= `${err.message} GET ${path}`;
  });
}

const joinCommand = (screen) =>
  ({
    kitchen: '420["join:kitchen"]',
    waiter: '420["join:waiters"]',
    table: `420["join:table",${JSON.stringify({ tableId: screen.tableId })}]`,
  })[screen.kind];

function open(url, screen) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 30_000 });
    screen.ws = ws;
    let settled = false;
    const done = (ok) => {
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    ws.on("open", () => ws.send(`40${JSON.stringify({ token: screen.token })}`));
    ws.on("message", (data) => {
      const c0 = data[0];
      if (c0 === 0x32 /* 2: ping */) return ws.send("3");
      if (c0 !== 0x34) return;
      const c1 = data[1];
      if (c1 === 0x32 /* 42 EVENT */) return onEvent(screen, data);
      if (c1 === 0x30 /* 40 CONNECT reply */) return ws.send(joinCommand(screen));
      if (c1 === 0x33 /* 43 ACK */) {
        const ok = data.includes('"ok":true');
        if (!ok) anomalies.firstError ??= data.toString("utf8", 0, 300);
        return done(ok);
      }
      if (c1 === 0x34 /* 44 CONNECT_ERROR */) {
        anomalies.firstError ??= data.toString("utf8", 0, 300);
        return done(false);
      }
      if (c1 === 0x31 /* 41 DISCONNECT */) anomalies.serverDisconnects++;
    });
    // An error or a close before the join fails the screen; after it, both count as anomalies.
    const lost = (err) => {
      if (err) [anomalies.errors, anomalies.firstError] = [anomalies.errors + 1, anomalies.firstError ?? String(err.message ?? err)];
      else if (!exiting) anomalies.closes++;
      done(false);
    };
    ws.on("error", lost);
    ws.on("close", () => lost(null));
  });
}

async function connectAll(m) {
  base = m.base;
  screens = m.screens;
  statusKeyed = new Set(m.statusKeyed);
  doReads = m.appReads;
  readAgent = new http.Agent({ keepAlive: true, maxSockets: m.readConnections });
  const url = `${m.base.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
  let next = 0;
  let joined = 0;
  const lane = async () => {
    while (next < screens.length) if (await open(url, screens[next++])) joined++;
  };
  await Promise.all(Array.from({ length: Math.min(m.concurrency, screens.length) }, lane));
  process.send({ type: "connected", joined, failed: screens.length - joined, firstError: anomalies.firstError });
}

process.on("message", (m) => {
  if (m.type === "connect") connectAll(m);
  else if (m.type === "mark") process.send({ type: "mark", frames, statsFrames, readsOwed: reads.owed, cpu: process.cpuUsage() });
  else if (m.type === "report") {
    let open = 0;
    for (const s of screens) if (s.ws?.readyState === WebSocket.OPEN) open++;
    process.send({
      type: "report",
      open,
      arrivals: [...arrivals].map(([key, list]) => [key, Float64Array.from(list)]),
      shapes,
      reads: { ...reads, latencies: Float64Array.from(reads.latencies) },
      anomalies,
    });
  } else if (m.type === "exit") {
    exiting = true;
    for (const s of screens) s.ws?.terminate();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "hello", pid: process.pid });

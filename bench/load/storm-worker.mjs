// Client process of the reconnect storm (storm.mjs): holds a share of the
// stock socket.io-client sockets (websocket only, one Engine.IO connection
// each) and reports, per socket, when it reconnected, whether
// `socket.recovered` was true, when it was back in its room and when it had
// every event it missed. Driven over the fork IPC channel.
//
//   driver → worker                       worker → driver
//   {type:"connect", url, clients, …}     {type:"connected", ready, joined, failed, …}
//   {type:"arm", phase}                   (nothing: resets the per-phase state)
//   {type:"warm", orders}                 (nothing: before any storm, "done" = heard these)
//   {type:"expect", orders}               (nothing: the orders every socket must hear)
//   {type:"progress"}                     {type:"progress", disconnected, connected, …}
//   {type:"report"}                       {type:"report", perSocket arrays, totals}
//   {type:"close"}                        {type:"closed"}
//   {type:"exit"}
//
// A socket expects an order when its room gets the order's `order:created`:
// kitchen and waiters every order, table:{t} the orders of table t. Each
// event that carries an offset (the last argument, "<seq>.<n>") is checked
// for order: an offset not above the previous one counts as a duplicate or
// out-of-order delivery.

import process from "node:process";
import { io } from "socket.io-client";

const now = () => performance.timeOrigin + performance.now();

let sockets = []; // {s, room, tableId, state}
let expected = null; // [{orderId, tableId}]
let phase = null;

function newState() {
  return {
    disconnectAt: 0,
    connectAt: 0,
    recovered: false,
    roomAt: 0,
    doneAt: 0,
    rejoinFailed: false,
    attemptAt: 0,
  };
}

function joinArgs(c) {
  if (c.room === "kitchen") return ["join:kitchen"];
  if (c.room === "waiters") return ["join:waiters"];
  return ["join:table", { tableId: c.tableId }];
}

function expects(c, order) {
  return c.room !== "table" || order.tableId === c.tableId;
}

function checkDone(c) {
  const st = c.state;
  if (st.doneAt || !expected || !st.roomAt) return;
  for (const o of expected) if (expects(c, o) && !c.seen.has(o.orderId)) return;
  st.doneAt = now();
}

function onEvent(c, event, args) {
  const last = args[args.length - 1];
  if (typeof last === "string") {
    const m = /^(\d+)\.(\d+)$/.exec(last);
    if (m) {
      const seq = Number(m[1]);
      const n = Number(m[2]);
      c.eventsWithOffset++;
      if (seq < c.lastSeq || (seq === c.lastSeq && n <= c.lastN)) c.outOfOrder++;
      else {
        c.lastSeq = seq;
        c.lastN = n;
      }
    }
    // socket.io's own offsets (the peer) are opaque strings: count, not order.
    else c.eventsWithOffset++;
  }
  if (event === "order:created" && args[0] && typeof args[0].orderId === "number") {
    if (c.seen.has(args[0].orderId)) c.duplicates++;
    c.seen.add(args[0].orderId);
    if (phase && !c.state.connectAt && c.state.disconnectAt) c.replayedBeforeConnect++;
    checkDone(c);
  }
}

function join(c, onDone) {
  const [event, payload] = joinArgs(c);
  const ack = (err, res) => {
    if (err || !res?.ok) {
      c.state.rejoinFailed = true;
      onDone?.(false);
      return;
    }
    onDone?.(true);
  };
  if (payload === undefined) c.s.timeout(60_000).emit(event, ack);
  else c.s.timeout(60_000).emit(event, payload, ack);
}

function makeSocket(url, client, opts) {
  const c = {
    room: client.room,
    tableId: client.tableId,
    seen: new Set(),
    lastSeq: -1,
    lastN: -1,
    eventsWithOffset: 0,
    outOfOrder: 0,
    duplicates: 0,
    replayedBeforeConnect: 0,
    initialJoined: false,
    attempts: 0,
    connectErrors: 0,
    state: newState(),
  };
  const s = io(url, {
    forceNew: true,
    transports: ["websocket"],
    auth: { token: client.token },
    reconnectionDelay: opts.reconnectionDelay,
    reconnectionDelayMax: opts.reconnectionDelayMax,
    randomizationFactor: opts.randomizationFactor,
    timeout: 20_000,
    localAddress: opts.localAddress,
  });
  c.s = s;
  s.onAny((event, ...args) => onEvent(c, event, args));
  s.on("disconnect", () => {
    if (phase && !c.state.disconnectAt) c.state.disconnectAt = now();
  });
  s.io.on("reconnect_attempt", () => {
    c.attempts++;
    if (phase && !c.state.connectAt) c.state.attemptAt = now();
  });
  s.on("connect_error", () => c.connectErrors++);
  s.on("connect", () => {
    if (!c.initialJoined) {
      // First connection: join the room once.
      join(c, (ok) => {
        c.initialJoined = ok;
        c.initialResolve?.(ok);
      });
      return;
    }
    const st = c.state;
    if (!phase || st.connectAt) return;
    st.connectAt = now();
    st.recovered = s.recovered === true;
    if (st.recovered) {
      st.roomAt = st.connectAt;
      checkDone(c);
    } else {
      // What @brigade/client does when a session is not recovered: join again.
      join(c, (ok) => {
        if (!ok) return;
        st.roomAt = now();
        checkDone(c);
      });
    }
  });
  return c;
}

async function connectAll(m) {
  sockets = [];
  expected = null;
  phase = null;
  let next = 0;
  let failed = 0;
  const t0 = now();
  const lane = async () => {
    while (next < m.clients.length) {
      const i = next++;
      const c = makeSocket(m.url, m.clients[i], m);
      sockets.push(c);
      const ok = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 60_000);
        c.initialResolve = (v) => {
          clearTimeout(timer);
          resolve(v);
        };
      });
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(m.concurrency, m.clients.length) }, lane));
  process.send({
    type: "connected",
    ready: sockets.filter((c) => c.s.connected).length,
    joined: sockets.filter((c) => c.initialJoined).length,
    failed,
    ms: now() - t0,
  });
}

function progress() {
  let disconnected = 0;
  let connected = 0;
  let recovered = 0;
  let inRoom = 0;
  let done = 0;
  let open = 0;
  for (const c of sockets) {
    const st = c.state;
    if (st.disconnectAt) disconnected++;
    if (st.connectAt) connected++;
    if (st.recovered) recovered++;
    if (st.roomAt) inRoom++;
    if (st.doneAt) done++;
    if (c.s.connected) open++;
  }
  return { type: "progress", sockets: sockets.length, disconnected, connected, recovered, inRoom, done, open };
}

function report() {
  const n = sockets.length;
  const arr = (f) => sockets.map((c) => f(c));
  let expectedOrders = 0;
  let heardOrders = 0;
  for (const c of sockets) {
    if (!expected) break;
    for (const o of expected) {
      if (!expects(c, o)) continue;
      expectedOrders++;
      if (c.seen.has(o.orderId)) heardOrders++;
    }
  }
  const sum = (f) => sockets.reduce((a, c) => a + f(c), 0);
  process.send({
    ...progress(),
    type: "report",
    n,
    disconnectAt: arr((c) => c.state.disconnectAt),
    connectAt: arr((c) => c.state.connectAt),
    attemptAt: arr((c) => c.state.attemptAt),
    roomAt: arr((c) => c.state.roomAt),
    doneAt: arr((c) => c.state.doneAt),
    expectedOrders,
    heardOrders,
    replayedBeforeConnect: sum((c) => c.replayedBeforeConnect),
    rejoinFailed: sum((c) => (c.state.rejoinFailed ? 1 : 0)),
    outOfOrder: sum((c) => c.outOfOrder),
    duplicates: sum((c) => c.duplicates),
    withoutOffset: sum((c) => (c.eventsWithOffset === 0 ? 1 : 0)),
    attempts: sum((c) => c.attempts),
    connectErrors: sum((c) => c.connectErrors),
  });
}

process.on("message", (m) => {
  switch (m.type) {
    case "connect":
      connectAll(m);
      break;
    case "arm":
      phase = m.phase;
      expected = null;
      for (const c of sockets) {
        c.state = newState();
        c.replayedBeforeConnect = 0;
        c.outOfOrder = 0;
        c.duplicates = 0;
        c.attempts = 0;
        c.connectErrors = 0;
      }
      break;
    case "expect":
      expected = m.orders;
      for (const c of sockets) checkDone(c);
      break;
    case "warm":
      // Before any storm: "done" once every socket heard its orders.
      phase = null;
      expected = m.orders;
      for (const c of sockets) {
        c.state = newState();
        c.state.roomAt = 1;
        checkDone(c);
      }
      break;
    case "progress":
      process.send(progress());
      break;
    case "report":
      report();
      break;
    case "close":
      for (const c of sockets) c.s.disconnect();
      sockets = [];
      process.send({ type: "closed" });
      break;
    case "exit":
      for (const c of sockets) c.s.disconnect();
      process.exit(0);
      break;
    default:
      break;
  }
});

process.on("disconnect", () => process.exit(0));
process.send({ type: "hello", pid: process.pid });

#!/usr/bin/env node
// Reference peer for the integration suite: the `brigade conformance` server
// rebuilt on npm socket.io 4.8 / engine.io 6.6. Two jobs:
//  1. it lets the integration tests be validated against the implementation
//     the protocol comes from (BRIGADE_PEER=node), before and beside the C++
//     server;
//  2. it is the executable statement of what `brigade conformance` does. If
//     the C++ server and this file disagree, one of them is wrong.
//
// Same CLI and same single stdout line as the C++ subcommand:
//   node reference-server.mjs [--host 127.0.0.1] [--port 3000]
//        [--ping-interval MS] [--ping-timeout MS] [--max-outbound-bytes N]
//        [--connect-timeout MS] [--cors-origin ORIGIN ...]
//        [--handshake-rate N] [--handshake-burst N]
//        [--event-rate N] [--event-burst N] [--max-refused-events N]
//   → "brigade conformance listening on http://HOST:PORT"
//
// Behaviour on /socket.io/ (see tests/integration/*.test.mjs for the checks):
//   "/"        emits `auth` (handshake auth) on connection; message →
//              message-back; message-with-ack → ack(...args); join/leave →
//              ack {ok:true}; broadcast(room, payload, {except}) → `msg` to the
//              room; server-ack(payload, ack) → ping-client with a 500 ms ack
//              timeout; drop-transport → close the Engine.IO connection with no
//              Socket.IO DISCONNECT; disconnect-me → socket.disconnect().
//   "/custom"  emits `auth`; message and message-with-ack as on "/".
//   "/guarded" refuses unless auth.token === "letmein" with CONNECT_ERROR
//              {message:"Authentication error", data:{code:"invalid_token"}};
//              emits `auth` when accepted.
//   other      CONNECT_ERROR {message:"Invalid namespace"} (socket.io default).
// On /engine.io/: a plain Engine.IO server echoing every message.
//
// The outbound queue limit: the C++ server bounds the bytes it holds for a
// connection that is not reading. socket.io has no such knob, so this peer
// approximates it (see enforceOutboundLimit) so that slow-consumer.test.mjs
// can be validated here too. The same goes for the abuse limits (see
// guardRequests and limitEvents; protocol-rate-limits.test.mjs): origins
// outside --cors-origin get 403, new sessions per address over
// --handshake-rate get 429 with Retry-After, and events per connection over
// --event-rate get a rate_limited ack or are dropped.

import http from "node:http";
import process from "node:process";
import { Server as SocketIoServer } from "socket.io";
import { Server as EngineIoServer } from "engine.io";

const usage =
  "usage: reference-server.mjs [--host H] [--port P] [--ping-interval MS] " +
  "[--ping-timeout MS] [--max-outbound-bytes N] [--connect-timeout MS] [--cors-origin O]... " +
  "[--handshake-rate N] [--handshake-burst N] [--event-rate N] [--event-burst N] [--max-refused-events N]";

function parseArgs(argv) {
  const options = {
    host: "127.0.0.1",
    port: 3000,
    pingInterval: 300,
    pingTimeout: 200,
    maxOutboundBytes: 1024 * 1024,
    connectTimeout: 1000,
    corsOrigins: [],
    // The C++ defaults (engineio::config, socketio::config).
    handshakeRate: 10,
    handshakeBurst: 30,
    eventRate: 20,
    eventBurst: 50,
    maxRefusedEvents: 100,
  };
  const decimal = {
    "--handshake-rate": "handshakeRate",
    "--handshake-burst": "handshakeBurst",
    "--event-rate": "eventRate",
    "--event-burst": "eventBurst",
  };
  const numeric = {
    "--port": "port",
    "--ping-interval": "pingInterval",
    "--ping-timeout": "pingTimeout",
    "--max-outbound-bytes": "maxOutboundBytes",
    "--connect-timeout": "connectTimeout",
    "--max-refused-events": "maxRefusedEvents",
  };
  // The C++ binary is invoked as `brigade conformance ...`; accept the
  // subcommand word too so both can be driven with identical argv.
  const args = argv[0] === "conformance" ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    let flag = args[i];
    let value;
    const eq = flag.indexOf("=");
    if (eq !== -1) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else {
      value = args[++i];
    }
    if (value === undefined) fail(`missing value for ${flag}`);
    if (flag === "--host") {
      options.host = value;
    } else if (flag in numeric) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) fail(`${flag} needs a non-negative integer, got ${value}`);
      options[numeric[flag]] = n;
    } else if (flag in decimal) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) fail(`${flag} needs a non-negative number, got ${value}`);
      options[decimal[flag]] = n;
    } else if (flag === "--cors-origin") {
      options.corsOrigins.push(value);
    } else {
      fail(`unknown option ${flag}`);
    }
  }
  if (options.corsOrigins.length === 0) options.corsOrigins = ["*"];
  return options;
}

function fail(message) {
  process.stderr.write(`reference-server: ${message}\n${usage}\n`);
  process.exit(2);
}

const options = parseArgs(process.argv.slice(2));

const httpServer = http.createServer();

const engineOptions = {
  pingInterval: options.pingInterval,
  pingTimeout: options.pingTimeout,
  maxHttpBufferSize: 1_000_000,
  cors: { origin: options.corsOrigins.includes("*") ? "*" : options.corsOrigins },
  // Two Engine.IO servers share one HTTP server: neither may kill upgrades
  // meant for the other.
  destroyUpgrade: false,
};

// ---------------------------------------------------------------- abuse limits

/** A token bucket (http/token_bucket.hpp): `rate` per second up to `burst`; rate 0 = unlimited. */
class TokenBucket {
  constructor(rate, burst, now) {
    this.rate = rate;
    this.burst = Math.max(burst, 1);
    this.tokens = this.burst;
    this.updated = now;
  }
  refill(now) {
    if (now > this.updated) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updated) / 1000) * this.rate);
      this.updated = now;
    }
  }
  tryTake(now) {
    if (this.rate <= 0) return true;
    this.refill(now);
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }
  /** Milliseconds until the next token. */
  waitMs(now) {
    this.refill(now);
    return this.rate <= 0 ? 0 : Math.max(0, ((1 - this.tokens) / this.rate) * 1000);
  }
}

function jsonError(code, message) {
  return JSON.stringify({ error: { code, message } });
}

function originPermitted(origin, host) {
  if (origin === undefined) return true;
  if (options.corsOrigins.includes("*") || options.corsOrigins.includes(origin)) return true;
  const scheme = origin.indexOf("://");
  return scheme !== -1 && host !== undefined && origin.slice(scheme + 3).toLowerCase() === host.toLowerCase();
}

// One handshake limiter per Engine.IO server, as in the C++ server (no
// pruning: this peer only lives for a test file).
const handshakeBuckets = { "/socket.io/": new Map(), "/engine.io/": new Map() };

/** The refusal of a request before Engine.IO sees it, or undefined. */
function refusal(req) {
  const url = new URL(req.url, "http://peer");
  const mount = Object.keys(handshakeBuckets).find((p) => url.pathname.startsWith(p));
  if (!mount || req.method === "OPTIONS") return undefined;
  if (!originPermitted(req.headers.origin, req.headers.host)) {
    return { status: 403, headers: {}, body: jsonError("origin_not_allowed", `Origin not allowed: ${req.headers.origin}`) };
  }
  const transport = url.searchParams.get("transport");
  const handshake =
    ["polling", "websocket"].includes(transport) && url.searchParams.get("EIO") === "4" && !url.searchParams.has("sid");
  if (!handshake || options.handshakeRate <= 0) return undefined;
  const buckets = handshakeBuckets[mount];
  const address = req.socket.remoteAddress ?? "";
  const now = performance.now();
  let bucket = buckets.get(address);
  if (!bucket) buckets.set(address, (bucket = new TokenBucket(options.handshakeRate, options.handshakeBurst, now)));
  if (bucket.tryTake(now)) return undefined;
  const retryAfter = String(Math.max(1, Math.ceil(bucket.waitMs(now) / 1000)));
  const headers = { "Retry-After": retryAfter };
  if (req.headers.origin !== undefined) headers["Access-Control-Allow-Origin"] = req.headers.origin;
  return {
    status: 429,
    headers,
    body: jsonError("rate_limited", `Too many new connections from this address; retry in ${retryAfter} s`),
  };
}

/** Puts `refusal` in front of the Engine.IO servers' request and upgrade listeners. */
function guardRequests(server) {
  for (const event of ["request", "upgrade"]) {
    const engines = server.listeners(event);
    server.removeAllListeners(event);
    server.on(event, (req, resOrSocket, head) => {
      const refused = refusal(req);
      if (!refused) {
        for (const listener of engines) listener.call(server, req, resOrSocket, head);
        return;
      }
      const headers = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(refused.body), ...refused.headers };
      if (event === "request") {
        resOrSocket.writeHead(refused.status, headers);
        resOrSocket.end(refused.body);
        return;
      }
      const reason = http.STATUS_CODES[refused.status];
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      resOrSocket.end(`HTTP/1.1 ${refused.status} ${reason}\r\nConnection: close\r\n${lines.join("")}\r\n${refused.body}`);
    });
  }
}

// Per Engine.IO connection (all its namespaces): the event bucket and the
// abuse window (socketio/event_limiter.hpp).
const eventLimits = new WeakMap();

function limitEvents(socket) {
  const conn = socket.conn;
  let state = eventLimits.get(conn);
  if (!state) {
    state = {
      bucket: new TokenBucket(options.eventRate, options.eventBurst, performance.now()),
      sockets: new Set(),
      refused: 0,
      windowStart: 0,
      abusive: false,
    };
    eventLimits.set(conn, state);
  }
  state.sockets.add(socket);
  socket.on("disconnect", () => state.sockets.delete(socket));
  socket.use((packet, next) => {
    if (state.abusive) return;
    const now = performance.now();
    if (state.bucket.tryTake(now)) return next();
    if (state.refused === 0 || now - state.windowStart >= 10_000) {
      state.windowStart = now;
      state.refused = 0;
    }
    state.refused++;
    if (options.maxRefusedEvents > 0 && state.refused > options.maxRefusedEvents) {
      state.abusive = true;
      process.stderr.write(
        `reference-server: disconnecting ${conn.id}: more than ${options.maxRefusedEvents} events over the rate limit\n`,
      );
      for (const s of [...state.sockets]) s.disconnect();
      const timer = setTimeout(() => conn.close(), 2000);
      conn.once("close", () => clearTimeout(timer));
      return;
    }
    const ack = packet[packet.length - 1];
    if (typeof ack === "function") {
      ack({
        ok: false,
        error: {
          code: "rate_limited",
          message: `Too many events: at most ${options.eventRate} per second`,
          retryAfterMs: Math.max(1, Math.ceil(state.bucket.waitMs(now))),
        },
      });
    }
  });
}

const io = new SocketIoServer(httpServer, {
  ...engineOptions,
  path: "/socket.io/",
  connectTimeout: options.connectTimeout,
  serveClient: false,
});

function echoHandlers(socket) {
  socket.on("message", (...args) => {
    socket.emit("message-back", ...args);
  });
  socket.on("message-with-ack", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });
}

function lastAck(args) {
  return typeof args[args.length - 1] === "function" ? args.pop() : undefined;
}

io.on("connection", (socket) => {
  limitEvents(socket);
  socket.emit("auth", socket.handshake.auth);
  echoHandlers(socket);

  socket.on("join", (...args) => {
    const ack = lastAck(args);
    socket.join(args[0]);
    ack?.({ ok: true });
  });
  socket.on("leave", (...args) => {
    const ack = lastAck(args);
    socket.leave(args[0]);
    ack?.({ ok: true });
  });

  socket.on("broadcast", (room, payload, opts) => {
    let op = io.to(room);
    if (opts && typeof opts === "object" && opts.except !== undefined) {
      op = op.except(opts.except);
    }
    op.emit("msg", payload);
  });

  socket.on("server-ack", (...args) => {
    const ack = lastAck(args);
    socket.timeout(500).emit("ping-client", args[0], (err, reply) => {
      if (err) ack?.({ ok: false, error: "timeout" });
      else ack?.({ ok: true, reply });
    });
  });

  socket.on("drop-transport", () => {
    // Close the Engine.IO session itself: no Socket.IO DISCONNECT packet, so
    // the client sees "transport close" and reconnects.
    socket.conn.close();
  });

  socket.on("disconnect-me", () => {
    socket.disconnect();
  });
});

const custom = io.of("/custom");
custom.on("connection", (socket) => {
  limitEvents(socket);
  socket.emit("auth", socket.handshake.auth);
  echoHandlers(socket);
});

const guarded = io.of("/guarded");
guarded.use((socket, next) => {
  if (socket.handshake.auth?.token === "letmein") return next();
  const err = new Error("Authentication error");
  err.data = { code: "invalid_token" };
  next(err);
});
guarded.on("connection", (socket) => {
  limitEvents(socket);
  socket.emit("auth", socket.handshake.auth);
});

// The approximation of the C++ bounded outbound queue: before each packet is
// queued, count what is still held in user space for this connection (packets
// Engine.IO has not handed to the transport yet plus bytes ws has not handed
// to the kernel); past the limit the connection is cut without flushing.
function packetBytes(packet) {
  const data = packet.data;
  if (data === undefined || data === null) return 1;
  if (typeof data === "string") return Buffer.byteLength(data) + 1;
  return data.byteLength ?? 1;
}

function enforceOutboundLimit(conn, limit) {
  conn.on("packetCreate", (packet) => {
    if (conn.readyState !== "open") return;
    let queued = packetBytes(packet);
    for (const p of conn.writeBuffer) queued += packetBytes(p);
    const ws = conn.transport?.name === "websocket" ? conn.transport.socket : undefined;
    if (ws) queued += ws.bufferedAmount;
    if (queued <= limit) return;
    process.stderr.write(
      `reference-server: outbound queue of ${conn.id} reached ${queued} bytes (limit ${limit}); disconnecting\n`,
    );
    // Nothing more is sent: the pending packets are dropped and the TCP
    // connection closed (what the kernel already holds still drains).
    conn.writeBuffer.length = 0;
    if (ws) ws.terminate();
    else conn.close(true);
  });
}

io.engine.on("connection", (conn) => enforceOutboundLimit(conn, options.maxOutboundBytes));

const eio = new EngineIoServer({ ...engineOptions, path: "/engine.io/" });
eio.attach(httpServer, { path: "/engine.io/", destroyUpgrade: false });
eio.on("connection", (conn) => {
  enforceOutboundLimit(conn, options.maxOutboundBytes);
  conn.on("message", (data) => conn.send(data));
});

guardRequests(httpServer);

httpServer.on("error", (err) => {
  process.stderr.write(`reference-server: ${err.message}\n`);
  process.exit(1);
});

httpServer.listen(options.port, options.host, () => {
  const { port } = httpServer.address();
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  process.stdout.write(`brigade conformance listening on http://${host}:${port}\n`);
});

function shutdown() {
  io.close();
  eio.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

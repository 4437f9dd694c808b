#!/usr/bin/env node
// The specification's own stack, for the `service` benchmark
// (bench/load/service.mjs): Express 4 + socket.io 4.8, with the REST contract
// of docs/api.md and the events of docs/events.md that the benchmark drives —
// login, screens' tokens, the back office's tables, stations, dishes and
// staff, orders through their whole lifecycle, added items, cancellations,
// priorities, and the reads the staff apps make. Kept in memory: no database,
// no durability, nothing survives a restart (Brigade commits every command to
// SQLite with synchronous=FULL before it answers).
//
// As Brigade: a JWT in the handshake's auth.token and in Authorization: Bearer;
// rooms scoped to the restaurant; the events, rooms and payload keys of
// docs/events.md's routing table; kitchen:stats_update throttled per
// restaurant; Socket.IO connection state recovery on (120 s), so every event
// carries its offset and a dropped screen gets what it missed, from memory.
//
//   node bench/peers/express-peer.mjs [--host 127.0.0.1] [--port 0] [--stats-interval-ms 250]
//     JWT secret: BRIGADE_JWT_SECRET (at least 32 characters), else a random one.
//
// Restaurants are made with POST /peer/restaurants {name, timezone, currency,
// manager:{username, name, password}} from loopback, the stand-in for
// `brigade restaurant create --password-stdin --json` (same answer). Prints
// "express-peer listening on http://HOST:PORT" once it accepts connections;
// SIGTERM closes it and exits 0.

import { randomBytes } from "node:crypto";
import http from "node:http";
import process from "node:process";
import { Server } from "socket.io";

import { Catalog } from "./express-peer/catalog.mjs";
import { Orders } from "./express-peer/orders.mjs";
import { Publisher } from "./express-peer/publisher.mjs";
import { restApi } from "./express-peer/rest.mjs";
import { attachSockets } from "./express-peer/sockets.mjs";
import { tokenService } from "./express-peer/tokens.mjs";

const options = { host: "127.0.0.1", port: 0, statsIntervalMs: 250, recoveryWindowMs: 120_000 };
const flags = { "--host": "host", "--port": "port", "--stats-interval-ms": "statsIntervalMs", "--recovery-window-ms": "recoveryWindowMs" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = flags[argv[i]];
  if (!name || argv[i + 1] === undefined) {
    process.stderr.write(`express-peer: unknown option or missing value: ${argv[i]}\n`);
    process.exit(2);
  }
  options[name] = name === "host" ? argv[i + 1] : Number(argv[i + 1]);
}

const secret = process.env.BRIGADE_JWT_SECRET ?? randomBytes(32).toString("hex");
if (secret.length < 32) {
  process.stderr.write("express-peer: BRIGADE_JWT_SECRET needs at least 32 characters\n");
  process.exit(2);
}

const catalog = new Catalog();
const orders = new Orders(catalog);
const tokens = tokenService(secret);
// The usual order: the Express app is the server's request handler before
// socket.io attaches, which then takes /socket.io/ requests for itself.
const app = restApi({ catalog, orders, tokens, publish: (events) => publisher.publish(events), clients: () => io.engine.clientsCount });
const httpServer = http.createServer(app);
const io = new Server(httpServer, {
  path: "/socket.io/",
  serveClient: false,
  connectionStateRecovery: { maxDisconnectionDuration: options.recoveryWindowMs, skipMiddlewares: true },
});
const publisher = new Publisher(io, { statsIntervalMs: options.statsIntervalMs });
attachSockets(io, { tokens, catalog, orders });

httpServer.listen(options.port, options.host, () => {
  process.stdout.write(`express-peer listening on http://${options.host}:${httpServer.address().port}\n`);
});

function shutdown() {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

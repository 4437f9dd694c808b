#!/usr/bin/env node
// Node socket.io 4.8 peer for the reconnect storm (storm.mjs --peer): stock
// socket.io with `connectionStateRecovery` on, the same rooms and room
// commands as `brigade serve` (join:kitchen, join:waiters, join:table
// {tableId}, acks {ok, room}) and one REST route that announces an order the
// way Brigade's routing table does:
//
//   POST /api/orders {tableId, items}  → 201 {id}
//     order:created → kitchen, waiters, table:{tableId}
//     order:new     → kitchen
//
// socket.io appends the offset to every broadcast and keeps the sessions of
// disconnected sockets for maxDisconnectionDuration (the same 120 s as
// Brigade's default --recovery-window) — in this process's memory, which is
// what a restart loses. No database, no token check (any auth is accepted),
// so the peer does strictly less work per connection than Brigade.
//
//   node bench/load/storm-peer.mjs --port 8123 [--host 127.0.0.1] [--first-order-id N]
//
// Prints "storm-peer listening on http://HOST:PORT" when it accepts
// connections. SIGTERM: io.close() (every client is told the transport
// closed and reconnects), then exit 0.

import http from "node:http";
import process from "node:process";
import { Server } from "socket.io";

const options = { host: "127.0.0.1", port: 0, firstOrderId: 1, recoveryWindowMs: 120_000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (value === undefined) fail(`missing value for ${flag}`);
  if (flag === "--host") options.host = value;
  else if (flag === "--port") options.port = Number(value);
  else if (flag === "--first-order-id") options.firstOrderId = Number(value);
  else if (flag === "--recovery-window-ms") options.recoveryWindowMs = Number(value);
  else fail(`unknown option ${flag}`);
}

function fail(message) {
  process.stderr.write(`storm-peer: ${message}\n`);
  process.exit(2);
}

let nextOrderId = options.firstOrderId;

const httpServer = http.createServer((req, res) => {
  const reply = (status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  if (req.method === "GET" && req.url === "/healthz") return reply(200, { status: "ok", clients: io.engine.clientsCount });
  if (req.method !== "POST" || req.url !== "/api/orders") return reply(404, { error: { code: "not_found" } });
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      return reply(400, { error: { code: "invalid_json" } });
    }
    const tableId = parsed.tableId;
    if (!Number.isInteger(tableId) || tableId < 1) return reply(400, { error: { code: "validation", field: "tableId" } });
    const orderId = nextOrderId++;
    const items = (parsed.items ?? []).map((item, i) => ({
      itemId: orderId * 100 + i,
      menuItemId: item.menuItemId,
      name: `item ${item.menuItemId}`,
      quantity: item.quantity,
      unitPrice: 9.5,
      notes: item.notes ?? null,
      status: "pending",
    }));
    const order = { orderId, tableId, orderNumber: `A-${String(orderId).padStart(4, "0")}`, status: "pending", totalAmount: 9.5, finalAmount: 9.5, items };
    io.to(["kitchen", "waiters", `table:${tableId}`]).emit("order:created", order);
    io.to("kitchen").emit("order:new", { orderId, tableId, orderNumber: order.orderNumber, status: "pending", items });
    reply(201, { id: orderId });
  });
});

const io = new Server(httpServer, {
  path: "/socket.io/",
  serveClient: false,
  cors: { origin: "*" },
  connectionStateRecovery: { maxDisconnectionDuration: options.recoveryWindowMs, skipMiddlewares: true },
});

io.use((socket, next) => next()); // any token: the peer checks nothing

io.on("connection", (socket) => {
  const join = (room) => (payload, ack) => {
    if (typeof payload === "function") [payload, ack] = [undefined, payload];
    let name = room;
    if (room === "table") {
      const tableId = payload?.tableId;
      if (!Number.isInteger(tableId) || tableId < 1) {
        if (typeof ack === "function") ack({ ok: false, error: { code: "validation", field: "tableId" } });
        return;
      }
      name = `table:${tableId}`;
    }
    socket.join(name);
    if (typeof ack === "function") ack({ ok: true, room: name });
  };
  socket.on("join:kitchen", join("kitchen"));
  socket.on("join:waiters", join("waiters"));
  socket.on("join:table", join("table"));
});

httpServer.listen(options.port, options.host, () => {
  process.stdout.write(`storm-peer listening on http://${options.host}:${httpServer.address().port}\n`);
});

function shutdown() {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

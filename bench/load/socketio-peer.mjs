#!/usr/bin/env node
// Plain socket.io 4.8 peer for the load benchmark (`--server node-plain`).
//
// Same CLI, same stdout line and the same "/" behaviour the load benchmark
// uses as tests/integration/support/reference-server.mjs (auth emit on
// connection, join → ack {ok:true}, broadcast → `msg` to the room), but
// WITHOUT the reference peer's outbound-queue approximation: that hook runs
// on every packet and walks the connection's whole unsent write buffer, so in
// a burst its cost grows with the burst length. It exists only to let the
// slow-consumer test run against Node; stock socket.io has no such work.
// Measuring both shows what the hook costs and what socket.io itself costs.

import http from "node:http";
import process from "node:process";
import { Server } from "socket.io";

const options = { host: "127.0.0.1", port: 3000, pingInterval: 25000, pingTimeout: 20000, connectTimeout: 45000 };
const numeric = {
  "--port": "port",
  "--ping-interval": "pingInterval",
  "--ping-timeout": "pingTimeout",
  "--connect-timeout": "connectTimeout",
  "--max-outbound-bytes": null, // accepted and ignored: stock socket.io has no such limit
};
const args = process.argv[2] === "conformance" ? process.argv.slice(3) : process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  if (value === undefined) fail(`missing value for ${flag}`);
  if (flag === "--host") options.host = value;
  else if (flag in numeric) {
    if (numeric[flag]) options[numeric[flag]] = Number(value);
  } else fail(`unknown option ${flag}`);
}

function fail(message) {
  process.stderr.write(`socketio-peer: ${message}\n`);
  process.exit(2);
}

const httpServer = http.createServer();
const io = new Server(httpServer, {
  path: "/socket.io/",
  pingInterval: options.pingInterval,
  pingTimeout: options.pingTimeout,
  connectTimeout: options.connectTimeout,
  maxHttpBufferSize: 1_000_000,
  cors: { origin: "*" },
  serveClient: false,
});

io.on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack({ ok: true });
  });
  socket.on("leave", (room, ack) => {
    socket.leave(room);
    if (typeof ack === "function") ack({ ok: true });
  });
  socket.on("broadcast", (room, payload) => {
    io.to(room).emit("msg", payload);
  });
});

httpServer.listen(options.port, options.host, () => {
  process.stdout.write(`brigade conformance listening on http://${options.host}:${httpServer.address().port}\n`);
});

function shutdown() {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// Namespace multiplexing: "/" and "/custom" share one Engine.IO connection
// and their events stay apart.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  connected,
  openManager,
  parseOpenPacket,
  RawEngineSocket,
  Recorder,
  socketIoPacketOf,
  waitFor,
} from "./support/clients.mjs";
import { startServer } from "./support/server.mjs";

const server = await startServer();

test("socket.io-client: / and /custom over one Manager share one Engine.IO session", { timeout: 10_000 }, async (t) => {
  const manager = openManager(t, server.url, { transports: ["websocket"] });
  let engineOpens = 0;
  manager.on("open", () => engineOpens++);
  const root = manager.socket("/");
  const custom = manager.socket("/custom", { auth: { who: "custom" } });
  const rootAuth = waitFor(root, "auth");
  const customAuth = waitFor(custom, "auth");
  root.connect();
  custom.connect();
  await Promise.all([connected(root), connected(custom)]);

  // The server accepted both and ran each namespace's connection handler,
  // with that namespace's own auth object.
  assert.deepEqual((await rootAuth)[0], {});
  assert.deepEqual((await customAuth)[0], { who: "custom" });
  assert.equal(engineOpens, 1, "one Engine.IO handshake");
  assert.equal(root.io.engine.id, custom.io.engine.id);
  assert.notEqual(root.id, custom.id, "each namespace socket has its own id");

  // Events on each namespace are independent.
  const rootBacks = new Recorder(root, "message-back");
  const customBacks = new Recorder(custom, "message-back");
  custom.emit("message", "to custom");
  root.emit("message", "to root");
  custom.emit("message", "custom sentinel");
  root.emit("message", "root sentinel");
  await rootBacks.untilFirstArg("root sentinel");
  await customBacks.untilFirstArg("custom sentinel");
  assert.deepEqual(rootBacks.firsts, ["to root", "root sentinel"]);
  assert.deepEqual(customBacks.firsts, ["to custom", "custom sentinel"]);
  assert.equal(await custom.emitWithAck("message-with-ack", "c"), "c");
  assert.equal(await root.emitWithAck("message-with-ack", "r"), "r");

  // /custom has no join handler: a join sent there gets no ack.
  await assert.rejects(custom.timeout(200).emitWithAck("join", "room"));

  // Leaving one namespace keeps the other (and the session) alive.
  custom.disconnect();
  assert.equal(await root.emitWithAck("message-with-ack", "still"), "still");
  assert.equal(root.connected, true);
});

test("wire level: one WebSocket carries CONNECT and events for two namespaces", { timeout: 10_000 }, async (t) => {
  const raw = await RawEngineSocket.open(t, server.url);
  const open = parseOpenPacket((await raw.frame((m) => typeof m === "string" && m.startsWith("0"))).msg);
  assert.equal(typeof open.sid, "string");

  raw.send("40");
  raw.send('40/custom,{"k":"v"}');

  const packets = () => raw.messages.map(socketIoPacketOf).filter(Boolean);
  const waitPacket = (pred, what) =>
    raw.frame((m) => {
      const p = socketIoPacketOf(m);
      return p !== undefined && pred(p);
    }, { what });

  const rootConnect = (await waitPacket((p) => p.type === 0 && p.nsp === "/", "CONNECT /")).msg;
  const customConnect = (await waitPacket((p) => p.type === 0 && p.nsp === "/custom", "CONNECT /custom")).msg;
  const rootSid = socketIoPacketOf(rootConnect).data.sid;
  const customSid = socketIoPacketOf(customConnect).data.sid;
  assert.equal(typeof rootSid, "string");
  assert.equal(typeof customSid, "string");
  assert.notEqual(rootSid, customSid);
  assert.notEqual(rootSid, open.sid, "the Socket.IO id is not the Engine.IO session id");

  await waitPacket((p) => p.type === 2 && p.nsp === "/" && p.data[0] === "auth", "auth on /");
  await waitPacket((p) => p.type === 2 && p.nsp === "/custom" && p.data[0] === "auth", "auth on /custom");
  const auths = packets().filter((p) => p.type === 2 && p.data[0] === "auth");
  assert.deepEqual(
    auths.map((p) => [p.nsp, p.data[1]]).sort(),
    [
      ["/", {}],
      ["/custom", { k: "v" }],
    ],
  );

  raw.send('42/custom,["message","for custom"]');
  raw.send('42["message","for root"]');
  raw.send('42/custom,17["message-with-ack","acked on custom"]');
  await waitPacket((p) => p.type === 3 && p.nsp === "/custom" && p.id === 17, "ACK 17 on /custom");
  await waitPacket((p) => p.type === 2 && p.nsp === "/" && p.data[0] === "message-back", "message-back on /");

  const events = packets().filter((p) => p.type === 2 && p.data[0] === "message-back");
  assert.deepEqual(
    events.map((p) => [p.nsp, p.data[1]]).sort(),
    [
      ["/", "for root"],
      ["/custom", "for custom"],
    ],
  );
  const ack = packets().find((p) => p.type === 3);
  assert.deepEqual(ack, { type: 3, attachments: 0, nsp: "/custom", id: 17, data: ["acked on custom"] });

  // Disconnecting /custom (client DISCONNECT) leaves "/" working.
  raw.send("41/custom,");
  raw.send('42["message","after custom left"]');
  await waitPacket((p) => p.type === 2 && p.nsp === "/" && p.data[1] === "after custom left", "echo after 41/custom");
  assert.equal(raw.closed, false);
});

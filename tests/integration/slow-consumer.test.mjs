// A client that stops reading must not make the server hold an unbounded
// amount of data for it: past the outbound queue limit the server drops that
// client, keeps serving the others, and its memory stays flat.
//
// The slow client is a hand-written WebSocket over node:net so that it can
// really stop reading (socket.pause() leaves the bytes in the kernel, and the
// kernel's window closes); a socket.io-client keeps flooding the shared room
// and reading its own copies, paced so that its own queue stays short.

import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import net from "node:net";
import { test } from "node:test";
import { connectSocket, Recorder, socketIoPacketOf, waitFor } from "./support/clients.mjs";
import { isNodePeer, startServer } from "./support/server.mjs";

const outboundLimit = 256 * 1024;
const messageBytes = 64 * 1024;
const messageCount = 1500; // 96 MiB in all: more than the RSS bound below
const inFlight = 3; // broadcasts not yet seen back by the sender: 192 KiB < limit
const rssGrowthLimitKiB = 64 * 1024;

// Heartbeats far longer than the test: the slow client never answers pings
// once paused, and the test must see the outbound limit act, not the
// heartbeat.
const server = await startServer([
  "--max-outbound-bytes",
  String(outboundLimit),
  "--ping-interval",
  "30000",
  "--ping-timeout",
  "30000",
  // The flood is 1500 events as fast as the server echoes them: far over
  // the per-connection event rate limit, which is not under test here.
  "--event-rate",
  "0",
]);

/** A minimal RFC 6455 client: upgrade by hand, masked frames out, frames in. */
class HandRolledWebSocket extends EventEmitter {
  static async connect(port, path) {
    const sock = net.connect(port, "127.0.0.1");
    sock.on("error", () => {}); // a reset from the server shows up as 'close'
    await waitFor(sock, "connect");
    const key = randomBytes(16).toString("base64");
    sock.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const ws = new HandRolledWebSocket(sock);
    const head = await ws.upgradeResponse;
    assert.match(head, /^HTTP\/1\.1 101 /);
    const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    assert.match(head, new RegExp(`\\r\\nsec-websocket-accept: *${accept.replace(/[+/=]/g, "\\$&")}\\r\\n`, "i"));
    return ws;
  }

  constructor(sock) {
    super();
    this.sock = sock;
    this.buffer = Buffer.alloc(0);
    this.bytesReceived = 0;
    this.ended = false;
    this.texts = new Recorder(this, "text");
    this.upgradeResponse = new Promise((resolve) => {
      this.resolveUpgrade = resolve;
    });
    this.upgraded = false;
    this.fragments = [];
    sock.on("data", (chunk) => this.onData(chunk));
    sock.on("close", () => {
      this.ended = true;
      this.emit("close");
    });
  }

  onData(chunk) {
    this.bytesReceived += chunk.length;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.upgraded) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      this.upgraded = true;
      this.resolveUpgrade(this.buffer.subarray(0, end + 4).toString("latin1"));
      this.buffer = this.buffer.subarray(end + 4);
    }
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      const masked = (this.buffer[1] & 0x80) !== 0;
      let len = this.buffer[1] & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      assert.equal(masked, false, "server frames must not be masked");
      if (this.buffer.length < offset + len) return;
      const payload = this.buffer.subarray(offset, offset + len);
      this.buffer = this.buffer.subarray(offset + len);
      if (opcode === 0x8) {
        this.emit("close-frame");
      } else if (opcode === 0x9) {
        this.sendFrame(0xa, payload);
      } else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        this.fragments.push(Buffer.from(payload));
        if (opcode !== 0x0) this.fragmentOpcode = opcode;
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = [];
          if (this.fragmentOpcode === 0x1) this.emit("text", whole.toString("utf8"));
        }
      }
    }
  }

  sendFrame(opcode, payload) {
    const mask = randomBytes(4);
    const len = payload.length;
    const header =
      len < 126
        ? Buffer.from([0x80 | opcode, 0x80 | len])
        : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff]);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
    this.sock.write(Buffer.concat([header, mask, body]));
  }

  sendText(text) {
    this.sendFrame(0x1, Buffer.from(text, "utf8"));
  }

  /** Resolves with the first text frame matching `predicate`. */
  async text(predicate, what) {
    await this.texts.until((e) => e.some(([t]) => predicate(t)), { what });
    return this.texts.entries.find(([t]) => predicate(t))[0];
  }
}

test("a client that stops reading is disconnected; the others and the server's memory are unaffected", { timeout: 60_000 }, async (t) => {
  // The slow consumer: joins "flood" by hand, then stops reading.
  const slow = await HandRolledWebSocket.connect(server.port, "/socket.io/?EIO=4&transport=websocket");
  t.after(() => slow.sock.destroy());
  await slow.text((m) => m.startsWith("0{"), "open packet");
  slow.sendText("40");
  await slow.text((m) => socketIoPacketOf(m)?.type === 0, "CONNECT reply");
  slow.sendText('420["join","flood"]');
  const ack = await slow.text((m) => socketIoPacketOf(m)?.type === 3, "join ack");
  assert.deepEqual(socketIoPacketOf(ack), { type: 3, attachments: 0, nsp: "/", id: 0, data: [{ ok: true }] });
  slow.sock.pause();
  const bytesBeforePause = slow.bytesReceived;

  // The well-behaved client floods the room and reads its own copies.
  const normal = await connectSocket(t, server.url, { transports: ["websocket"] });
  assert.deepEqual(await normal.emitWithAck("join", "flood"), { ok: true });
  let received = 0;
  let wake;
  normal.on("msg", (payload) => {
    if (typeof payload === "string" && payload.length === messageBytes) received++;
    wake?.();
  });
  const payload = "f".repeat(messageBytes);

  const rssBefore = isNodePeer ? 0 : server.rssKiB();
  let rssPeak = rssBefore;
  const sampler = isNodePeer
    ? undefined
    : setInterval(() => {
        rssPeak = Math.max(rssPeak, server.rssKiB());
      }, 20);
  t.after(() => clearInterval(sampler));

  // Waits until `condition()` holds, re-checked on every `msg`; fails fast if
  // the normal client is dropped or nothing arrives for 10 s.
  const progress = (condition, what) =>
    new Promise((resolve, reject) => {
      const stalled = () => reject(new Error(`stalled waiting for ${what}: sent ${sent}, received ${received}`));
      let timer = setTimeout(stalled, 10_000);
      const onDisconnect = (reason) => {
        clearTimeout(timer);
        reject(new Error(`the normal client was disconnected (${reason}) after ${received} messages`));
      };
      normal.once("disconnect", onDisconnect);
      wake = () => {
        clearTimeout(timer);
        if (!condition()) {
          timer = setTimeout(stalled, 10_000);
          return;
        }
        wake = undefined;
        normal.off("disconnect", onDisconnect);
        resolve();
      };
      wake();
    });

  let sent = 0;
  while (sent < messageCount) {
    while (sent < messageCount && sent - received < inFlight) {
      normal.emit("broadcast", "flood", payload);
      sent++;
    }
    await progress(() => sent - received < inFlight || sent === messageCount, "the flood to drain");
  }
  await progress(() => received >= messageCount, "the last copies");
  clearInterval(sampler);
  assert.equal(received, messageCount, "the reading client got every broadcast, once");
  if (isNodePeer) {
    t.diagnostic("RSS bound not checked against the Node peer (garbage-collected heap)");
  } else {
    rssPeak = Math.max(rssPeak, server.rssKiB());
    const growth = rssPeak - rssBefore;
    t.diagnostic(`server RSS ${rssBefore} KiB → peak ${rssPeak} KiB (+${growth} KiB) during the flood`);
    assert.ok(growth < rssGrowthLimitKiB, `server RSS grew by ${growth} KiB during the flood`);
  }

  // The slow client resumes: it gets what the kernel still held for it, then
  // the connection ends because the server dropped it long ago.
  const closed = slow.ended ? Promise.resolve() : waitFor(slow, "close", { timeoutMs: 5000 });
  slow.sock.resume();
  await closed;
  const slowBytes = slow.bytesReceived - bytesBeforePause;
  t.diagnostic(`the slow client got ${slowBytes} bytes of the ${messageCount * messageBytes}-byte flood`);
  // It may have received nothing at all: the kernel resets an orphaned
  // socket whose peer keeps its window closed for long (tcp_orphan_retries),
  // which is what a loaded machine and a long flood lead to.
  assert.ok(
    slowBytes < (messageCount * messageBytes) / 2,
    `the slow client got ${slowBytes} bytes: the server kept sending instead of dropping it`,
  );

  // The normal client is still connected and served.
  assert.equal(normal.connected, true);
  const final = waitFor(normal, "msg", { filter: (m) => m === "final" });
  normal.emit("broadcast", "flood", "final");
  await final;
});

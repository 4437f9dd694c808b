// TLS (--tls-cert/--tls-key): the REST API over HTTPS and Socket.IO over
// HTTPS long-polling, WSS, and the upgrade from one to the other, with a
// self-signed certificate made by openssl for the test. Two I/O loops, so that
// upgrades also move a TLS stream from one loop to the other. And the start-up
// refusals for TLS files that cannot work.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";
import { io } from "socket.io-client";

import { tempDir } from "./support/api.mjs";
import { testSecret } from "./support/auth.mjs";
import { waitFor } from "./support/clients.mjs";
import { brigadeBinary, isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

/** A self-signed certificate for localhost and 127.0.0.1, and its key, as files in `dir`. */
function selfSignedCertificate(dir, name = "server") {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { cert, key };
}

let server = null;
let files = null;
let ca = null;
const dir = skip ? null : tempDir("brigade-tls-");
if (!skip) {
  files = selfSignedCertificate(dir);
  ca = readFileSync(files.cert);
  server = await startKitchenServer({
    db: path.join(dir, "tls.db"),
    extraArgs: ["--tls-cert", files.cert, "--tls-key", files.key, "--threads", "2"],
  });
}

/** An HTTPS request trusting only the test's certificate; resolves to {status, body}. */
function httpsJson(method, urlPath, { token, json } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) headers["Content-Type"] = "application/json";
    const req = https.request(`${server.url}${urlPath}`, { method, headers, ca }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on("error", reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

async function loginOverTls(username) {
  const res = await httpsJson("POST", "/api/auth/login", { json: { username, password: `${username}pass` } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token;
}

/** A socket.io-client over TLS with `transports`, connected, in the kitchen room. */
async function kitchenSocket(t, token, transports) {
  const socket = io(server.url, { ca, auth: { token }, transports, forceNew: true, reconnection: false });
  t.after(() => socket.close());
  await waitFor(socket, "connect", { timeoutMs: 5000 });
  if (transports.length > 1 && socket.io.engine.transport.name !== "websocket") {
    await waitFor(socket.io.engine, "upgrade", { timeoutMs: 5000 });
  }
  const joined = await socket.timeout(3000).emitWithAck("join:kitchen");
  assert.equal(joined.ok, true, JSON.stringify(joined));
  return socket;
}

test("the server announces https and answers the REST API over TLS", { skip }, async () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const token = await loginOverTls("waiter1");
  const tables = await httpsJson("GET", "/api/tables", { token });
  assert.equal(tables.status, 200);
  assert.equal(tables.body.tables.length, 12);
  assert.equal((await httpsJson("GET", "/api/tables")).status, 401, "a token is still required");
});

test("plain HTTP on the TLS port gets no answer, and the server keeps serving TLS", { skip }, async () => {
  const reply = await new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1", () => socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => resolve(received));
    socket.on("error", () => {});
  });
  assert.doesNotMatch(reply, /^HTTP\//, "no plaintext HTTP answer");
  assert.equal((await httpsJson("GET", "/healthz")).status, 200);
});

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`socket.io-client over TLS (${transports.join(" then ")}) gets the kitchen's events`, { skip }, async (t) => {
    const waiterToken = await loginOverTls("waiter1");
    const chefToken = await loginOverTls("chef1");
    // Several clients: with two loops some upgrades land on the other loop
    // and move their TLS stream there.
    const sockets = [];
    for (let i = 0; i < 4; i++) sockets.push(await kitchenSocket(t, chefToken, transports));
    for (const socket of sockets) assert.equal(socket.io.engine.transport.name, transports.at(-1));
    const arrivals = sockets.map((socket) => waitFor(socket, "order:new", { timeoutMs: 5000 }));
    const created = await httpsJson("POST", "/api/orders", {
      token: waiterToken,
      json: { tableId: 5, items: [{ menuItemId: 1, quantity: 2 }] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const [payload] of await Promise.all(arrivals)) {
      assert.equal(payload.orderId, created.body.orderId);
      assert.equal(payload.tableId, 5);
    }
  });
}

test("start-up stops with a clear message when the TLS files cannot work", { skip }, () => {
  const other = selfSignedCertificate(dir, "other");
  const start = (args) =>
    spawnSync(brigadeBinary(), ["serve", "--host", "127.0.0.1", "--port", "0", "--db", path.join(dir, "refused.db"),
      "--jwt-secret", testSecret, ...args], { encoding: "utf8", timeout: 10_000 });
  const alone = start(["--tls-cert", files.cert]);
  assert.notEqual(alone.status, 0);
  assert.match(alone.stderr, /--tls-cert and --tls-key go together/);
  const mismatched = start(["--tls-cert", files.cert, "--tls-key", other.key]);
  assert.notEqual(mismatched.status, 0);
  assert.match(mismatched.stderr, /TLS private key .*other\.key \(of certificate .*server\.crt\): .*mismatch/);
  assert.doesNotMatch(mismatched.stderr, /database/, "nothing is opened before the TLS files are checked");
  const notPem = start(["--tls-cert", path.join(dir, "tls.db"), "--tls-key", files.key]);
  assert.notEqual(notPem.status, 0);
  assert.match(notPem.stderr, /TLS certificate .*tls\.db/);
});

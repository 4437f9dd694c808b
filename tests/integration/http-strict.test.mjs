// HTTP/1.1 framing, byte by byte over raw TCP (docs/security.md, "Abuse and
// bad input"): a request head that does not say in exactly one way where its
// body ends (RFC 9112 section 6.3) is answered 400 JSON and its connection
// closed, so no byte of its body is ever served as a second, smuggled
// request; other malformed heads get a 400 JSON too rather than a silent
// close; `Expect: 100-continue` is answered before the body is read.

import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";

import { defaultTimeoutMs } from "./support/clients.mjs";
import { isNodePeer, startServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only: the JSON error bodies are Brigade's";

let port = 0;
let url = "";
if (!skip) {
  // No heartbeat during a test: a poll answers with the echo alone.
  const server = await startServer(["--ping-interval", "20000", "--ping-timeout", "20000"]);
  port = server.port;
  url = server.url;
}

const maxPayload = 1_000_000;
// Served as a request of its own if the server took the body before it for
// empty: a second response would show it.
const smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

/**
 * A raw connection that records every byte received and whether the server
 * closed its side.
 */
class RawConnection {
  static open() {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.text = "";
    this.ended = false;
    this.waiters = new Set();
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => {
      this.text += chunk;
      this.check();
    });
    socket.on("end", () => {
      this.ended = true;
      this.check();
    });
    // The server may reset once it has answered and closed; what arrived counts.
    socket.on("error", () => {
      this.ended = true;
      this.check();
    });
  }

  write(bytes) {
    this.socket.write(Buffer.from(bytes, "latin1"));
  }

  check() {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves once `predicate()` holds; rejects with `what` after the timeout. */
  until(predicate, what, timeoutMs = defaultTimeoutMs) {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.text)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter();
    });
  }

  /** Resolves once the server has closed the connection. */
  closed() {
    return this.until(() => this.ended, "the server to close the connection");
  }

  destroy() {
    this.socket.destroy();
  }
}

/** The final (non-1xx) responses in `text`: {status, headers, body}. */
function responses(text) {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const headEnd = rest.indexOf("\r\n\r\n");
    if (headEnd < 0) break;
    const [statusLine, ...lines] = rest.slice(0, headEnd).split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1]);
    const headers = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    rest = rest.slice(headEnd + 4 + length);
    if (status >= 200) out.push({ status, headers, body });
  }
  return out;
}

/**
 * Sends `bytes` on a fresh connection and asserts that the server answers
 * exactly once, with `status` and a JSON error `code`, then closes.
 * Resolves with everything received.
 */
async function assertRefused(bytes, status, code, what) {
  const conn = await RawConnection.open();
  try {
    conn.write(bytes);
    await conn.closed();
    const answers = responses(conn.text);
    assert.equal(answers.length, 1, `${what}: exactly one response, got ${JSON.stringify(conn.text)}`);
    const [res] = answers;
    assert.equal(res.status, status, `${what}: ${JSON.stringify(conn.text)}`);
    assert.match(res.headers["content-type"] ?? "", /^application\/json/, what);
    assert.equal(res.headers.connection, "close", what);
    const body = JSON.parse(res.body);
    assert.equal(body.error.code, code, what);
    assert.equal(typeof body.error.message, "string", what);
    assert.ok(body.error.message.length > 0, what);
    return conn.text;
  } finally {
    conn.destroy();
  }
}

/** A new long-polling Engine.IO session on /engine.io/ (the echo server); its polling URL path. */
async function pollingSession() {
  const res = await fetch(`${url}/engine.io/?EIO=4&transport=polling`);
  assert.equal(res.status, 200);
  const { sid } = JSON.parse((await res.text()).slice(1));
  return `/engine.io/?EIO=4&transport=polling&sid=${sid}`;
}

test("a Transfer-Encoding that does not end in chunked is refused, and its body is not a request", { skip }, async () => {
  for (const te of ["gzip", "identity", "xchunked", "chunked, identity", "chunked;q=1"]) {
    await assertRefused(
      `POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${te}\r\n\r\n${smuggled}`,
      400,
      "bad_request",
      `Transfer-Encoding: ${te}`,
    );
  }
});

test("Transfer-Encoding with Content-Length is refused, in either order", { skip }, async () => {
  for (const te of ["gzip", "chunked"]) {
    const body = `0\r\n\r\n${smuggled}`;
    const fields = [`Transfer-Encoding: ${te}`, `Content-Length: ${body.length}`];
    for (const order of [fields, [...fields].reverse()]) {
      await assertRefused(
        `POST /x HTTP/1.1\r\nHost: x\r\n${order.join("\r\n")}\r\n\r\n${body}`,
        400,
        "bad_request",
        order.join(" + "),
      );
    }
  }
});

test("a transfer coding before chunked is not implemented", { skip }, async () => {
  await assertRefused(
    `POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    501,
    "not_implemented",
    "gzip, chunked",
  );
});

test("a duplicate or invalid Content-Length is refused", { skip }, async () => {
  const cases = {
    "twice the same": "Content-Length: 0\r\nContent-Length: 0",
    "two values": "Content-Length: 0\r\nContent-Length: 5",
    "a list": "Content-Length: 0, 0",
    "not a number": "Content-Length: abc",
    "negative": "Content-Length: -1",
  };
  for (const [what, fields] of Object.entries(cases)) {
    await assertRefused(`POST /x HTTP/1.1\r\nHost: x\r\n${fields}\r\n\r\n${smuggled}`, 400, "bad_request", what);
  }
});

test("bare LF, NUL in a header and HTTP/1.1 without Host get 400 JSON, not a silent close", { skip }, async () => {
  await assertRefused("GET /x HTTP/1.1\nHost: x\n\n", 400, "bad_request", "bare LF");
  await assertRefused("GET /x HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", 400, "bad_request", "bare LF in a header");
  await assertRefused("GET /x HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400, "bad_request", "NUL");
  await assertRefused("GET /x HTTP/1.1\r\n\r\n", 400, "bad_request", "no Host");
  await assertRefused("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "bad_request", "two Hosts");
  await assertRefused("GET /x HTTP/1.1\r\nBad Name: b\r\nHost: x\r\n\r\n", 400, "bad_request", "a space in a name");
});

test("well-framed requests are still served: chunked, pipelined, HTTP/1.0 without Host", { skip }, async () => {
  const session = await pollingSession();
  const conn = await RawConnection.open();
  try {
    conn.write(
      `POST ${session} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
        "Transfer-Encoding: chunked\r\n\r\n3\r\n4hi\r\n0\r\n\r\n" +
        `GET ${session} HTTP/1.1\r\nHost: x\r\n\r\n` +
        "GET /x HTTP/1.0\r\n\r\n",
    );
    await conn.closed(); // HTTP/1.0: closed after its response
    const answers = responses(conn.text);
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 404],
      conn.text,
    );
    assert.equal(answers[0].body, "ok");
    assert.equal(answers[1].body, "4hi", "the chunked body arrived whole");
    assert.equal(JSON.parse(answers[2].body).error.code, "not_found");
  } finally {
    conn.destroy();
  }
});

test("a first head that arrives in pieces is read whole, and what follows it is the next request", { skip }, async () => {
  const conn = await RawConnection.open();
  try {
    conn.write("GET /x HTTP/1.1\r\nHo");
    // Not waiting for an answer (there is none yet): giving the first piece
    // time to reach the server on its own, so that it reads a partial head.
    await new Promise((resolve) => setTimeout(resolve, 50));
    conn.write("st: x\r\n\r\nGET /y HTTP/1.0\r\n\r\n");
    await conn.closed(); // HTTP/1.0: closed after its response
    const answers = responses(conn.text);
    assert.deepEqual(
      answers.map((r) => r.status),
      [404, 404],
      conn.text,
    );
  } finally {
    conn.destroy();
  }
});

test("Expect: 100-continue gets 100 Continue before the body is sent", { skip }, async () => {
  const session = await pollingSession();
  const conn = await RawConnection.open();
  try {
    const body = "4hello";
    conn.write(
      `POST ${session} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await conn.until(() => conn.text.length >= 25, "100 Continue");
    assert.equal(conn.text, "HTTP/1.1 100 Continue\r\n\r\n");
    conn.write(body);
    await conn.until(() => responses(conn.text).length === 1, "the response");
    const [res] = responses(conn.text);
    assert.equal(res.status, 200);
    assert.equal(res.body, "ok");
    assert.equal(conn.ended, false, "the connection stays open");
  } finally {
    conn.destroy();
  }
  const echoed = await fetch(`${url}${session}`);
  assert.equal(await echoed.text(), "4hello");
});

test("Expect: 100-continue over the body limit gets 413 and no 100 Continue", { skip }, async () => {
  const session = await pollingSession();
  const head =
    `POST ${session} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
    `Content-Length: ${maxPayload + 1}\r\nExpect: 100-continue\r\n\r\n`;
  const received = await assertRefused(head, 413, "payload_too_large", "over the limit");
  assert.doesNotMatch(received, /100 Continue/);
});

test("an expectation other than 100-continue gets 417", { skip }, async () => {
  await assertRefused(
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\nhi",
    417,
    "expectation_failed",
    "Expect: 200-ok",
  );
});

test("a chunked body over the limit gets 413", { skip }, async () => {
  const chunk = "x".repeat(64 * 1024);
  const chunks = Math.ceil(maxPayload / chunk.length) + 1;
  const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(chunks) + "0\r\n\r\n";
  await assertRefused(
    `POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    413,
    "payload_too_large",
    "chunked, over the limit",
  );
});

// The web apps on the API's port: `brigade serve --web-root DIR` serves DIR's
// index.html and hashed assets, answers client-side routes with index.html,
// refuses every way out of DIR with 404 JSON, and leaves /api/, /healthz and
// /socket.io/ to their own handlers.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";

import { tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head>' +
  '<body><div id="root"></div></body></html>';
const appJs = "document.getElementById('root').textContent = 'Brigade';";
const secret = "TOP SECRET: outside the web root";
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

let url = "";
if (!skip) {
  const dir = tempDir("brigade-static-");
  const webRoot = path.join(dir, "web");
  mkdirSync(path.join(webRoot, "assets"), { recursive: true });
  writeFileSync(path.join(webRoot, "index.html"), indexHtml);
  writeFileSync(path.join(webRoot, "assets", "app-abc123.js"), appJs);
  writeFileSync(path.join(dir, "secret"), secret);
  const server = await startKitchenServer({ db: path.join(dir, "static.db"), extraArgs: ["--web-root", webRoot] });
  url = server.url;
}

/**
 * One request with the path sent exactly as given (fetch and new URL() would
 * resolve `..` and `%2e%2e` before sending). Resolves to {status, headers, body}.
 */
function raw(method, requestPath, headers = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: requestPath, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function assertNotFoundJson(res, what) {
  assert.equal(res.status, 404, `${what}: ${res.body}`);
  assert.match(res.headers["content-type"], /^application\/json/, what);
  assert.equal(JSON.parse(res.body).error.code, "not_found", what);
  assert.ok(!res.body.includes(secret), what);
}

test("/ is index.html with a content security policy", { skip }, async () => {
  const res = await raw("GET", "/", { Accept: browserAccept });
  assert.equal(res.status, 200);
  assert.equal(res.body, indexHtml);
  assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
  assert.equal(res.headers["cache-control"], "no-cache");
  assert.equal(res.headers["x-content-type-options"], "nosniff");
  assert.equal(Number(res.headers["content-length"]), Buffer.byteLength(indexHtml));
  const csp = res.headers["content-security-policy"];
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /style-src 'self';/);
  const { host } = new URL(url);
  assert.ok(csp.includes(`connect-src 'self' ws://${host} wss://${host};`), csp);
  assert.doesNotMatch(csp, /unsafe/);
});

test("a client-side route is index.html after a reload", { skip }, async () => {
  for (const route of ["/kitchen", "/waiter/tables/4", "/pair"]) {
    const res = await raw("GET", route, { Accept: browserAccept });
    assert.equal(res.status, 200, route);
    assert.equal(res.body, indexHtml, route);
    assert.equal(res.headers["content-type"], "text/html; charset=utf-8", route);
    assert.ok(res.headers["content-security-policy"], route);
  }
});

test("hashed assets are served with immutable caching; a missing one is 404 JSON", { skip }, async () => {
  const res = await raw("GET", "/assets/app-abc123.js");
  assert.equal(res.status, 200);
  assert.equal(res.body, appJs);
  assert.equal(res.headers["content-type"], "text/javascript; charset=utf-8");
  assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.equal(res.headers["x-content-type-options"], "nosniff");

  assertNotFoundJson(await raw("GET", "/assets/nope.js", { Accept: browserAccept }), "/assets/nope.js");
});

test("nothing outside the web root is reachable", { skip }, async () => {
  for (const attempt of [
    "/../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/assets/..%2f..%2fsecret",
    "/../secret",
    "/%2e%2e/secret",
    "/assets/%2E%2E/%2E%2E/secret",
    "/..%5csecret",
    "/secret%00.js",
  ]) {
    // Asking for HTML: a refused path must not fall back to the app either.
    assertNotFoundJson(await raw("GET", attempt, { Accept: browserAccept }), attempt);
  }
});

test("If-None-Match with the current ETag is 304 without a body", { skip }, async () => {
  for (const target of ["/", "/assets/app-abc123.js"]) {
    const first = await raw("GET", target);
    const etag = first.headers.etag;
    assert.ok(etag, target);
    const again = await raw("GET", target, { "If-None-Match": etag });
    assert.equal(again.status, 304, target);
    assert.equal(again.body, "", target);
    assert.equal(again.headers.etag, etag, target);
    const other = await raw("GET", target, { "If-None-Match": '"0-0"' });
    assert.equal(other.status, 200, target);
  }
});

test("HEAD has the length but no body; other methods are 405", { skip }, async () => {
  const head = await raw("HEAD", "/assets/app-abc123.js");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
  assert.equal(Number(head.headers["content-length"]), Buffer.byteLength(appJs));

  const post = await raw("POST", "/index.html");
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, "GET, HEAD");
  assert.equal(JSON.parse(post.body).error.code, "method_not_allowed");
});

test("the API, health check and Socket.IO keep their own handlers", { skip }, async () => {
  const tables = await raw("GET", "/api/tables", { Accept: browserAccept });
  assert.equal(tables.status, 401);
  assert.match(tables.headers["content-type"], /^application\/json/);
  assert.equal(JSON.parse(tables.body).error.code, "token_missing");

  const health = await raw("GET", "/healthz");
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.body).status, "ok");

  const handshake = await raw("GET", "/socket.io/?EIO=4&transport=polling");
  assert.equal(handshake.status, 200);
  assert.match(handshake.body, /^0\{"sid":/);
});

test("without a build the server still starts, warns how to build, and / says so", { skip }, async () => {
  const dir = tempDir("brigade-static-unbuilt-");
  const missing = path.join(dir, "no-build-here");
  const server = await startKitchenServer({ db: path.join(dir, "unbuilt.db"), extraArgs: ["--web-root", missing] });
  await server.waitForStderr("npm run build --workspace web");
  const warnings = server.stderr().split("\n").filter((line) => line.includes("npm run build --workspace web"));
  assert.equal(warnings.length, 1, server.stderr());
  assert.ok(warnings[0].includes(missing), warnings[0]);

  const { port } = server;
  const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { Accept: browserAccept } });
  assert.equal(res.status, 404);
  const body = await res.json();
  assert.equal(body.error.code, "not_found");
  assert.match(body.error.message, /not built/);

  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(health.status, 200);
  await server.stop();
});

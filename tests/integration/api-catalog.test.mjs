// The REST API's reference data, who may call it, and the HTTP error classes
// every endpoint shares, against `brigade serve --demo` on a fresh database.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const server = skip
  ? null
  : await startKitchenServer({ db: path.join(tempDir(), "catalog.db"), extraArgs: ["--cors-origin", "http://kds.example"] });
const api = server && apiClient(server.url);

test("lists the demo restaurant's 12 tables, 4 stations and 20-item menu", { skip }, async () => {
  const tables = await api("GET", "/api/tables");
  assert.equal(tables.status, 200);
  assert.equal(tables.body.tables.length, 12);
  for (const t of tables.body.tables) {
    assert.equal(typeof t.tableId, "number");
    assert.equal(typeof t.name, "string");
    assert.ok(t.seats > 0);
  }

  const stations = await api("GET", "/api/stations");
  assert.equal(stations.status, 200);
  assert.deepEqual(stations.body.stations.map((s) => s.name).sort(), ["bar", "cold", "fry", "grill"]);

  const menu = await api("GET", "/api/menu");
  assert.equal(menu.status, 200);
  assert.equal(menu.body.menu.length, 20);
  const stationIds = new Set(stations.body.stations.map((s) => s.stationId));
  for (const item of menu.body.menu) {
    assert.ok(item.price > 0, `${item.name} has a price`);
    assert.ok(stationIds.has(item.stationId), `${item.name} has a real station`);
    assert.equal(typeof item.available, "boolean");
  }
  assert.ok(menu.body.menu.some((item) => !item.available), "one item is sold out");
});

test("answers JSON with no-store caching", { skip }, async () => {
  const res = await api("GET", "/api/tables");
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
});

test("refuses a request without a bearer token, or with a bad one, with 401", { skip }, async () => {
  for (const [headers, code] of [
    [{}, "token_missing"],
    [{ Authorization: "Bearer nobody" }, "token_invalid"],
    [{ Authorization: "Basic d2FpdGVyMTp3YWl0ZXIxcGFzcw==" }, "token_missing"],
  ]) {
    const res = await api("GET", "/api/tables", { staff: null, headers });
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.equal(res.body.error.code, code);
    assert.match(res.headers.get("www-authenticate"), /^Bearer realm="brigade"/);
    assert.equal(typeof res.body.error.message, "string");
  }
});

test("answers an unknown path with 404 and a wrong method with 405 and Allow", { skip }, async () => {
  const missing = await api("GET", "/api/nothing-here");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "not_found");

  const wrong = await api("DELETE", "/api/tables");
  assert.equal(wrong.status, 405);
  assert.equal(wrong.body.error.code, "method_not_allowed");
  assert.match(wrong.headers.get("allow"), /GET/);
});

test("refuses a body that is not JSON with 415 and malformed JSON with 400", { skip }, async () => {
  const form = await api("POST", "/api/orders", {
    body: "tableId=1",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  assert.equal(form.status, 415);
  assert.equal(form.body.error.code, "unsupported_media_type");

  const broken = await api("POST", "/api/orders", {
    body: '{"tableId": 1,',
    headers: { "Content-Type": "application/json" },
  });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error.code, "invalid_json");

  const notObject = await api("POST", "/api/orders", { json: [1, 2] });
  assert.equal(notObject.status, 400);
});

test("refuses a body over the size limit with 413", { skip }, async () => {
  const huge = JSON.stringify({ tableId: 1, notes: "x".repeat(1_100_000), items: [] });
  const res = await api("POST", "/api/orders", { body: huge, headers: { "Content-Type": "application/json" } });
  assert.equal(res.status, 413);
  assert.equal(res.body.error.code, "payload_too_large");
});

test("reports health", { skip }, async () => {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, "ok");
});

test("lets a browser on another origin call the API (CORS, as --cors-origin allows)", { skip }, async () => {
  const preflight = await fetch(`${server.url}/api/orders`, {
    method: "OPTIONS",
    headers: {
      Origin: "http://kds.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    },
  });
  assert.equal(preflight.status, 204);
  assert.ok(["*", "http://kds.example"].includes(preflight.headers.get("access-control-allow-origin")));
  assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
  assert.match(preflight.headers.get("access-control-allow-headers").toLowerCase(), /authorization/);

  const res = await api("GET", "/api/tables", { headers: { Origin: "http://kds.example" } });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("access-control-allow-origin"));
});

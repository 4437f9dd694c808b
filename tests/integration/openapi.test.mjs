// docs/openapi.yaml against the server: a valid OpenAPI 3.0 document whose
// operations are exactly the route table's (docs/api.md's generated table,
// which api:RoutesDoc holds to the attached routes), with the 401 and 403
// each route can answer, the error codes of docs/api.md's error table
// (api:ErrorsDoc holds it to the server's lists of codes) at their statuses,
// and every operation really served by `brigade serve` (docs/api.md,
// "Adding a route").

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import SwaggerParser from "@apidevtools/swagger-parser";
import { parse } from "yaml";

import { apiClient, tempDir } from "./support/api.mjs";
import { isNodePeer, repoRoot, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// Served by the app beside the route table (src/app/server_app.cpp, readiness.cpp).
const probes = ["GET /healthz", "GET /readyz", "GET /metrics"];
const tokenCodes = ["token_missing", "token_invalid", "token_expired"];

const openapiText = readFileSync(path.join(repoRoot, "docs/openapi.yaml"), "utf8");
const apiMd = readFileSync(path.join(repoRoot, "docs/api.md"), "utf8");
const doc = parse(openapiText);

/** docs/api.md's generated route table: "METHOD /path" → {token, permissions}. */
function routeTable() {
  const begin = apiMd.indexOf("<!-- BEGIN GENERATED: REST routes -->");
  const end = apiMd.indexOf("<!-- END GENERATED: REST routes -->");
  assert.ok(begin >= 0 && end > begin, "docs/api.md has its generated route table");
  const routes = new Map();
  for (const line of apiMd.slice(begin, end).split("\n")) {
    const row = line.match(/^\| ([A-Z]+) \| `([^`]+)` \| (✓|no) \| (.*) \|$/);
    if (!row) continue;
    const permissions = [...row[4].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    routes.set(`${row[1]} ${row[2]}`, { token: row[3] === "✓", permissions });
  }
  assert.ok(routes.size > 0, "the route table has rows");
  return routes;
}

/** docs/api.md's error table ("## Errors"): code → status. */
function errorTable() {
  const start = apiMd.indexOf("\n## Errors\n");
  const section = apiMd.slice(start, apiMd.indexOf("\n## ", start + 1));
  const codes = new Map();
  for (const line of section.split("\n")) {
    const row = line.match(/^\| (\d{3}) \| ([^|]+) \|/);
    if (!row) continue;
    for (const m of row[2].matchAll(/`([a-z_]+)`/g)) codes.set(m[1], Number(row[1]));
  }
  assert.ok(codes.size > 0, "docs/api.md has its error table");
  return codes;
}

/** Follows a local `$ref` ("#/components/responses/X"). */
function resolve(node) {
  if (!node?.$ref) return node;
  return resolve(node.$ref.slice(2).split("/").reduce((at, key) => at?.[key], doc));
}

/** Every operation: {key: "METHOD /path", op, responses (resolved)}. */
function operations() {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of methods) {
      if (!item[m]) continue;
      const responses = Object.fromEntries(Object.entries(item[m].responses).map(([s, r]) => [s, resolve(r)]));
      out.push({ key: `${m.toUpperCase()} ${p}`, path: p, method: m.toUpperCase(), op: item[m], responses });
    }
  }
  return out;
}

// Started before any test is declared: with the tests declared first, the
// runner could finish them and run the after() hooks (removing the
// database's directory) while this top-level await still waited for a slow
// (sanitized) server to start.
const server = skip ? null : await startKitchenServer({ db: path.join(tempDir(), "openapi.db") });

test("docs/openapi.yaml is a valid OpenAPI 3.0 document", async () => {
  assert.match(doc.openapi, /^3\.0\.\d+$/);
  // validate() dereferences in place: give it a copy.
  await SwaggerParser.validate(structuredClone(doc));
  const ids = operations().map(({ op }) => op.operationId);
  assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
});

test("documents exactly the route table's routes, plus the probes", () => {
  const routes = routeTable();
  const documented = operations().map(({ key }) => key);
  const expected = [...routes.keys(), ...probes];
  const missing = expected.filter((k) => !documented.includes(k));
  const extra = documented.filter((k) => !expected.includes(k));
  assert.deepEqual(missing, [], "routes missing from docs/openapi.yaml (docs/api.md, \"Adding a route\")");
  assert.deepEqual(extra, [], "operations in docs/openapi.yaml that the route table does not have");
});

test("each route documents its token (401), its permissions (403), 429 and 503", () => {
  const routes = routeTable();
  for (const { key, op, responses } of operations()) {
    const route = routes.get(key);
    if (!route) continue; // a probe
    const where = `${key} in docs/openapi.yaml`;
    if (route.token) {
      assert.notDeepEqual(op.security, [], `${where} needs a token: no "security: []"`);
      for (const code of tokenCodes) assert.ok(responses["401"]?.["x-error-codes"]?.includes(code), `${where}: 401 ${code}`);
    } else {
      assert.deepEqual(op.security, [], `${where} needs no token: "security: []"`);
      assert.ok(!tokenCodes.some((c) => responses["401"]?.["x-error-codes"]?.includes(c)), `${where}: no token codes`);
    }
    assert.deepEqual(op["x-permissions"] ?? [], route.permissions, `${where}: x-permissions as the route table says`);
    // A route may refuse without a permission of the table only when the
    // operation says when (x-forbidden-when).
    assert.equal(
      Boolean(responses["403"]?.["x-error-codes"]?.includes("forbidden")),
      route.permissions.length > 0 || Boolean(op["x-forbidden-when"]),
      `${where}: 403 forbidden exactly when the route has a permission or x-forbidden-when says why`,
    );
    assert.ok(responses["429"]?.headers?.["Retry-After"], `${where}: 429 with Retry-After`);
    assert.ok(responses["503"]?.["x-error-codes"]?.includes("store_unavailable"), `${where}: 503 store_unavailable`);
    assert.ok(responses.default?.["x-error-codes"], `${where}: a default answer (the connection layer's refusals)`);
    if (op.requestBody) {
      assert.ok(responses["400"]?.["x-error-codes"]?.includes("invalid_json"), `${where}: 400 invalid_json`);
      assert.ok(responses["413"], `${where}: 413`);
      assert.ok(responses["415"], `${where}: 415`);
    }
  }
});

test("every error response is the envelope, with codes of its status; every code is documented", () => {
  const known = errorTable();
  const used = new Set();
  const check = (where, status, response) => {
    const codes = response["x-error-codes"];
    if (!codes) return;
    assert.ok(Array.isArray(codes) && codes.length > 0, `${where}: x-error-codes lists codes`);
    for (const code of codes) {
      assert.ok(known.has(code), `${where}: ${code} is not in docs/api.md's error table`);
      if (status !== "default") assert.equal(String(known.get(code)), status, `${where}: ${code} is a ${known.get(code)}`);
      used.add(code);
    }
  };
  for (const [name, response] of Object.entries(doc.components.responses)) {
    const status = name === "Refused" ? "default" : null;
    if (response["x-error-codes"]) {
      const schema = response.content?.["application/json"]?.schema;
      assert.equal(schema?.$ref, "#/components/schemas/Error", `components.responses.${name} is the error envelope`);
    }
    // Its status is checked where an operation uses it; unused ones only by name.
    if (status) check(`components.responses.${name}`, status, response);
    else for (const code of response["x-error-codes"] ?? []) used.add(code);
  }
  for (const { key, responses } of operations()) {
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) >= 400 && !key.startsWith("GET /readyz")) {
        assert.ok(response["x-error-codes"], `${key} ${status}: x-error-codes`);
      }
      check(`${key} ${status}`, status, response);
    }
  }
  const unlisted = [...known.keys()].filter((code) => !used.has(code));
  assert.deepEqual(unlisted, [], "error codes the server answers that no response of docs/openapi.yaml lists");
  const envelope = doc.components.schemas.Error.properties.error;
  assert.deepEqual(envelope.required, ["code", "message"]);
  assert.deepEqual([...envelope.properties.code.enum].sort(), [...known.keys()].sort(), "Error.error.code enumerates every code");
});


test("the server serves every documented operation", { skip }, async () => {
  for (const { key, method, path: template, op } of operations()) {
    const url = server.url + template.replace(/\{[A-Za-z]+\}/g, "1");
    const res = await fetch(url, { method });
    const body = await res.text();
    if (probes.includes(key)) {
      assert.equal(res.status, 200, `${key}: ${body}`);
    } else if (op.security?.length === 0) {
      // No token needed: the route answers for itself (here: an empty body).
      assert.ok(![401, 404, 405].includes(res.status), `${key} is routed: ${res.status} ${body}`);
    } else {
      assert.equal(res.status, 401, `${key} is routed and asks for a token: ${body}`);
      assert.equal(JSON.parse(body).error.code, "token_missing");
    }
  }
});

// The statuses every operation with a body shares, tried for real: what the
// document says is what the server answers (the other statuses need a
// particular state; the API's own tests try them).
test("every operation with a body answers the 415 and 400 it documents", { skip }, async () => {
  const api = apiClient(server.url, "manager1");
  for (const { key, method, path: template, op, responses } of operations()) {
    if (!op.requestBody) continue;
    const url = template.replace(/\{[A-Za-z]+\}/g, "1");
    const plain = await api(method, url, { body: "hello", headers: { "Content-Type": "text/plain" } });
    assert.equal(plain.status, 415, `${key}: ${JSON.stringify(plain.body)}`);
    assert.ok(responses["415"]["x-error-codes"].includes(plain.body.error.code), `${key}: 415 ${plain.body.error.code}`);
    const broken = await api(method, url, { body: "{", headers: { "Content-Type": "application/json" } });
    assert.equal(broken.status, 400, `${key}: ${JSON.stringify(broken.body)}`);
    assert.ok(responses["400"]["x-error-codes"].includes(broken.body.error.code), `${key}: 400 ${broken.body.error.code}`);
  }
});

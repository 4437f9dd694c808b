// The README's curl lines are what a new user tries first: run them, as
// written, against `brigade serve --demo` on a fresh database. Every line of
// the tour must succeed (2xx), and every error example must answer the status
// its comment promises, with the JSON error shape.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { tempDir } from "./support/api.mjs";
import { isNodePeer, repoRoot, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

/** The ```sh blocks after the README's curl-tour marker: [tour, errors]. */
function readmeBlocks() {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const start = readme.indexOf("<!-- curl-tour");
  assert.ok(start >= 0, "README has the curl-tour marker");
  const blocks = [...readme.slice(start).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 2);
  return blocks.slice(0, 2);
}

function runBash(script, port) {
  const local = script.replaceAll("localhost:8000", `127.0.0.1:${port}`);
  return execFileSync("bash", ["-c", local], { encoding: "utf8", timeout: 60_000 });
}

test("the README's curl tour works on a fresh database, line by line", { skip }, async () => {
  const server = await startKitchenServer({ db: path.join(tempDir(), "tour.db") });
  const [tour, errors] = readmeBlocks();

  // Each curl fails the script on an HTTP error, and prints one line per answer.
  const strict = `set -euo pipefail\ncurl() { command curl --fail-with-body --max-time 10 "$@"; echo; }\n${tour}`;
  const answers = runBash(strict, server.port)
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  const curlCount = tour.split("\n").filter((line) => /^curl /.test(line)).length;
  assert.equal(answers.length, curlCount, "one JSON answer per curl line");

  const finalOrder = answers.find((a) => a.orderId === 1 && a.status === "completed");
  assert.ok(finalOrder, "order 1 ends completed");
  assert.equal(finalOrder.kitchenOrder.status, "completed");
  assert.equal(typeof finalOrder.kitchenOrder.prepTime, "number");
  assert.ok(answers.some((a) => a.orderId === 2 && a.status === "cancelled"), "order 2 ends cancelled");
  assert.ok(answers.some((a) => Array.isArray(a.events) && a.events.length > 10), "the outbox has the story");

  // The error examples: the status each comment promises.
  const lines = errors.split("\n").filter((line) => /^curl /.test(line));
  const prelude = tour.split("\n")[0]; // the W=, C=, J= variables
  for (const line of lines) {
    const expected = Number(/# (\d{3})/.exec(line)[1]);
    const out = runBash(`${prelude}\ncurl() { command curl --max-time 10 -w '\\n%{http_code}' "$@"; }\n${line}`, server.port);
    const [body, status] = out.trimEnd().split("\n");
    assert.equal(Number(status), expected, line);
    const error = JSON.parse(body).error;
    assert.equal(typeof error.code, "string");
    assert.equal(typeof error.message, "string");
  }
});

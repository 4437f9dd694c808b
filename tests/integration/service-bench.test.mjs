// The `service` benchmark (bench/load/service.mjs) at a tiny scale, so that it
// cannot rot: against `brigade serve` and the Express + socket.io peer
// (bench/peers/express-peer.mjs), every command answered and every event owed
// by docs/events.md's routing table delivered to every screen, once, with the
// same payload shapes on both. Against the Node reference peer
// (BRIGADE_PEER=node) only the Express peer runs.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { brigadeBinary, isNodePeer, repoRoot } from "./support/server.mjs";

const servers = isNodePeer ? ["peer"] : ["brigade", "peer"];

function runService(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(repoRoot, "bench/load/service.mjs"), ...args], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (err && !last.startsWith("{")) return reject(new Error(`service.mjs failed: ${err.message}\n${stdout}\n${stderr}`));
      resolve({ exitCode: err ? err.code : 0, result: JSON.parse(last), stdout, stderr });
    });
  });
}

test("every command of the service scenario reaches every screen that should hear it", { timeout: 90_000 }, async () => {
  const { exitCode, result, stdout } = await runService([
    "--servers", servers.join(","),
    ...(isNodePeer ? [] : ["--brigade-bin", brigadeBinary()]),
    "--restaurants", "2",
    "--kitchens", "1",
    "--waiters", "1",
    "--tables", "2",
    "--rate", "25",
    "--warmup", "0.5",
    "--duration", "2",
    // Every kind of command in a short run: more cancellations, priorities and additions than in a service.
    "--cancel-share", "0.25",
    "--priority-share", "0.5",
    "--add-items-share", "0.5",
    "--workers", "1",
    "--max-seconds", "60",
    "--no-save",
  ]);
  for (const name of servers) {
    const run = result.runs[name];
    assert.equal(run.commands.failed, 0, `${name}: ${run.commands.firstFailure}`);
    assert.ok(run.commands.measured >= 40, `${name}: ${run.commands.measured} commands measured`);
    assert.ok(run.deliveries.owed > 4 * run.commands.measured, `${name}: ${run.deliveries.owed} deliveries owed`);
    assert.equal(run.deliveries.missing, 0, `${name}: missing ${run.deliveries.firstMissing}`);
    assert.equal(run.deliveries.unowed, 0, `${name}: unowed ${run.deliveries.firstUnowed}`);
    assert.equal(run.deliveries.duplicates, 0, name);
    assert.equal(run.screensOpenAtEnd, run.screens, name);
    assert.ok(run.latencyMs.n > 0 && run.latencyMs.max < 5000, `${name}: latency ${JSON.stringify(run.latencyMs)}`);
    assert.ok(run.appReads.owed > 0, `${name}: the apps' reads are counted`);
  }
  if (!isNodePeer) {
    assert.ok(result.payloadShapes.compared.length >= 10, `shapes compared: ${result.payloadShapes.compared}`);
    assert.deepEqual(result.payloadShapes.differences, []);
  }
  assert.equal(exitCode, 0, stdout);
});

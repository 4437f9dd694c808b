// `brigade backup` and restore (docs/operations.md, "Backups and restore"):
// backups taken while waiters keep sending orders, each one started as a
// server of its own, which must hold every order acknowledged before that
// backup began, whole, with a gapless outbox; the restore an operator does
// (replace the file, remove the old -wal and -shm); the refusals (missing
// database, unwritable destination, an existing file without --force); and
// a database newer than the binary refused at start with one clear line.

import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

import { allEvents, allOrders, apiClient, cents, orderableAsIs, tempDir } from "./support/api.mjs";
import { brigadeBinary, isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";

/** Runs `brigade backup ...args`; resolves to {code, stdout, stderr}, never rejects. */
function backup(args) {
  return new Promise((resolve) => {
    execFile(brigadeBinary(), ["backup", ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr });
    });
  });
}

/** What a successful backup prints: one line with the size, pages and seconds. */
const reportLine =
  /^backed up .+ to (.+): [\d.]+ [KM]iB \((\d+) bytes\), (\d+) pages, schema version \d+, integrity ok, [\d.]+ s\n$/;

/** The files beside a backup that must not be there once it has finished. */
function leftovers(dir) {
  return readdirSync(dir).filter((name) => /\.partial-|-wal$|-shm$|-journal$/.test(name));
}

describe("brigade backup", { skip }, () => {
  it("copies a live server's database while orders keep coming, each copy whole as of its start", async () => {
    const dir = tempDir("brigade-backup-");
    const server = await startKitchenServer({ db: path.join(dir, "live.db") });
    const api = apiClient(server.url);
    const menu = (await api("GET", "/api/menu")).body.menu.filter(orderableAsIs);
    const tables = (await api("GET", "/api/tables")).body.tables;
    const priceOf = new Map(menu.map((m) => [m.menuItemId, cents(m.price)]));

    // Waiters: create an order, then confirm every other one. What the
    // server acknowledged is recorded as it is answered.
    const acknowledged = new Map(); // orderId -> {request, order, confirmed}
    const sent = new Map(); // notes -> request
    let stopping = false;
    let answersDuringBackups = 0;
    let backupsRunning = 0;
    const waiter = async (w) => {
      for (let i = 0; !stopping; i++) {
        const items = Array.from({ length: 1 + ((w + i) % 3) }, (_, k) => ({
          menuItemId: menu[(w * 5 + i + k) % menu.length].menuItemId,
          quantity: 1 + k,
        }));
        const request = { tableId: tables[(w + i) % tables.length].tableId, items, notes: `waiter ${w} #${i}` };
        sent.set(request.notes, request);
        const made = await api("POST", "/api/orders", { json: request, headers: { "Idempotency-Key": randomUUID() } });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        acknowledged.set(made.body.orderId, { request, order: made.body, confirmed: false });
        if (backupsRunning > 0) answersDuringBackups++;
        if (i % 2 === 0) {
          const confirmed = await api("POST", `/api/orders/${made.body.orderId}/confirm`);
          assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
          acknowledged.get(made.body.orderId).confirmed = true;
        }
      }
    };
    const waiters = Array.from({ length: 4 }, (_, w) => waiter(w));

    const until = async (predicate) => {
      while (!predicate()) await new Promise((resolve) => setImmediate(resolve));
    };
    // A backup records what had been acknowledged when it was started.
    const takeBackup = async (name) => {
      const file = path.join(dir, name);
      const before = new Map([...acknowledged].map(([id, a]) => [id, { ...a }]));
      backupsRunning++;
      const run = await backup(["--db", path.join(dir, "live.db"), "--to", file]);
      backupsRunning--;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, reportLine);
      assert.equal(run.stderr, "");
      return { file, before, run };
    };

    await until(() => acknowledged.size >= 40);
    const backups = [await takeBackup("first.db")];
    await until(() => acknowledged.size >= 80);
    // Two at once, and one more after them, while the waiters go on.
    backups.push(...(await Promise.all([takeBackup("second.db"), takeBackup("third.db")])));
    await until(() => acknowledged.size >= 120);
    backups.push(await takeBackup("fourth.db"));
    stopping = true;
    await Promise.all(waiters);
    assert.ok(answersDuringBackups > 0, "the server answered orders while backups ran");
    assert.deepEqual(leftovers(dir).filter((f) => !f.startsWith("live.db")), [], "no temporary or WAL files left");

    for (const { file, before, run } of backups) {
      const [, , bytes] = reportLine.exec(run.stdout);
      assert.equal(statSync(file).size, Number(bytes), `${file}: the size it reported`);
      // A backup is readable only by its owner: it holds password hashes.
      assert.equal(statSync(file).mode & 0o777, 0o600);

      const restored = await startKitchenServer({ db: file, demo: false });
      const again = apiClient(restored.url);
      const stored = new Map((await allOrders(again)).map((o) => [o.orderId, o]));
      for (const [id, { request, order, confirmed }] of before) {
        const found = stored.get(id);
        assert.ok(found, `${file}: order ${id}, acknowledged before the backup began, is in it`);
        assert.equal(found.orderNumber, order.orderNumber);
        assert.equal(found.notes, request.notes);
        assert.deepEqual(
          found.items.map((i) => [i.menuItemId, i.quantity]),
          request.items.map((i) => [i.menuItemId, i.quantity]),
        );
        if (confirmed) assert.equal(found.status, "confirmed", `${file}: order ${id} was confirmed before`);
      }
      // Whole: no order without its items or with totals that do not add
      // up, none the waiters did not send, one order.created each in an
      // outbox numbered 1..N.
      for (const order of stored.values()) {
        assert.ok(sent.has(order.notes), `${file}: order ${order.orderId} was sent`);
        const total = order.items.reduce((sum, i) => sum + i.quantity * priceOf.get(i.menuItemId), 0);
        assert.ok(order.items.length >= 1 && cents(order.totalAmount) === total, `${file}: order ${order.orderId} whole`);
      }
      const events = await allEvents(again);
      assert.deepEqual(
        events.map((e) => e.sequence),
        events.map((_, i) => i + 1),
        `${file}: the outbox is gapless`,
      );
      const created = events.filter((e) => e.type === "order.created").map((e) => e.orderId);
      assert.deepEqual(created.sort((a, b) => a - b), [...stored.keys()].sort((a, b) => a - b));
      await restored.stop();
    }
  });

  it("restores by replacing the stopped server's file and removing its -wal and -shm", async () => {
    const dir = tempDir("brigade-restore-");
    const db = path.join(dir, "brigade.db");
    const server = await startKitchenServer({ db });
    const api = apiClient(server.url);
    const order = async (notes) => {
      const res = await api("POST", "/api/orders", { json: { tableId: 4, items: [{ menuItemId: 6, quantity: 1 }], notes } });
      assert.equal(res.status, 201);
      return res.body.orderId;
    };
    const kept = await order("before the backup");
    const run = await backup(["--db", db, "--to", path.join(dir, "nightly.db")]);
    assert.equal(run.code, 0, run.stderr);
    const lost = await order("after the backup");
    // A crash leaves the -wal holding the latest commits of the old file.
    await server.kill9();
    assert.ok(existsSync(`${db}-wal`), "the killed server left its -wal");

    copyFileSync(path.join(dir, "nightly.db"), db);
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    const restored = await startKitchenServer({ db, demo: false });
    const again = apiClient(restored.url);
    assert.equal((await again("GET", `/api/orders/${kept}`)).status, 200);
    assert.equal((await again("GET", `/api/orders/${lost}`)).status, 404, "the restore is the backup, not later");
    // The restored server takes new orders where the backup left off.
    const next = await again("POST", "/api/orders", { json: { tableId: 4, items: [{ menuItemId: 6, quantity: 1 }] } });
    assert.equal(next.status, 201);
    assert.equal(next.body.orderId, kept + 1);
  });

  it("refuses a missing database, an unwritable destination and an existing file, each in one line", async () => {
    const dir = tempDir("brigade-backup-refusals-");
    const db = path.join(dir, "live.db");
    const server = await startKitchenServer({ db });
    const oneLine = (run, pattern) => {
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /^brigade backup: [^\n]+\n$/);
      assert.match(run.stderr, pattern);
    };

    const missing = path.join(dir, "missing.db");
    oneLine(await backup(["--db", missing, "--to", path.join(dir, "a.db")]), /no database at .*missing\.db/);
    assert.ok(!existsSync(missing), "the missing database was not created");
    assert.ok(!existsSync(path.join(dir, "a.db")));

    oneLine(await backup(["--db", db, "--to", path.join(dir, "no-such-dir", "a.db")]), /cannot write in .*no-such-dir: No such file or directory/);
    writeFileSync(path.join(dir, "a-file"), "");
    oneLine(await backup(["--db", db, "--to", path.join(dir, "a-file", "a.db")]), /cannot write in .*a-file: Not a directory/);
    if (process.getuid() !== 0) {
      // Root writes anywhere; anyone else cannot write here.
      mkdirSync(path.join(dir, "read-only"), { mode: 0o555 });
      oneLine(await backup(["--db", db, "--to", path.join(dir, "read-only", "a.db")]), /Permission denied/);
    }
    oneLine(await backup(["--db", db, "--to", dir]), /is a directory/);
    oneLine(await backup(["--db", db, "--to", db, "--force"]), /is the database itself/);

    const target = path.join(dir, "nightly.db");
    assert.equal((await backup(["--db", db, "--to", target])).code, 0);
    const first = readFileSync(target);
    await apiClient(server.url)("POST", "/api/orders", { json: { tableId: 1, items: [{ menuItemId: 6, quantity: 1 }] } });
    oneLine(await backup(["--db", db, "--to", target]), /nightly\.db already exists \(--force replaces it\)/);
    assert.deepEqual(readFileSync(target), first, "the existing backup is untouched");
    const forced = await backup(["--db", db, "--to", target, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notDeepEqual(readFileSync(target), first, "--force replaced it with a newer copy");
    assert.deepEqual(leftovers(dir).filter((f) => !f.startsWith("live.db")), []);
  });

  it("takes the database from --config, as the packaged timer does", async () => {
    const dir = tempDir("brigade-backup-config-");
    const db = path.join(dir, "from-config.db");
    await startKitchenServer({ db });
    const config = path.join(dir, "brigade.toml");
    writeFileSync(config, `port = 8000\ndb = "${db}"\nlog-format = "json"\n`);
    const run = await backup(["--config", config, "--to", path.join(dir, "copy.db")]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^backed up .*from-config\.db to /);
  });

  it("refuses at start a database newer than the binary, e.g. a backup from a newer Brigade", async () => {
    const dir = tempDir("brigade-newer-");
    const db = path.join(dir, "live.db");
    const server = await startKitchenServer({ db });
    const copy = path.join(dir, "from-the-future.db");
    assert.equal((await backup(["--db", db, "--to", copy])).code, 0);
    await server.stop();
    // scripts/setup.sh installs the sqlite3 shell.
    const known = Number(execFileSync("sqlite3", [copy, "SELECT MAX(version) FROM schema_migrations"]).toString());
    execFileSync("sqlite3", [
      copy,
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${known + 1}, 'from the future', 0); PRAGMA user_version = ${known + 1};`,
    ]);
    const before = readFileSync(copy);
    const started = await new Promise((resolve) => {
      execFile(
        brigadeBinary(),
        ["serve", "--host", "127.0.0.1", "--port", "0", "--db", copy, "--mode", "dev"],
        { timeout: 15_000 },
        (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
      );
    });
    assert.equal(started.code, 1, started.stderr);
    assert.equal(started.stdout, "", "it never listened");
    assert.match(
      started.stderr,
      new RegExp(`has schema version ${known + 1}, newer than this binary supports \\(${known}\\); run a newer Brigade or restore a matching backup`),
    );
    assert.deepEqual(readFileSync(copy), before, "the newer database is left as it was");
  });
});

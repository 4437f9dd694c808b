// The speed-of-service report (docs/api.md "Speed of service",
// docs/kitchen.md "Speed of service") against `brigade serve` with the demo
// menu: real orders moved through their stations, their lines' times then
// set in the database beside the running server (a day in the past, so
// every count, median and hour is known), read back by station, by hour
// and by dish, as JSON and as CSV; only managers may read it, and a bad or
// overlong range is refused.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { apiClient, demoDishes, expectOk, stationsOf, tempDir } from "./support/api.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const db = path.join(tempDir("brigade-reports-"), "reports.db");
const server = skip ? null : await startKitchenServer({ db });
const url = server?.url;
const waiter = skip ? null : apiClient(url, "waiter1");
const chef = skip ? null : apiClient(url, "chef1");
const manager = skip ? null : apiClient(url, "manager1");

const DAY = "2026-01-15"; // the demo restaurant is on UTC
const { SALAD, BURGER, FRIES, ESPRESSO } = demoDishes;
const ok = expectOk;
const station = skip ? null : stationsOf(waiter);

/** An order of course-1 lines sent to the kitchen, with the named stations' parts made ready. */
async function orderReadyAt(items, readyStations) {
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId: 2, items: items.map((id) => ({ menuItemId: id, quantity: 1, course: 1 })) } }), 201);
  const order = await ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
  for (const name of readyStations) {
    await ok(chef("POST", `/api/kitchen/orders/${order.kitchenOrder.kitchenOrderId}/stations/${await station(name)}/ready`));
  }
  return order;
}

/** Moves one line's fired and ready times (HH:MM on DAY, UTC) in the database. */
function setTimes(order, menuItemId, fired, ready) {
  const line = order.items.find((i) => i.menuItemId === menuItemId);
  const ms = (hhmm) => Date.parse(`${DAY}T${hhmm}:00Z`);
  execFileSync("sqlite3", [
    db,
    `PRAGMA busy_timeout = 5000; UPDATE order_items SET fired_at = ${ms(fired)}, ready_at = ${ms(ready)} WHERE id = ${line.itemId};`,
  ]);
}

const report = (query, who = manager) => who("GET", `/api/reports/speed-of-service?${query}`);
const byKey = (groups) => Object.fromEntries(groups.map((g) => [g.key, g]));

// Two orders on DAY: lines of 20 min (late: the target is 15), 5, 2, 10 and
// 4 minutes; the fryer's line is never ready, so it is not counted.
let first, second, today;
if (!skip) {
  first = await orderReadyAt([BURGER, SALAD, ESPRESSO, FRIES], ["grill", "cold", "bar"]);
  setTimes(first, BURGER, "12:00", "12:20");
  setTimes(first, SALAD, "12:00", "12:05");
  setTimes(first, ESPRESSO, "12:00", "12:02");
  second = await orderReadyAt([BURGER, SALAD], ["grill", "cold"]);
  setTimes(second, BURGER, "13:00", "13:10");
  setTimes(second, SALAD, "13:00", "13:04");
  // One line ready now, as it happened: today's report.
  today = await orderReadyAt([ESPRESSO], ["bar"]);
}

test("by station: count, median, p90 and late share of each station's lines", { skip }, async () => {
  const body = await ok(report(`from=${DAY}&to=${DAY}`));
  assert.equal(body.from, `${DAY}T00:00:00.000Z`);
  assert.equal(body.to, "2026-01-16T00:00:00.000Z", "a date `to` includes its whole day");
  assert.equal(body.groupBy, "station");
  assert.equal(body.timeZone, "UTC");
  assert.equal(body.targetMinutes, 15);
  // By station name; the fryer has no line ready.
  assert.deepEqual(body.groups.map((g) => g.name), ["bar", "cold", "grill"]);
  const groups = byKey(body.groups);
  assert.deepEqual(groups[String(await station("grill"))], {
    key: String(await station("grill")),
    name: "grill",
    count: 2,
    medianSeconds: 900,
    p90Seconds: 1140, // 600 + 0.9 × (1200 − 600)
    lateShare: 0.5,
  });
  const cold = groups[String(await station("cold"))];
  assert.deepEqual([cold.count, cold.medianSeconds, cold.p90Seconds, cold.lateShare], [2, 270, 294, 0]);
  assert.equal(groups[String(await station("bar"))].count, 1);
  // 120, 240, 300, 600, 1200 s: one late line in five.
  assert.deepEqual(body.total, { count: 5, medianSeconds: 300, p90Seconds: 960, lateShare: 0.2 });
});

test("by hour and by dish", { skip }, async () => {
  const hours = await ok(report(`from=${DAY}&to=${DAY}&groupBy=hour`));
  assert.deepEqual(
    hours.groups.map((g) => [g.key, g.name, g.count]),
    [
      ["12", "12:00", 3],
      ["13", "13:00", 2],
    ],
  );
  const dishes = await ok(report(`from=${DAY}&to=${DAY}&groupBy=item`));
  assert.deepEqual(
    dishes.groups.map((g) => [g.key, g.name, g.count]),
    [
      [String(BURGER), "Classic Burger", 2],
      [String(ESPRESSO), "Espresso", 1],
      [String(SALAD), "Garden Salad", 2],
    ],
  );
  assert.equal(byKey(dishes.groups)[String(BURGER)].lateShare, 0.5);
  // One station's lines by hour: what the dashboard charts.
  const grill = await ok(report(`from=${DAY}&to=${DAY}&groupBy=hour&stationId=${await station("grill")}`));
  assert.equal(grill.stationId, await station("grill"));
  assert.deepEqual(
    grill.groups.map((g) => [g.key, g.count, g.medianSeconds, g.lateShare]),
    [
      ["12", 1, 1200, 1],
      ["13", 1, 600, 0],
    ],
  );
  assert.equal((await ok(report(`from=${DAY}&to=${DAY}&stationId=${await station("fry")}`))).total.count, 0);
});

test("instants bound the range, percent-encoded or not; the end is excluded", { skip }, async () => {
  // 12:30 to 13:10: the second order's salad (13:04), not its burger (ready at 13:10).
  const body = await ok(report(`from=${DAY}T12%3A30%3A00Z&to=${DAY}T14:10%2B01:00`));
  assert.equal(body.from, `${DAY}T12:30:00.000Z`);
  assert.equal(body.to, `${DAY}T13:10:00.000Z`);
  assert.equal(body.total.count, 1);
  assert.equal(body.total.medianSeconds, 240);
});

test("by default, today in the restaurant's zone", { skip }, async () => {
  const body = await ok(report(""));
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  assert.equal(body.from, midnight.toISOString());
  assert.equal(body.total.count, 1, "only the line ready today");
  assert.equal(body.groups[0].name, "bar");
  assert.equal(body.total.lateShare, 0);
  assert.ok(today.items[0].itemId > 0);
});

test("the CSV export: a header, a row per group and the total", { skip }, async () => {
  const res = await report(`from=${DAY}&to=${DAY}&format=csv`);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(res.headers.get("content-disposition"), `attachment; filename="speed-of-service-${DAY}-station.csv"`);
  const rows = res.body.trimEnd().split("\r\n");
  assert.deepEqual(rows, [
    "key,name,count,median_seconds,p90_seconds,late_share",
    `${await station("bar")},bar,1,120.0,120.0,0.000`,
    `${await station("cold")},cold,2,270.0,294.0,0.000`,
    `${await station("grill")},grill,2,900.0,1140.0,0.500`,
    "total,Total,5,300.0,960.0,0.200",
  ]);
});

test("only managers may read it", { skip }, async () => {
  for (const who of [waiter, chef]) {
    const res = await report(`from=${DAY}`, who);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "forbidden");
  }
});

test("a bad, backwards or overlong range is a 400 naming the parameter", { skip }, async () => {
  const refused = async (query, field) => {
    const res = await report(query);
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "validation");
    assert.equal(res.body.error.field, field, query);
  };
  await refused("from=2026-02-30", "from");
  await refused("from=2026-01-15T12:00:00", "from"); // an instant needs its zone
  await refused("to=yesterday", "to");
  await refused(`from=${DAY}T12:00:00Z&to=${DAY}T12:00:00Z`, "to");
  await refused("from=2026-01-20&to=2026-01-10", "to");
  await refused("from=2026-01-01&to=2026-02-01", "to"); // 32 days
  await ok(report("from=2026-01-01&to=2026-01-31")); // 31: the most
  await refused("groupBy=day", "groupBy");
  await refused("format=xml", "format");
  await refused("stationId=grill", "stationId");
});

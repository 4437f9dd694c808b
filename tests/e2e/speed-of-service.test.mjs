// The manager's Speed of service page (/speed) in a real browser: orders
// moved through their stations show up as one chart per station with the
// right counts, today's line follows the kitchen live, and the day downloads
// as CSV. Saves docs/screenshots/speed-of-service.png.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { repoRoot } from "../integration/support/server.mjs";
import { launchBrowser, logIn, openScreen, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const waiter = apiClient(server.url, "waiter1");
const chef = apiClient(server.url, "chef1");

// Demo dishes (src/store/demo_data.cpp) and their stations.
const SALAD = 1; // cold
const BURGER = 6; // grill

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** An order sent to the kitchen with every station's part made ready. */
async function readyOrder(tableId, dishes) {
  const created = await ok(waiter("POST", "/api/orders", { json: { tableId, items: dishes.map((menuItemId) => ({ menuItemId, quantity: 1, course: 1 })) } }), 201);
  const order = await ok(waiter("POST", `/api/orders/${created.orderId}/confirm`));
  const stations = new Set(order.items.map((i) => i.stationId));
  for (const stationId of stations) {
    await ok(chef("POST", `/api/kitchen/orders/${order.kitchenOrder.kitchenOrderId}/stations/${stationId}/ready`));
  }
}

/** Waits until the element `selector` carries data-count="count". */
const waitCount = (page, selector, count) => page.locator(`${selector}[data-count="${count}"]`).first().waitFor({ timeout: 10_000 });

test("a station's chart per station, today's live line and the CSV", { timeout: 60_000 }, async () => {
  const screen = await openScreen(browser, { baseUrl: server.url, name: "manager", group: "speed-of-service" });
  const { page } = screen;
  await logIn(screen, "manager1", "/waiter");
  await page.getByRole("navigation", { name: "Apps" }).getByRole("button", { name: "Speed of service" }).click();
  await page.waitForURL("**/speed");
  await waitLive(screen);
  await waitCount(page, '[data-testid="speed-today"]', 0);
  await page.getByTestId("speed-empty").waitFor();

  // Three lines ready while the page is open: it re-reads on kitchen:order_ready.
  await readyOrder(2, [BURGER, SALAD]);
  await readyOrder(3, [BURGER]);
  await waitCount(page, '[data-testid="speed-today"]', 3);
  await waitCount(page, '[data-testid="speed-day-total"]', 3);

  const stations = page.getByTestId("speed-station");
  assert.deepEqual(await stations.evaluateAll((all) => all.map((s) => s.dataset.station)), ["cold", "grill"]);
  const counts = await page.getByTestId("speed-station-figures").evaluateAll((all) => all.map((s) => Number(s.dataset.count)));
  assert.deepEqual(counts, [1, 2]);
  // Each chart: this hour's point counts the station's lines, and the target line is drawn.
  const charts = page.getByTestId("speed-chart");
  assert.equal(await charts.count(), 2);
  const points = await charts.evaluateAll((all) => all.map((svg) => [...svg.querySelectorAll("circle")].reduce((n, c) => n + Number(c.dataset.count), 0)));
  assert.deepEqual(points, [1, 2]);
  assert.equal(await page.getByTestId("speed-target").count(), 2);
  assert.match(await charts.nth(1).getAttribute("aria-label"), /^grill: median and 90th percentile by hour, target 15 minutes; busiest hour \d\d:00 with 2 lines/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("speed-csv").click()]);
  assert.match(download.suggestedFilename(), /^speed-of-service-\d{4}-\d\d-\d\d-station\.csv$/);
  const rows = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  assert.equal(rows[0], "key,name,count,median_seconds,p90_seconds,late_share");
  assert.deepEqual(rows.slice(1).map((r) => r.split(",").slice(1, 3).join(",")), ["cold,1", "grill,2", "Total,3"]);

  // Another day: nothing was ready then; today's line stays.
  await page.getByTestId("speed-day").fill("2026-01-15");
  await page.getByTestId("speed-empty").waitFor();
  await waitCount(page, '[data-testid="speed-day-total"]', 0);
  await waitCount(page, '[data-testid="speed-today"]', 3);
  await page.getByRole("button", { name: "Today" }).click();
  await waitCount(page, '[data-testid="speed-day-total"]', 3);
  await page.getByTestId("speed-chart").nth(1).waitFor();

  await page.screenshot({ path: path.join(repoRoot, "docs/screenshots/speed-of-service.png"), fullPage: true });
  assert.deepEqual(screen.consoleErrors, []);
});

test("a waiter cannot open the page", async () => {
  const screen = await openScreen(browser, { baseUrl: server.url, name: "waiter", group: "speed-of-service" });
  await logIn(screen, "waiter1", "/waiter");
  await screen.page.goto("/speed");
  await screen.page.waitForURL("**/waiter");
});

// The manager's live dashboard (/dashboard) in a real browser: it follows
// the "/admin" feed as clients connect, orders flow and a ticket is bumped.
// Saves docs/screenshots/dashboard.png.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { io } from "socket.io-client";

import { apiClient } from "../integration/support/api.mjs";
import { tokenFor } from "../integration/support/auth.mjs";
import { waitFor } from "../integration/support/clients.mjs";
import { repoRoot } from "../integration/support/server.mjs";
import { launchBrowser, logIn, openScreen } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const waiter = apiClient(server.url, "waiter1");
const chef = apiClient(server.url, "chef1");

/** The number a data-testid element shows, or NaN while it shows "–". */
const shown = (page, testId) => page.getByTestId(testId).innerText().then(Number);

/** Waits until the number shown in `testId` is at least `min` (or exactly `exact`). */
function waitForNumber(page, testId, { min, exact }, timeout = 10_000) {
  return page.waitForFunction(
    ([id, low, equal]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const n = el === null ? NaN : Number(el.textContent);
      return equal === null ? n >= low : n === equal;
    },
    [testId, min ?? null, exact ?? null],
    { timeout },
  );
}

test("a manager's dashboard follows connections, events and the kitchen's throughput", { timeout: 60_000 }, async (t) => {
  const screen = await openScreen(browser, { baseUrl: server.url, name: "manager", group: "dashboard" });
  const { page } = screen;
  await logIn(screen, "manager1", "/waiter");
  await page.getByRole("navigation", { name: "Apps" }).getByRole("button", { name: "Dashboard" }).click();
  await page.waitForURL("**/dashboard");
  await page.locator('[data-testid="dash-state"][data-state="live"]').waitFor({ timeout: 10_000 });
  await waitForNumber(page, "dash-connections", { min: 1 });
  const before = await shown(page, "dash-connections");

  // Three more screens connect: the count follows.
  const chefToken = await tokenFor(server.url, "chef1");
  const extra = [0, 1, 2].map(() => io(server.url, { auth: { token: chefToken }, transports: ["websocket"], forceNew: true, reconnection: false }));
  t.after(() => extra.forEach((s) => s.close()));
  await Promise.all(extra.map((s) => waitFor(s, "connect")));
  await waitForNumber(page, "dash-connections", { min: before + 3 });

  // Orders flow to the kitchen: events per second rise from a quiet 0.
  await Promise.all(extra.map((s) => s.timeout(3000).emitWithAck("join:kitchen")));
  await waitForNumber(page, "dash-events-per-second", { exact: 0 });
  const orders = [];
  for (const tableId of [2, 3, 4]) {
    const created = await waiter("POST", "/api/orders", { json: { tableId, items: [{ menuItemId: 5, quantity: 1, modifiers: [{ optionId: 8 }] }] } }); // steak, rare
    assert.equal(created.status, 201, JSON.stringify(created.body));
    orders.push((await waiter("POST", `/api/orders/${created.body.orderId}/confirm`)).body);
  }
  await waitForNumber(page, "dash-events-per-second", { min: 0.01 });

  // A ticket is bumped: the hour's throughput counts it (refreshed every 5 s).
  const ticket = (action) => chef("POST", `/api/kitchen/orders/${orders[0].kitchenOrder.kitchenOrderId}/${action}`);
  for (const action of ["start", "ready", "complete"]) assert.equal((await ticket(action)).status, 200, action);
  await waitForNumber(page, "dash-tickets-per-hour", { exact: 1 }, 15_000);
  const station = page.getByTestId("dash-station");
  await station.first().waitFor();
  assert.match(await station.first().innerText(), /1\s+\d+:\d\d/);

  // The charts have drawn the samples so far.
  const points = Number(await page.getByTestId("dash-connections-chart").getAttribute("data-points"));
  assert.ok(points >= 2, `connections chart has ${points} points`);

  await page.screenshot({ path: path.join(repoRoot, "docs/screenshots/dashboard.png"), fullPage: true });
  assert.deepEqual(screen.consoleErrors, []);
});

test("a waiter cannot open the dashboard", async () => {
  const screen = await openScreen(browser, { baseUrl: server.url, name: "waiter", group: "dashboard" });
  await logIn(screen, "waiter1", "/waiter");
  await screen.page.goto("/dashboard");
  await screen.page.waitForURL("**/waiter");
  assert.equal(await screen.page.getByRole("button", { name: "Dashboard" }).count(), 0);
});

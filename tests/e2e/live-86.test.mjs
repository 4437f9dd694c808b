// Live 86 in real browsers: while a waiter's composer is open with a Classic
// Burger in it, a chef marks the burger sold out on the kitchen screen's 86
// board (PATCH /api/menu/items/{id}, docs/api.md). The dish greys out in the open composer without a reload, and
// sending the order is refused with a message naming the dish. Screenshots go
// to tests/e2e/artifacts/live-86/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen, viewports } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "live-86";

test("a chef 86es a dish while a waiter's composer is open: it greys out, and sending it is refused", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  await logIn(waiter, "waiter1", "/waiter");
  await waiter.page.getByTestId("table-5").click();
  await waiter.page.getByRole("button", { name: "New order" }).click();
  const more = waiter.page.getByRole("button", { name: "One more Classic Burger" });
  await more.click();
  assert.equal(await more.isEnabled(), true);
  await waiter.shot("composing");

  // The chef, on the kitchen screen, 86es the burger.
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  await logIn(kitchen, "chef1", "/kitchen");
  await kitchen.page.getByRole("toolbar", { name: "Kitchen tools" }).getByRole("button", { name: "86", exact: true }).click();
  await kitchen.page.getByRole("button", { name: "86 Classic Burger" }).click();
  await kitchen.page.getByRole("button", { name: "Back on: Classic Burger" }).waitFor({ timeout: 3000 });
  await kitchen.shot("86-board");

  // Greyed out at once, in the composer that is open.
  await waiter.page.getByRole("alert").filter({ hasText: "Sold out: Classic Burger" }).waitFor({ timeout: 3000 });
  await waiter.page.waitForFunction(
    () => document.querySelector('[aria-label="One more Classic Burger"]')?.disabled === true,
    null,
    { timeout: 3000 },
  );
  const line = waiter.page.locator(".menu-line.sold-out").filter({ hasText: "Classic Burger" });
  await line.waitFor();
  assert.match(await line.innerText(), /Sold out/);
  await waiter.shot("greyed-out");

  // The burger already chosen cannot go to the kitchen: a clear refusal.
  await waiter.page.getByRole("button", { name: "Send to kitchen" }).click();
  await waiter.page.getByRole("alert").filter({ hasText: "Classic Burger is sold out" }).waitFor({ timeout: 3000 });
  await waiter.shot("refused");
  const orders = (await apiClient(server.url, "waiter1")("GET", "/api/orders?tableId=5")).body.orders;
  assert.equal(orders.length, 0, "nothing was ordered");
  assert.deepEqual(waiter.consoleErrors.filter((e) => !/409/.test(e)), []);
  assert.deepEqual(kitchen.consoleErrors, []);
});

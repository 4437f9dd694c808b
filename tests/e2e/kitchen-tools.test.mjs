// The kitchen display's tools in a real browser: stats and the "all day"
// counts, priority (VIP goes first), station assignment and the station
// filter (a station's screen, kept after a reload), the ageing timer's
// colours, the new-ticket sound, and recalling the last bumped ticket.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen } from "./support/browser.mjs";
import { sendToKitchen, shownOrderIds } from "./support/kitchen-screens.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "kitchen-tools";
const waiter = apiClient(server.url, "waiter1");

test("stats, all day, priority, stations, timers, sound and recall on the kitchen display", async () => {
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  const { page } = kitchen;
  // Record the sounds the page plays.
  await page.addInitScript(() => {
    window.__sounds = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      window.__sounds.push(this.src);
      return play.call(this);
    };
  });
  await logIn(kitchen, "chef1", "/kitchen");

  const steak = await sendToKitchen(waiter, 2, [{ menuItemId: 5, quantity: 1, modifiers: [{ optionId: 8 }] }]); // Ribeye Steak rare, grill
  const fish = await sendToKitchen(waiter, 3, [{ menuItemId: 8, quantity: 2 }, { menuItemId: 10, quantity: 1 }]); // fry
  const ticketOf = (order) => page.getByTestId(`ticket-${order.kitchenOrder.kitchenOrderId}`);
  await ticketOf(fish).waitFor();
  await page.getByTestId("stat-total").filter({ hasText: "2" }).waitFor();
  assert.deepEqual(await shownOrderIds(page), [steak.orderId, fish.orderId], "oldest first");
  const sounds = await page.evaluate(() => window.__sounds);
  assert.ok(sounds.some((src) => src.endsWith("/sounds/new-ticket.wav")), `a new ticket rings: ${sounds}`);

  const allDay = page.getByRole("complementary", { name: "All day" });
  assert.match(await allDay.innerText(), /2\s+Fish and Chips/);
  assert.match(await allDay.innerText(), /1\s+French Fries/);
  assert.match(await allDay.innerText(), /1\s+Ribeye Steak/);

  // VIP goes to the front of the board.
  await ticketOf(fish).getByLabel("Priority").selectOption("vip");
  await page.locator(`[data-testid="ticket-${fish.kitchenOrder.kitchenOrderId}"].ticket-priority-vip`).waitFor();
  assert.deepEqual(await shownOrderIds(page), [fish.orderId, steak.orderId], "VIP first");

  // The steak's ticket moves to the cold station. The filter opens a
  // station's screen (its lines only), which the screen keeps.
  await ticketOf(steak).getByLabel("Station").selectOption({ label: "cold" });
  await ticketOf(steak).locator(".ticket-meta").getByText("cold", { exact: true }).waitFor();
  await page.getByRole("button", { name: "fry", exact: true }).click();
  await ticketOf(steak).waitFor({ state: "detached" });
  assert.deepEqual(await shownOrderIds(page), [fish.orderId]);
  assert.match(page.url(), /\/kitchen\?station=fry$/);
  await page.goto("/kitchen");
  await page.locator('[data-testid="board"][data-station="fry"]').waitFor();
  await ticketOf(fish).waitFor();
  assert.deepEqual(await shownOrderIds(page), [fish.orderId], "the screen kept its station");
  await kitchen.shot("fry-station");
  await page.getByRole("button", { name: "All stations" }).click();
  await ticketOf(steak).waitFor();

  // The ageing timer: yellow from 5 minutes, red from 8 (the defaults).
  const created = Date.parse(steak.kitchenOrder.createdAt);
  await page.clock.setFixedTime(created + 6 * 60_000);
  await page.locator(`[data-testid="ticket-${steak.kitchenOrder.kitchenOrderId}"].age-warn`).waitFor();
  await page.clock.setFixedTime(created + 9 * 60_000);
  await page.locator(`[data-testid="ticket-${steak.kitchenOrder.kitchenOrderId}"].age-late`).waitFor();
  await kitchen.shot("late-ticket");
  await page.clock.setFixedTime(Date.now());

  // Bump the steak, then recall it: back on the board as ready.
  for (const button of ["Start", "Ready", "Bump"]) await ticketOf(steak).getByRole("button", { name: button, exact: true }).click();
  await ticketOf(steak).waitFor({ state: "detached" });
  const recall = page.getByRole("button", { name: `Recall ${steak.orderNumber}` });
  await recall.click();
  await page.locator(`[data-testid="ticket-${steak.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  const order = await waiter("GET", `/api/orders/${steak.orderId}`);
  assert.equal(order.body.status, "ready", "the recalled order is ready again, not served");
  await kitchen.shot("recalled");
  assert.deepEqual(kitchen.consoleErrors, [], "no errors in the browser console");
});

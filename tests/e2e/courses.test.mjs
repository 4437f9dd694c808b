// Courses with hold and fire, in real browsers: a waiter sends a two-course
// dinner from the phone; the starter goes to the cold station at once while
// the main waits on the grill's screen, greyed and "held" (no timer, not in
// "all day", no Start); the waiter presses "Fire mains" and the grill's line
// turns live.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen, viewports } from "./support/browser.mjs";
import { openStationScreen, ticketOn } from "./support/kitchen-screens.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "courses";
const baseUrl = server.url;
const waiterApi = apiClient(baseUrl, "waiter1");

test("a two-course dinner: the main waits, held, on the grill until the waiter fires it", async () => {
  const grill = await openStationScreen(browser, { baseUrl, group, station: "grill", shownAs: "grill" });
  const cold = await openStationScreen(browser, { baseUrl, group, station: "cold", shownAs: "cold" });
  const waiter = await openScreen(browser, { baseUrl, name: "waiter", group, viewport: viewports.phone });
  await logIn(waiter, "waiter1", "/waiter");

  // A starter (course 1, cold) and a main (course 2, grill), each on its menu's course.
  await waiter.page.getByTestId("table-7").click();
  await waiter.page.getByRole("button", { name: "New order" }).click();
  await waiter.page.getByRole("button", { name: "One more Garden Salad" }).click();
  await waiter.page.getByRole("button", { name: "One more Classic Burger" }).click();
  await waiter.page.getByRole("button", { name: "Send to kitchen" }).click();
  const card = waiter.page.locator('[data-testid^="order-"]').first();
  const fire = card.getByRole("button", { name: "Fire mains" });
  await fire.waitFor();
  const order = (await waiterApi("GET", "/api/orders?limit=10")).body.orders.find((o) => o.tableId === 7);
  const burger = order.items.find((item) => item.name === "Classic Burger");
  assert.equal(burger.held, true, "the main is held");
  assert.match(await card.locator("li", { hasText: "Classic Burger" }).innerText(), /\bheld\b/);
  await waiter.shot("main-held");

  // The grill shows the main greyed and held: no timer, no Start, nothing "all day".
  const grillTicket = ticketOn(grill.page, order);
  await grillTicket.waitFor();
  const heldLine = grill.page.getByTestId(`kitchen-line-${burger.itemId}`);
  assert.equal(await heldLine.getAttribute("data-held"), "true");
  assert.match(await heldLine.getAttribute("class"), /\bitem-held\b/);
  assert.match(await heldLine.innerText(), /held/i);
  assert.equal(await grillTicket.getAttribute("data-part-status"), "held");
  assert.equal(await grillTicket.locator(".ticket-age").innerText(), "held");
  assert.equal(await grill.page.getByRole("button", { name: "Start Classic Burger" }).count(), 0);
  assert.equal(await grillTicket.getByRole("button", { name: "Station done" }).count(), 0);
  assert.match(await grill.page.getByRole("complementary", { name: "All day" }).innerText(), /Nothing to cook/);
  await grill.shot("main-held");

  // The starter is live on the cold station, which sees the grill's part held.
  const coldTicket = ticketOn(cold.page, order);
  await coldTicket.getByRole("button", { name: "Start Garden Salad" }).waitFor();
  assert.match(await coldTicket.getByTestId("station-progress").innerText(), /grill held/);
  assert.match(await cold.page.getByRole("complementary", { name: "All day" }).innerText(), /1\s+Garden Salad/);

  // "Fire mains": the grill's line turns live at once.
  await fire.click();
  await grill.page.locator(`[data-testid="kitchen-line-${burger.itemId}"][data-held="false"]`).waitFor();
  assert.doesNotMatch(await heldLine.getAttribute("class"), /\bitem-held\b/);
  await grill.page.getByRole("button", { name: "Start Classic Burger" }).waitFor();
  await grill.page.locator(`[data-testid="ticket-${order.kitchenOrder.kitchenOrderId}"][data-part-status="pending"]`).waitFor();
  assert.match(await grillTicket.locator(".ticket-age").innerText(), /^\d+:\d\d$/, "the main's timer runs");
  assert.match(await grill.page.getByRole("complementary", { name: "All day" }).innerText(), /1\s+Classic Burger/);
  await coldTicket.getByTestId("station-progress").filter({ hasText: "grill waiting" }).waitFor();
  await fire.waitFor({ state: "detached" });
  assert.doesNotMatch(await card.locator("li", { hasText: "Classic Burger" }).innerText(), /\bheld\b/);
  const fired = (await waiterApi("GET", `/api/orders/${order.orderId}`)).body.items.find((item) => item.itemId === burger.itemId);
  assert.equal(fired.held, false);
  assert.notEqual(fired.firedAt, null);
  await grill.shot("main-fired");
  await waiter.shot("main-fired");

  for (const screen of [grill, cold, waiter]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

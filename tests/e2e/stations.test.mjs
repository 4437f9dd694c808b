// The kitchen as kitchens work, in real browsers: one order for three
// stations appears on the grill's, the fryer's and the cold station's
// screens, each with only its own lines; each station cooks its part (line by
// line, or the whole part at once) and sees the others' progress; the expo
// sees every part, flags the done food waiting on a late part, and bumps the
// order (then recalls it). Saves docs/screenshots/station.png and expo.png.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { repoRoot } from "../integration/support/server.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { expoTicketOn, openKitchenScreen, openStationScreen, sendToKitchen, ticketOn } from "./support/kitchen-screens.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "stations";
const waiter = apiClient(server.url, "waiter1");
const baseUrl = server.url;

// Demo dishes (src/store/demo_data.cpp), all mains (course 2), so all fired at once.
const burger = 6; // grill
const fishAndChips = 8; // fry
const caesar = 9; // cold
const gardenSalad = 1; // cold, a starter

const linesOf = (ticket) => ticket.locator('[data-testid^="kitchen-line-"]').allInnerTexts();

test("a three-station order is cooked on three station screens and bumped at the pass", async () => {
  // The station named by name in any case, or by id (cold is station 3).
  const grill = await openStationScreen(browser, { baseUrl, group, station: "grill", shownAs: "grill" });
  const fry = await openStationScreen(browser, { baseUrl, group, station: "FRY", shownAs: "fry" });
  const cold = await openStationScreen(browser, { baseUrl, group, station: "3", shownAs: "cold" });
  const expo = await openKitchenScreen(browser, { baseUrl, group, name: "expo", path: "/kitchen/expo" });

  const order = await sendToKitchen(waiter, 5, [
    { menuItemId: burger, quantity: 2 },
    { menuItemId: fishAndChips, quantity: 1 },
    { menuItemId: caesar, quantity: 1 },
  ]);
  const line = (name) => order.items.find((item) => item.name === name);

  // Each station sees the ticket with its own line only.
  for (const [screen, dish] of [
    [grill, /^2\s*Classic Burger/],
    [fry, /^1\s*Fish and Chips/],
    [cold, /^1\s*Chicken Caesar Salad/],
  ]) {
    await ticketOn(screen.page, order).waitFor();
    const lines = await linesOf(ticketOn(screen.page, order));
    assert.equal(lines.length, 1, `one line on ${screen.page.url()}: ${lines}`);
    assert.match(lines[0], dish);
  }
  const grillTicket = ticketOn(grill.page, order);
  assert.match(await grillTicket.getByTestId("station-progress").innerText(), /fry waiting · cold waiting/);

  // The grill works line by line; the expo follows.
  await grill.page.getByRole("button", { name: "Start Classic Burger" }).click();
  await grill.page.locator(`[data-testid="kitchen-line-${line("Classic Burger").itemId}"][data-status="preparing"]`).waitFor();
  await expoTicketOn(expo.page, order).locator('[data-station="grill"][data-status="preparing"]').waitFor();
  await grill.shot("burger-cooking");
  await grill.page.getByRole("button", { name: "Ready Classic Burger" }).click();
  await grillTicket.waitFor({ state: "detached" });
  await grill.page.getByText("No open tickets.").waitFor();

  // The cold station finishes its part in one go; the fryer starts its part.
  await ticketOn(cold.page, order).getByRole("button", { name: "Station done" }).click();
  await ticketOn(cold.page, order).waitFor({ state: "detached" });
  const fryTicket = ticketOn(fry.page, order);
  await fryTicket.getByRole("button", { name: "Start station" }).click();
  await fry.page.locator(`[data-testid="kitchen-line-${line("Fish and Chips").itemId}"][data-status="preparing"]`).waitFor();
  await fryTicket.getByTestId("station-progress").filter({ hasText: "grill done · cold done" }).waitFor();
  await fry.shot("fry-cooking");
  await fry.page.screenshot({ path: path.join(repoRoot, "docs/screenshots/station.png") });

  // The expo: grill and cold done, the fryer cooking; once the fryer is late
  // (the red threshold, 8 minutes) the order says what it waits on.
  const pass = expoTicketOn(expo.page, order);
  const parts = await pass.locator(".expo-part").evaluateAll((els) => els.map((el) => [el.dataset.station, el.dataset.status]));
  assert.deepEqual(parts, [["grill", "ready"], ["fry", "preparing"], ["cold", "ready"]], "each station's part, in station order");
  assert.equal(await pass.getAttribute("data-attention"), "false");
  await expo.page.clock.setFixedTime(Date.parse(order.kitchenOrder.createdAt) + 9 * 60_000);
  await expo.page.locator(`[data-testid="expo-ticket-${order.kitchenOrder.kitchenOrderId}"][data-attention="true"]`).waitFor();
  assert.equal(await pass.getByTestId("expo-alert").innerText(), "Waiting on fry");
  await expo.shot("waiting-on-fry");
  await expo.page.screenshot({ path: path.join(repoRoot, "docs/screenshots/expo.png") });
  await expo.page.clock.setFixedTime(Date.now());

  // The fryer is done: every line is ready, so the ticket is; the pass completes it.
  await fryTicket.getByRole("button", { name: "Station done" }).click();
  await fryTicket.waitFor({ state: "detached" });
  await expo.page.locator(`[data-testid="expo-ticket-${order.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  await pass.getByRole("button", { name: "Complete" }).click();
  await pass.waitFor({ state: "detached" });
  const served = await waiter("GET", `/api/orders/${order.orderId}`);
  assert.equal(served.body.status, "served");
  assert.deepEqual(
    served.body.items.map((item) => item.status),
    ["served", "served", "served"],
  );

  // Recalled: back at the pass, ready.
  await expo.page.getByRole("button", { name: `Recall ${order.orderNumber}` }).click();
  await expo.page.locator(`[data-testid="expo-ticket-${order.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  assert.equal((await waiter("GET", `/api/orders/${order.orderId}`)).body.status, "ready");
  await pass.getByRole("button", { name: "Complete" }).click();
  await pass.waitFor({ state: "detached" });

  // "Bump to pass" sends an order to the pass before its station said so.
  const salad = await sendToKitchen(waiter, 6, [{ menuItemId: gardenSalad, quantity: 1 }]);
  await ticketOn(cold.page, salad).waitFor();
  await expoTicketOn(expo.page, salad).getByRole("button", { name: "Bump to pass" }).click();
  await expo.page.locator(`[data-testid="expo-ticket-${salad.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  await ticketOn(cold.page, salad).waitFor({ state: "detached" });
  assert.equal((await waiter("GET", `/api/orders/${salad.orderId}`)).body.items[0].status, "ready");

  for (const screen of [grill, fry, cold, expo]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

// A service from the keyboard alone (a bump bar sends keys): a two-station,
// two-course order and an older one are selected, started, re-prioritised,
// finished, recalled and bumped on the fryer's and the grill's screens and at
// the pass with digits, Home, S, P, B, Enter and R, never a click. The waiter
// fires the mains over REST, as the phone does.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { expoTicketOn, openKitchenScreen, openStationScreen, sendToKitchen, shownOrderIds, ticketOn } from "./support/kitchen-screens.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "bump-bar";
const baseUrl = server.url;
const waiter = apiClient(baseUrl, "waiter1");

// Demo dishes (src/store/demo_data.cpp).
const crispyCalamari = 3; // fry, starter (course 1)
const burger = 6; // grill, main (course 2)
const frenchFries = 10; // fry, side (course 2)
const onionRings = 11; // fry, side (course 2)

/** Waits until exactly `order`'s ticket is the selected one. */
async function selected(page, order, prefix = "ticket-") {
  await page.locator(`[data-testid="${prefix}${order.kitchenOrder.kitchenOrderId}"][aria-current="true"][data-selected="true"]`).waitFor();
  assert.equal(await page.locator('[data-selected="true"]').count(), 1, "one ticket selected");
}

test("a two-station, two-course order prepared and bumped from the keyboard alone", async () => {
  const fry = await openStationScreen(browser, { baseUrl, group, station: "fry", shownAs: "fry" });
  const grill = await openStationScreen(browser, { baseUrl, group, station: "grill", shownAs: "grill" });
  const expo = await openKitchenScreen(browser, { baseUrl, group, name: "expo", path: "/kitchen/expo" });

  const older = await sendToKitchen(waiter, 8, [{ menuItemId: frenchFries, quantity: 1 }]);
  const dinner = await sendToKitchen(waiter, 9, [
    { menuItemId: crispyCalamari, quantity: 1 },
    { menuItemId: burger, quantity: 1 },
    { menuItemId: onionRings, quantity: 1 },
  ]);
  const [calamari, rings] = ["Crispy Calamari", "Onion Rings"].map((name) => dinner.items.find((item) => item.name === name));
  const keys = (screen, ...sequence) => sequence.reduce((done, key) => done.then(() => screen.page.keyboard.press(key)), Promise.resolve());

  // The fryer: the older ticket first and selected; 2 selects the dinner, P
  // makes it express (to the front, still selected), S starts the fryer's
  // part, Enter finishes it: the calamari is ready, the rings stay held.
  await ticketOn(fry.page, dinner).waitFor();
  assert.deepEqual(await shownOrderIds(fry.page), [older.orderId, dinner.orderId]);
  await selected(fry.page, older);
  await keys(fry, "2");
  await selected(fry.page, dinner);
  await keys(fry, "p");
  await fry.page.locator(`[data-testid="ticket-${dinner.kitchenOrder.kitchenOrderId}"].ticket-priority-express`).waitFor();
  assert.deepEqual(await shownOrderIds(fry.page), [dinner.orderId, older.orderId], "express goes first");
  await selected(fry.page, dinner);
  await keys(fry, "s");
  await fry.page.locator(`[data-testid="kitchen-line-${calamari.itemId}"][data-status="preparing"]`).waitFor();
  await keys(fry, "Enter");
  await fry.page.locator(`[data-testid="kitchen-line-${calamari.itemId}"][data-status="ready"]`).waitFor();
  assert.equal(await ticketOn(fry.page, dinner).getAttribute("data-part-status"), "ready");
  assert.equal(await fry.page.getByTestId(`kitchen-line-${rings.itemId}`).getAttribute("data-held"), "true");
  await fry.shot("starter-done");

  // Home selects the oldest; B finishes its fries and it leaves the fryer's
  // screen; R brings it back.
  await keys(fry, "Home");
  await selected(fry.page, older);
  await keys(fry, "b");
  await ticketOn(fry.page, older).waitFor({ state: "detached" });
  await keys(fry, "r");
  await fry.page.locator(`[data-testid="ticket-${older.kitchenOrder.kitchenOrderId}"][data-part-status="ready"]`).waitFor();
  await fry.shot("recalled");

  // The waiter fires the mains: the grill's burger and the fryer's rings go live.
  const fired = await waiter("POST", `/api/orders/${dinner.orderId}/courses/2/fire`);
  assert.equal(fired.status, 200, JSON.stringify(fired.body));
  await fry.page.locator(`[data-testid="kitchen-line-${rings.itemId}"][data-held="false"]`).waitFor();
  await grill.page.locator(`[data-testid="ticket-${dinner.kitchenOrder.kitchenOrderId}"][data-part-status="pending"]`).waitFor();

  // The grill: 1, S, B.
  await keys(grill, "1");
  await selected(grill.page, dinner);
  await keys(grill, "s");
  await grill.page.locator(`[data-testid="ticket-${dinner.kitchenOrder.kitchenOrderId}"][data-part-status="preparing"]`).waitFor();
  await keys(grill, "b");
  await ticketOn(grill.page, dinner).waitFor({ state: "detached" });

  // The fryer finishes the rings (1 is the express dinner): every line is ready.
  await keys(fry, "1");
  await selected(fry.page, dinner);
  await keys(fry, "b");
  await ticketOn(fry.page, dinner).waitFor({ state: "detached" });

  // The pass, oldest first: both ready. 2 and B complete the dinner; Home
  // and Enter the older one; R recalls it.
  await expo.page.locator(`[data-testid="expo-ticket-${dinner.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  await expo.page.locator(`[data-testid="expo-ticket-${older.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  assert.deepEqual(await shownOrderIds(expo.page, "expo-ticket-"), [older.orderId, dinner.orderId], "oldest first, whatever the priority");
  await keys(expo, "2");
  await selected(expo.page, dinner, "expo-ticket-");
  await expo.shot("dinner-selected");
  await keys(expo, "b");
  await expoTicketOn(expo.page, dinner).waitFor({ state: "detached" });
  await keys(expo, "Home");
  await selected(expo.page, older, "expo-ticket-");
  await keys(expo, "Enter");
  await expoTicketOn(expo.page, older).waitFor({ state: "detached" });
  await expo.page.getByText("No open orders.").waitFor();
  assert.equal((await waiter("GET", `/api/orders/${dinner.orderId}`)).body.status, "served");
  assert.equal((await waiter("GET", `/api/orders/${older.orderId}`)).body.status, "served");
  await keys(expo, "r");
  await expo.page.locator(`[data-testid="expo-ticket-${older.kitchenOrder.kitchenOrderId}"][data-status="ready"]`).waitFor();
  assert.equal((await waiter("GET", `/api/orders/${older.orderId}`)).body.status, "ready");
  await expo.shot("recalled");

  for (const screen of [fry, grill, expo]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

test("R recalls a bump whose answer is still on its way, as the ticket has already left", async () => {
  const fry = await openStationScreen(browser, { baseUrl, group, station: "fry", shownAs: "fry" });
  const order = await sendToKitchen(waiter, 7, [{ menuItemId: frenchFries, quantity: 1 }]);
  await ticketOn(fry.page, order).waitFor();

  // The bump's answer is held back until R was pressed; its event is not.
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await fry.page.route(/\/api\/kitchen\/orders\/\d+\/stations\/\d+\/ready$/, async (route) => {
    const answer = await route.fetch();
    await released;
    await route.fulfill({ response: answer });
  });

  await selected(fry.page, order);
  await fry.page.keyboard.press("b");
  await ticketOn(fry.page, order).waitFor({ state: "detached" });
  await fry.page.keyboard.press("r");
  release();
  await fry.page.locator(`[data-testid="ticket-${order.kitchenOrder.kitchenOrderId}"][data-part-status="ready"]`).waitFor();
  assert.deepEqual(fry.consoleErrors, [], "no errors in the browser console");
});

test("R at the pass recalls a completion still on its way, though the ticket is still shown", async () => {
  const expo = await openKitchenScreen(browser, { baseUrl, group, name: "expo-held", path: "/kitchen/expo" });
  const chef = apiClient(baseUrl, "chef1");
  const order = await sendToKitchen(waiter, 6, [{ menuItemId: frenchFries, quantity: 1 }]);
  const ticketId = order.kitchenOrder.kitchenOrderId;
  for (const verb of ["start", "ready"]) assert.equal((await chef("POST", `/api/kitchen/orders/${ticketId}/${verb}`)).status, 200);
  await expo.page.locator(`[data-testid="expo-ticket-${ticketId}"][data-status="ready"]`).waitFor();

  // The completion reaches the server only after R was pressed: when R waits
  // for it, the ticket is still on the screen, and must be recalled anyway.
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await expo.page.route(/\/api\/kitchen\/orders\/\d+\/complete$/, async (route) => {
    await released;
    await route.fulfill({ response: await route.fetch() });
  });

  const position = (await shownOrderIds(expo.page, "expo-ticket-")).indexOf(order.orderId) + 1;
  await expo.page.keyboard.press(String(position));
  await selected(expo.page, order, "expo-ticket-");
  await expo.page.keyboard.press("b");
  await expo.page.keyboard.press("r");
  release();
  await expo.page.getByText(`Recalled ${order.orderNumber}`).waitFor();
  await expo.page.locator(`[data-testid="expo-ticket-${ticketId}"][data-status="ready"]`).waitFor();
  assert.equal((await waiter("GET", `/api/orders/${order.orderId}`)).body.status, "ready", "the order is back at the pass");
  assert.deepEqual(expo.consoleErrors, [], "no errors in the browser console");
});

// The kitchen's screens for the browser tests: orders sent to the kitchen
// over REST (as a waiter's phone would), a station's screen, the expo, and
// reading a board's tickets in the order shown.

import assert from "node:assert/strict";

import { logIn, openScreen, waitLive } from "./browser.mjs";

/** Creates and confirms an order as `waiter` (an apiClient); resolves to the confirmed order. */
export async function sendToKitchen(waiter, tableId, items) {
  const created = await waiter("POST", "/api/orders", { json: { tableId, items } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const confirmed = await waiter("POST", `/api/orders/${created.body.orderId}/confirm`);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return confirmed.body;
}

/** A chef's screen at `path` (e.g. "/kitchen?station=grill"), live. */
export async function openKitchenScreen(browser, { baseUrl, group, name, path }) {
  const screen = await openScreen(browser, { baseUrl, name, group });
  await logIn(screen, "chef1", "/kitchen");
  await screen.page.goto(path);
  await waitLive(screen);
  return screen;
}

/** A station's screen: `station` as the URL names it (a name in any case, or an id); `shownAs` the name it shows. */
export async function openStationScreen(browser, { baseUrl, group, station, shownAs }) {
  const screen = await openKitchenScreen(browser, { baseUrl, group, name: shownAs, path: `/kitchen?station=${encodeURIComponent(station)}` });
  await screen.page.locator(`[data-testid="board"][data-station="${shownAs}"]`).waitFor();
  return screen;
}

/** A ticket of `order` on a kitchen or station screen. */
export const ticketOn = (page, order) => page.getByTestId(`ticket-${order.kitchenOrder.kitchenOrderId}`);

/** The same order on the expo. */
export const expoTicketOn = (page, order) => page.getByTestId(`expo-ticket-${order.kitchenOrder.kitchenOrderId}`);

/** The order ids of a board's tickets (`prefix`: "ticket-" or "expo-ticket-"), in the order shown. */
export const shownOrderIds = (page, prefix = "ticket-") =>
  page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-order-id"))));

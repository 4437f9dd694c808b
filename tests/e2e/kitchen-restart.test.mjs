// The kitchen display survives a server restart: its banner says it is
// offline, it reconnects by itself when the server is back, and without a
// reload it shows the tickets as they are now, including changes made while
// it was away.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

let server = await startWebServer();
const browser = await launchBrowser();
const group = "kitchen-restart";

async function confirmedOrder(url, tableId, menuItemId) {
  const waiter = apiClient(url, "waiter1");
  const created = await waiter("POST", "/api/orders", { json: { tableId, items: [{ menuItemId, quantity: 1 }] } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const confirmed = await waiter("POST", `/api/orders/${created.body.orderId}/confirm`);
  assert.equal(confirmed.status, 200);
  return confirmed.body;
}

const ticketIds = (page) =>
  page.locator('[data-testid^="ticket-"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-order-id"))).sort((a, b) => a - b));

test("the kitchen display shows the right tickets after the server restarts, without a reload", async () => {
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  await logIn(kitchen, "chef1", "/kitchen");
  const first = await confirmedOrder(server.url, 2, 6); // Classic Burger (the steak needs its cooking)
  const second = await confirmedOrder(server.url, 3, 10);
  await kitchen.page.locator('[data-testid^="ticket-"]').nth(1).waitFor();
  assert.deepEqual(await ticketIds(kitchen.page), [first.orderId, second.orderId]);
  await kitchen.shot("before-restart");
  let reloaded = false;
  kitchen.page.on("load", () => (reloaded = true));

  const { port, db } = server;
  await server.stop();
  await kitchen.page.locator('[data-testid="connection-banner"]:not([data-state="live"])').waitFor();
  assert.match(await kitchen.page.getByTestId("connection-banner").innerText(), /offline since/i);
  await kitchen.shot("offline");

  server = await startWebServer({ db, port });
  // Changes right after the restart, most likely before the display is back:
  // the first ticket is bumped through to served, a third one arrives.
  const chef = apiClient(server.url, "chef1");
  const ticket = first.kitchenOrder.kitchenOrderId;
  for (const verb of ["start", "ready", "complete"]) {
    assert.equal((await chef("POST", `/api/kitchen/orders/${ticket}/${verb}`)).status, 200);
  }
  const third = await confirmedOrder(server.url, 9, 16);

  await waitLive(kitchen, 15_000);
  await kitchen.page.locator(`[data-testid^="ticket-"][data-order-id="${third.orderId}"]`).waitFor();
  await kitchen.page.locator(`[data-testid^="ticket-"][data-order-id="${first.orderId}"]`).waitFor({ state: "detached" });
  assert.deepEqual(await ticketIds(kitchen.page), [second.orderId, third.orderId]);
  assert.equal(reloaded, false, "the page was not reloaded");
  await kitchen.page.getByTestId("stat-total").filter({ hasText: "2" }).waitFor();
  await kitchen.shot("after-restart");
});

// The screens keep their orders from the events' payloads (docs/apps.md,
// "Connection and reconnection"): through an order's whole life, driven over
// REST, the kitchen display and the table display make no REST request at all
// and the waiter's phone one (another phone added dishes, which the waiters
// room does not hear), while each shows every step. Then the phone loses its
// connection: back within the recovery window, it gets the missed events and
// reloads nothing; back after it, in a new session, it reloads the floor once
// and shows what changed meanwhile.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { cliToken } from "../integration/support/auth.mjs";
import { launchBrowser, logIn, openScreen, viewports, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

// Sessions dropped for more than 3 s are not recovered: the second test waits that out.
const recoveryWindowS = 3;
const server = await startWebServer({ extraArgs: ["--recovery-window", String(recoveryWindowS)] });
const browser = await launchBrowser();
const group = "live-payloads";
const manager = apiClient(server.url, "manager1");
const chef = apiClient(server.url, "chef1");

// Demo dishes (src/store/demo_data.cpp), each on its station.
const burger = 6; // Classic Burger, grill
const fries = 10; // French Fries, fry
const lemonade = 16; // Fresh Lemonade, bar

async function ok(call) {
  const res = await call;
  assert.ok(res.status >= 200 && res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every REST request a screen's page makes from now on (paths with their query). */
function apiRequests(page) {
  const seen = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return seen;
}

/** The status of each of an order's lines on the table display, in order. */
const tableLines = (table, orderId) =>
  table.page.getByTestId(`table-order-${orderId}`).locator(".progress-line").evaluateAll((els) => els.map((el) => el.dataset.status));

async function waitForLines(table, orderId, expected) {
  await table.page.waitForFunction(
    ([id, want]) => {
      const lines = [...document.querySelectorAll(`[data-testid="table-order-${id}"] .progress-line`)].map((el) => el.dataset.status);
      return JSON.stringify(lines) === JSON.stringify(want);
    },
    [orderId, expected],
  );
  assert.deepEqual(await tableLines(table, orderId), expected);
}

test("an order's whole life reaches every screen from the events, without REST reads", async () => {
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  const table = await openScreen(browser, { baseUrl: server.url, name: "table", group });
  await logIn(kitchen, "chef1", "/kitchen");
  await kitchen.page.getByText("No open tickets.").waitFor();
  await logIn(waiter, "waiter1", "/waiter");
  await waiter.page.getByTestId("table-5").click();
  await waiter.page.getByText("No open orders.").waitFor();
  const device = cliToken(server.db, ["--role", "table_display", "--table", "5", "--name", "Table 5"]);
  await table.page.goto(`/pair#token=${device.token}`);
  await waitLive(table);
  await table.page.getByText("Your orders will appear here").waitFor();

  // Loaded: from here on every change comes through the events.
  const reads = { kitchen: apiRequests(kitchen.page), waiter: apiRequests(waiter.page), table: apiRequests(table.page) };

  // Another waiter (a manager, over REST) takes the order: pending, on the phone and the table.
  const order = await ok(manager("POST", "/api/orders", { json: { tableId: 5, items: [{ menuItemId: burger, quantity: 1 }, { menuItemId: fries, quantity: 1 }] } }));
  const card = waiter.page.getByTestId(`order-${order.orderId}`);
  await card.and(waiter.page.locator('[data-status="pending"]')).waitFor();
  await waitForLines(table, order.orderId, ["pending", "pending"]);

  // Sent to the kitchen: the ticket arrives whole, with its lines and their stations.
  const confirmed = await ok(manager("POST", `/api/orders/${order.orderId}/confirm`));
  const ticketId = confirmed.kitchenOrder.kitchenOrderId;
  const ticket = kitchen.page.getByTestId(`ticket-${ticketId}`);
  await ticket.and(kitchen.page.locator('[data-status="pending"]')).waitFor();
  const [burgerLine, friesLine] = confirmed.items;
  for (const line of confirmed.items) await ticket.getByTestId(`kitchen-line-${line.itemId}`).waitFor();
  await card.and(waiter.page.locator('[data-status="confirmed"]')).waitFor();
  await kitchen.shot("ticket-arrived");

  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/acknowledge`));
  await ticket.and(kitchen.page.locator('[data-status="acknowledged"]')).waitFor();
  await ticket.getByText("Charlie Chef").waitFor();

  // Started: the ticket's lines start with it (the event carries the ticket, the rule moves the lines).
  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/start`));
  await ticket.and(kitchen.page.locator('[data-status="preparing"]')).waitFor();
  await ticket.locator(`[data-testid="kitchen-line-${burgerLine.itemId}"][data-status="preparing"]`).waitFor();
  await waitForLines(table, order.orderId, ["preparing", "preparing"]);
  await card.and(waiter.page.locator('[data-status="preparing"]')).waitFor();

  // A drink added: the kitchen and the table hear order:items_added; the phone does not.
  const added = await ok(manager("POST", `/api/orders/${order.orderId}/items`, { json: { items: [{ menuItemId: lemonade, quantity: 2 }] } }));
  const drink = added.items.at(-1);
  await ticket.locator(`[data-testid="kitchen-line-${drink.itemId}"][data-status="pending"]`).waitFor();
  await waitForLines(table, order.orderId, ["preparing", "preparing", "pending"]);

  // The fryer's part done: the line's own event; the station progress counts it.
  await ok(chef("PATCH", `/api/orders/${order.orderId}/items/${friesLine.itemId}`, { json: { status: "ready" } }));
  await ticket.locator(`[data-testid="kitchen-line-${friesLine.itemId}"][data-status="ready"]`).waitFor();
  await ticket.locator('[data-testid="station-progress"] [data-station="fry"][data-status="ready"]').waitFor();
  await waitForLines(table, order.orderId, ["preparing", "ready", "pending"]);
  // The phone's lines no longer add up to the order's total: it reads the order once, and shows the drink.
  await card.getByText("Fresh Lemonade").waitFor();
  await kitchen.shot("fries-ready");

  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/ready`));
  await ticket.and(kitchen.page.locator('[data-status="ready"]')).waitFor();
  await waitForLines(table, order.orderId, ["ready", "ready", "ready"]);
  await card.and(waiter.page.locator('[data-status="ready"]')).waitFor();
  await waiter.page.getByText(`Order ${order.orderNumber} for table 5 is ready!`).waitFor();

  // Bumped: off the board, served at the table and on the phone.
  await ok(chef("POST", `/api/kitchen/orders/${ticketId}/complete`));
  await ticket.waitFor({ state: "detached" });
  await waitForLines(table, order.orderId, ["served", "served", "served"]);
  await card.and(waiter.page.locator('[data-status="served"]')).waitFor();
  await table.shot("served");

  assert.deepEqual(reads.kitchen, [], "the kitchen display read nothing over REST");
  assert.deepEqual(reads.table, [], "the table display read nothing over REST");
  assert.deepEqual(reads.waiter, [`GET /api/orders/${order.orderId}`], "the phone read the order once: for the dishes another phone added");
  for (const screen of [kitchen, waiter, table]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

/**
 * Cuts the page's Socket.IO connection on demand (its WebSocket and the
 * long-polling requests it starts again with) and lets it through again.
 */
async function severable(page) {
  let down = false;
  const open = new Set();
  await page.route(/\/socket\.io\//, (route) => (down ? route.abort("internetdisconnected") : route.continue()));
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) return void ws.close();
    const connection = { page: ws, server: ws.connectToServer() };
    open.add(connection);
    // A handler of its own stops Playwright forwarding the page's close: forward it.
    ws.onClose((code, reason) => {
      open.delete(connection);
      void connection.server.close({ code, reason }).catch(() => {});
    });
  });
  return {
    /** Both ends close at once, as when the Wi-Fi drops: the server counts the session's window from now. */
    async cut() {
      down = true;
      for (const { page: ws, server } of open) await Promise.all([ws.close(), server.close()]);
    },
    restore() {
      down = false;
    },
  };
}

test("a phone back in its session applies what it missed; one back too late reloads the floor", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter-reconnecting", group, viewport: viewports.phone });
  const line = await severable(waiter.page);
  await logIn(waiter, "waiter1", "/waiter");
  await waiter.page.getByTestId("table-6").click();
  const order = await ok(manager("POST", "/api/orders", { json: { tableId: 6, items: [{ menuItemId: burger, quantity: 1 }] } }));
  const card = waiter.page.getByTestId(`order-${order.orderId}`);
  await card.and(waiter.page.locator('[data-status="pending"]')).waitFor();
  const banner = waiter.page.getByTestId("connection-banner");
  const reads = apiRequests(waiter.page);

  // A short cut: the session is recovered, the confirmation replayed, nothing reloaded.
  await line.cut();
  await banner.and(waiter.page.locator(':not([data-state="live"])')).waitFor();
  const confirmed = await ok(manager("POST", `/api/orders/${order.orderId}/confirm`));
  line.restore();
  await waitLive(waiter, 15_000);
  await card.and(waiter.page.locator('[data-status="confirmed"]')).waitFor();
  assert.deepEqual(reads, [], "recovered: no catch-up, no reload");
  await waiter.shot("recovered");

  // A cut longer than the recovery window: a new session, so the floor is loaded again.
  await line.cut();
  await banner.and(waiter.page.locator(':not([data-state="live"])')).waitFor();
  const ticketId = confirmed.kitchenOrder.kitchenOrderId;
  for (const verb of ["start", "ready"]) await ok(chef("POST", `/api/kitchen/orders/${ticketId}/${verb}`));
  await new Promise((resolve) => setTimeout(resolve, (recoveryWindowS + 1) * 1000)); // the window passes
  line.restore();
  await waitLive(waiter, 15_000);
  await card.and(waiter.page.locator('[data-status="ready"]')).waitFor();
  assert.ok(reads.includes("GET /api/orders?limit=200"), `a new session reloads the floor: ${JSON.stringify(reads)}`);
  assert.equal(reads.filter((r) => r === "GET /api/orders?limit=200").length, 1, "once");
  await waiter.shot("new-session");
  assert.deepEqual(waiter.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e)), [], "no errors in the browser console");
});

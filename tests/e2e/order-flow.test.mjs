// The evening's main flow in real browsers: a waiter (on a phone) logs in and
// sends an order for table 4; within a second it is on the kitchen display and
// on table 4's display; the kitchen acknowledges, starts and readies it; the
// waiter gets the ready notification and the table display shows it ready.
// Screenshots of every screen at every step go to tests/e2e/artifacts/order-flow/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { cliToken } from "../integration/support/auth.mjs";
import { launchBrowser, logIn, openScreen, viewports, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "order-flow";

test("an order goes from the waiter's phone to the kitchen and the table, and back as ready", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  const table = await openScreen(browser, { baseUrl: server.url, name: "table", group });

  // A manager makes the pairing link of table 4's screen, which opens it.
  const manager = await openScreen(browser, { baseUrl: server.url, name: "manager", group });
  await logIn(manager, "manager1", "/waiter");
  await manager.page.getByRole("button", { name: "Screens" }).click();
  await manager.page.getByLabel("Screen").selectOption("table_display");
  await manager.page.getByRole("combobox", { name: /^Table/ }).selectOption({ label: "Table 4" });
  await manager.page.getByLabel("Name").fill("Table 4");
  await manager.page.getByRole("button", { name: "Make pairing link" }).click();
  const link = await manager.page.getByTestId("pairing-link").getAttribute("href");
  assert.match(link, /\/pair#token=[\w-]+\.[\w-]+\.[\w-]+$/);
  await manager.shot("pairing-link");
  await table.page.goto(link);
  await table.page.waitForURL("**/table");
  await waitLive(table);
  await table.page.getByRole("heading", { name: "Table 4" }).waitFor();
  await manager.context.close();
  await table.shot("paired");

  await logIn(kitchen, "chef1", "/kitchen");
  await kitchen.page.getByText("No open tickets.").waitFor();
  await kitchen.shot("empty-board");

  await logIn(waiter, "waiter1", "/waiter");
  await waiter.page.getByTestId("table-4").click();
  await waiter.page.getByRole("button", { name: "New order" }).click();
  await waiter.page.getByRole("button", { name: "One more Classic Burger" }).click();
  await waiter.page.getByRole("button", { name: "One more Classic Burger" }).click();
  await waiter.page.getByLabel("Note for Classic Burger").fill("no onions");
  await waiter.page.getByRole("group", { name: "Classic Burger choices" }).getByRole("radio", { name: "medium" }).check();
  await waiter.page.getByRole("button", { name: "One more Chicken Caesar Salad" }).click();
  await waiter.shot("composing");

  const sentAt = Date.now();
  await waiter.page.getByRole("button", { name: "Send to kitchen" }).click();
  const ticket = kitchen.page.locator('[data-testid^="ticket-"]').first();
  await ticket.waitFor({ timeout: 1000 });
  const tableOrder = table.page.locator('[data-testid^="table-order-"]').first();
  await tableOrder.waitFor({ timeout: Math.max(1, 1000 - (Date.now() - sentAt)) });
  assert.ok(Date.now() - sentAt <= 1000, `kitchen and table showed the order ${Date.now() - sentAt} ms after it was sent`);
  assert.match(await ticket.innerText(), /2\s*Classic Burger/);
  assert.match(await ticket.innerText(), /no onions/);
  assert.match(await ticket.innerText(), /medium/);
  assert.match(await ticket.innerText(), /T4/);
  await waiter.shot("sent");
  await kitchen.shot("new-ticket");
  await table.shot("received");

  for (const [button, status] of [["Acknowledge", "acknowledged"], ["Start", "preparing"], ["Ready", "ready"]]) {
    await ticket.getByRole("button", { name: button, exact: true }).click();
    await kitchen.page.locator(`[data-testid^="ticket-"][data-status="${status}"]`).waitFor();
    await kitchen.shot(status);
  }
  assert.match(await ticket.innerText(), /Chef Charlie Chef/, "the ticket names its chef");

  await waiter.page.getByRole("alert").filter({ hasText: "is ready" }).waitFor();
  await waiter.page.locator('.order-card.highlight[data-status="ready"]').waitFor();
  await waiter.shot("ready-notification");

  await table.page.locator('[data-status="ready"]').first().waitFor();
  const lines = await table.page.locator(".progress-line").evaluateAll((els) => els.map((el) => el.getAttribute("data-status")));
  assert.deepEqual(lines, ["ready", "ready"], "every item of the order shows ready");
  await table.shot("ready");

  await kitchen.page.getByTestId("stat-ready").filter({ hasText: "1" }).waitFor();
  for (const screen of [waiter, kitchen, table]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

test("the waiter serves and closes the order; the table display follows", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  const table = await openScreen(browser, { baseUrl: server.url, name: "table", group });
  const device = cliToken(server.db, ["--role", "table_display", "--table", "4", "--name", "Table 4 again"]);
  await table.page.goto(`/pair#token=${device.token}`);
  await waitLive(table);
  await table.page.locator('.progress-line[data-status="ready"]').first().waitFor();

  // Keyboard only: the login form submits with Enter.
  await waiter.page.goto("/login");
  await waiter.page.getByLabel("Username").focus();
  await waiter.page.keyboard.type("waiter1");
  await waiter.page.keyboard.press("Tab");
  await waiter.page.keyboard.type("waiter1pass");
  await waiter.page.keyboard.press("Enter");
  await waiter.page.waitForURL("**/waiter");
  await waitLive(waiter);

  await waiter.page.getByTestId("table-4").click();
  const card = waiter.page.locator('[data-testid^="order-"]').first();
  await card.getByRole("button", { name: "Mark served" }).click();
  await waiter.page.locator('[data-testid^="order-"][data-status="served"]').waitFor();
  await table.page.locator('.progress-line[data-status="served"]').nth(1).waitFor();
  await table.shot("served");
  await card.getByRole("button", { name: "Close (paid)" }).click();
  await waiter.page.getByText("No open orders.").waitFor();
  await table.page.getByText("Your orders will appear here").waitFor();
  await waiter.shot("closed");
  for (const screen of [waiter, table]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

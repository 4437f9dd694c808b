// Cancellation in real browsers: the waiter asks, the kitchen rejects with a
// reason (the waiter sees it), the waiter asks again, the kitchen accepts (the
// waiter sees the order cancelled and the ticket leaves the board).

import assert from "node:assert/strict";
import { test } from "node:test";

import { launchBrowser, logIn, openScreen, viewports } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "cancellation";

test("a cancellation rejected with a reason, then one accepted", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  await logIn(kitchen, "chef1", "/kitchen");
  await logIn(waiter, "waiter1", "/waiter");

  await waiter.page.getByTestId("table-7").click();
  await waiter.page.getByRole("button", { name: "New order" }).click();
  await waiter.page.getByRole("button", { name: "One more Fish and Chips" }).click();
  await waiter.page.getByRole("button", { name: "Send to kitchen" }).click();
  const card = waiter.page.locator('[data-testid^="order-"]').first();
  await card.waitFor();
  const ticket = kitchen.page.locator('[data-testid^="ticket-"]').first();
  await ticket.waitFor();

  // Items added later join the ticket, marked as changed.
  await card.getByRole("button", { name: "Add items" }).click();
  await waiter.page.getByRole("button", { name: "One more French Fries" }).click();
  await waiter.page.getByRole("button", { name: "Add to order" }).click();
  await card.getByText("French Fries").waitFor();
  await ticket.getByText("CHANGED").waitFor();
  assert.match(await ticket.innerText(), /1\s+French Fries/);

  const ask = async (reason) => {
    await card.getByRole("button", { name: "Request cancellation" }).click();
    await card.getByLabel("Reason for the kitchen").fill(reason);
    await card.getByRole("button", { name: "Ask the kitchen" }).click();
    await card.getByText("Cancellation requested").waitFor();
  };

  await ask("guest left");
  await ticket.getByRole("alert").filter({ hasText: "guest left" }).waitFor();
  await kitchen.shot("cancel-requested");
  await ticket.getByRole("button", { name: "Reject" }).click();
  await ticket.getByLabel("Why not?").fill("already plated");
  await ticket.getByRole("button", { name: "Send refusal" }).click();
  await card.getByTestId("cancel-rejected").filter({ hasText: "already plated" }).waitFor();
  await waiter.shot("cancel-rejected");
  assert.equal(await ticket.getAttribute("data-status"), "pending", "a rejected request leaves the ticket on the board");

  await ask("guest really left");
  await ticket.getByRole("button", { name: "Accept cancel" }).click();
  await card.getByTestId("cancel-accepted").waitFor();
  assert.equal(await card.getAttribute("data-status"), "cancelled");
  await kitchen.page.getByText("No open tickets.").waitFor();
  await waiter.shot("cancel-accepted");
  await kitchen.shot("board-after-cancel");
  for (const screen of [waiter, kitchen]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

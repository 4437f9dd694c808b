// Fire by prep time, in real browsers: a manager turns it on in the kitchen
// settings and gives the burger 12 minutes and the fries 5 on the menu page.
// A burger with fries then reaches the grill at once, while the fries wait,
// greyed, "starts in 7 min", on the fryer's screen (not in its timer or "all
// day"), the expo says when the fryer starts and the waiter's card that the
// mains are fired with a dish to start later. The fries turn live when their
// turn comes (the server's timer, their release time moved back in the
// database so the test need not wait 7 minutes), when the fryer starts them
// early, and when the waiter presses "Fire mains now".

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import { apiClient } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen, viewports } from "./support/browser.mjs";
import { expoTicketOn, openKitchenScreen, openStationScreen, sendToKitchen, ticketOn } from "./support/kitchen-screens.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

// The timer's sweep every 100 ms rather than 10 s: a due line goes at once.
const server = await startWebServer({ extraArgs: ["--auto-fire-check-ms", "100"] });
const browser = await launchBrowser();
const group = "prep-time";
const baseUrl = server.url;
const waiterApi = apiClient(baseUrl, "waiter1");
const managerApi = apiClient(baseUrl, "manager1");

// Demo dishes (src/store/demo_data.cpp), both mains (course 2): sent together.
const burger = 6; // grill
const fries = 10; // fry
const burgerAndFries = [
  { menuItemId: burger, quantity: 1 },
  { menuItemId: fries, quantity: 1 },
];

const lineOf = (order, name) => order.items.find((item) => item.name === name);
const lineOn = (page, item, state = "") => page.locator(`[data-testid="kitchen-line-${item.itemId}"]${state}`);

/** The manager gives a dish its prep time on the menu page. */
async function setPrepTime(page, dish, minutes) {
  await page.getByRole("button", { name: `Edit ${dish}` }).click();
  const form = page.getByRole("form", { name: `Change ${dish}` });
  await form.getByLabel("Prep time (min)").fill(String(minutes));
  await form.getByRole("button", { name: "Save dish" }).click();
  await form.waitFor({ state: "detached" });
}

test("fire by prep time: the fries wait their turn on the fryer's screen, then go live", async () => {
  // The manager: the switch on the settings page, prep times on the menu page.
  const manager = await openScreen(browser, { baseUrl, name: "manager", group, viewport: viewports.tablet });
  await logIn(manager, "manager1", "/waiter");
  await manager.page.getByRole("navigation", { name: "Apps" }).getByRole("button", { name: "Kitchen settings" }).click();
  const fireByPrepTime = manager.page.getByRole("switch", { name: "Fire by prep time" });
  await fireByPrepTime.waitFor();
  assert.equal(await fireByPrepTime.isChecked(), false, "off by default");
  await fireByPrepTime.check();
  await manager.page.getByRole("button", { name: "Save settings" }).click();
  await manager.page.getByText("Saved: the kitchen works this way from now on.").waitFor();
  assert.equal((await managerApi("GET", "/api/admin/settings")).body.fireByPrepTime, true);
  await manager.shot("settings");

  await manager.page.getByRole("navigation", { name: "Apps" }).getByRole("button", { name: "Menu", exact: true }).click();
  await setPrepTime(manager.page, "Classic Burger", 12);
  await setPrepTime(manager.page, "French Fries", 5);
  await manager.page.getByTestId(`dish-${burger}`).getByText("12 min to cook").waitFor();
  await manager.page.getByTestId(`dish-${fries}`).getByText("5 min to cook").waitFor();
  const menu = (await waiterApi("GET", "/api/menu")).body.menu;
  assert.deepEqual(
    [burger, fries].map((id) => menu.find((dish) => dish.menuItemId === id).prepMinutes),
    [12, 5],
  );
  await manager.shot("prep-times");

  const grill = await openStationScreen(browser, { baseUrl, group, station: "grill", shownAs: "grill" });
  const fry = await openStationScreen(browser, { baseUrl, group, station: "fry", shownAs: "fry" });
  const expo = await openKitchenScreen(browser, { baseUrl, group, name: "expo", path: "/kitchen/expo" });
  const waiter = await openScreen(browser, { baseUrl, name: "waiter", group, viewport: viewports.phone });
  await logIn(waiter, "waiter1", "/waiter");
  await waiter.page.getByTestId("table-5").click();

  // A burger with fries: the burger (the slowest) at once, the fries 7 minutes later.
  const first = await sendToKitchen(waiterApi, 5, burgerAndFries);
  const firstFries = lineOf(first, "French Fries");
  assert.equal(lineOf(first, "Classic Burger").held, false);
  assert.equal(firstFries.held, true);
  assert.notEqual(firstFries.releaseAt, null, "the fries wait for their turn, not for the waiter");
  assert.equal(firstFries.prepMinutes, 5);

  await grill.page.getByRole("button", { name: "Start Classic Burger" }).waitFor();
  const waitingFries = lineOn(fry.page, firstFries);
  await waitingFries.waitFor();
  assert.equal(await waitingFries.getAttribute("data-waits"), "turn");
  assert.match(await waitingFries.getAttribute("class"), /\bitem-held\b/);
  assert.match(await waitingFries.innerText(), /starts in 7 min/i);
  const fryTicket = ticketOn(fry.page, first);
  assert.match(await fryTicket.locator(".ticket-age").innerText(), /starts in 7 min/i, "no timer runs for the fries yet");
  assert.match(await fry.page.getByRole("complementary", { name: "All day" }).innerText(), /Nothing to cook/);
  assert.match(await fryTicket.getByTestId("station-progress").innerText(), /grill waiting/);
  const expoFry = expoTicketOn(expo.page, first).locator('[data-station="fry"]');
  await expoFry.waitFor();
  assert.match(await expoFry.locator(".part-state").innerText(), /^starts \d{1,2}:\d\d/);
  const card = waiter.page.getByTestId(`order-${first.orderId}`);
  await card.getByTestId("course-later-2").filter({ hasText: "Mains fired; 1 dish starts later" }).waitFor();
  assert.equal(await card.getByRole("button", { name: "Fire mains", exact: true }).count(), 0, "nothing waits for the waiter");
  await fry.shot("fries-waiting");
  await expo.shot("fry-starts-later");
  await waiter.shot("mains-fired-fries-later");

  // Their turn comes (7 minutes pass for the fries, in the database): the timer sends them.
  execFileSync("sqlite3", [
    server.db,
    `PRAGMA busy_timeout = 5000; UPDATE order_items SET release_at = release_at - 420000 WHERE order_id = ${first.orderId} AND release_at IS NOT NULL;`,
  ]);
  await lineOn(fry.page, firstFries, '[data-held="false"]').waitFor();
  await fry.page.getByRole("button", { name: "Start French Fries", exact: true }).waitFor();
  assert.match(await fryTicket.locator(".ticket-age").innerText(), /^\d+:\d\d$/, "the fries' timer runs");
  assert.match(await fry.page.getByRole("complementary", { name: "All day" }).innerText(), /1\s+French Fries/);
  await expoFry.filter({ hasText: "waiting" }).waitFor();
  await card.getByTestId("course-later-2").waitFor({ state: "detached" });
  await fry.shot("fries-live");

  // A second order: the fryer starts the fries early, from the screen.
  const second = await sendToKitchen(waiterApi, 6, burgerAndFries);
  const secondFries = lineOf(second, "French Fries");
  await lineOn(fry.page, secondFries, '[data-waits="turn"]').waitFor();
  await lineOn(fry.page, secondFries).getByRole("button", { name: "Start French Fries now" }).click();
  await lineOn(fry.page, secondFries, '[data-held="false"][data-status="preparing"]').waitFor();

  // A third: the waiter sends the fries at once with "Fire mains now".
  const third = await sendToKitchen(waiterApi, 5, burgerAndFries);
  const thirdFries = lineOf(third, "French Fries");
  await lineOn(fry.page, thirdFries, '[data-waits="turn"]').waitFor();
  await waiter.page.getByTestId(`order-${third.orderId}`).getByRole("button", { name: "Fire mains now" }).click();
  await lineOn(fry.page, thirdFries, '[data-held="false"][data-status="pending"]').waitFor();
  const sent = (await waiterApi("GET", `/api/orders/${third.orderId}`)).body.items.find((item) => item.itemId === thirdFries.itemId);
  assert.equal(sent.releaseAt, null);
  assert.notEqual(sent.firedAt, null);
  await fry.shot("fries-started-early-and-fired-now");

  for (const screen of [manager, grill, fry, expo, waiter]) assert.deepEqual(screen.consoleErrors, [], "no errors in the browser console");
});

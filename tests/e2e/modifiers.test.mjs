// An order line's details in real browsers: a waiter (on a phone) orders the
// demo's Classic Burger "medium, +cheese" for seat 2 of table 6, a second one
// rare for the table as a separate line, and a Ribeye Steak, whose "Steak
// cooking" must be chosen (the burger's "Cooking" is optional in the demo).
// The composer refuses to send while that choice is missing, saying so; once
// chosen, the kitchen's ticket lists "medium" and "cheese" under the burger
// with seat 2, and the burger's allergens in a warning box that says
// "Allergens" in words; the order's line and totals include the +1.50.
// Screenshots go to tests/e2e/artifacts/modifiers/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { apiClient, cents } from "../integration/support/api.mjs";
import { launchBrowser, logIn, openScreen, viewports } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "modifiers";
const api = apiClient(server.url, "waiter1");

const allergenLabels = {
  gluten: "Gluten (cereals)", crustaceans: "Crustaceans", eggs: "Eggs", fish: "Fish", peanuts: "Peanuts",
  soybeans: "Soybeans", milk: "Milk", nuts: "Tree nuts", celery: "Celery", mustard: "Mustard", sesame: "Sesame",
  sulphites: "Sulphites", lupin: "Lupin", molluscs: "Molluscs",
};

test("a burger medium with cheese for seat 2 and a steak: refused without the steak's cooking, then on the kitchen's ticket with the allergens highlighted", async () => {
  const { body: menu } = await api("GET", "/api/menu");
  const burger = menu.menu.find((item) => item.name === "Classic Burger");
  assert.ok(burger, "the demo menu has the Classic Burger");
  const cooking = burger.modifierGroups.find((g) => g.name === "Cooking");
  const extras = burger.modifierGroups.find((g) => g.name === "Extras");
  assert.ok(cooking && extras, "the burger has its Cooking and Extras groups");
  const steak = menu.menu.find((item) => item.name === "Ribeye Steak");
  const steakCooking = steak?.modifierGroups.find((g) => g.name === "Steak cooking");
  assert.ok(steakCooking?.required, "the steak's cooking must be chosen");
  const cheese = extras.options.find((o) => o.name === "cheese");
  assert.equal(cheese.priceDelta, 1.5);
  assert.ok(burger.allergens.length > 0, "the burger lists its allergens");

  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  await logIn(kitchen, "chef1", "/kitchen");
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  await logIn(waiter, "waiter1", "/waiter");
  const page = waiter.page;
  await page.getByTestId("table-6").click();
  await page.getByRole("button", { name: "New order" }).click();
  await page.getByRole("button", { name: "One more Classic Burger" }).click();
  const first = page.getByRole("group", { name: "Classic Burger choices", exact: true });
  await first.getByRole("checkbox", { name: "cheese +1.50" }).check();
  await first.getByRole("combobox", { name: "Seat for Classic Burger", exact: true }).selectOption("2");
  assert.equal(await first.getByLabel("Price of Classic Burger", { exact: true }).innerText(), (burger.price + 1.5).toFixed(2));
  // The same dish, other choices: a line of its own.
  await page.getByRole("button", { name: "Another Classic Burger with other choices" }).click();
  const second = page.getByRole("group", { name: "Classic Burger #2 choices", exact: true });
  await second.getByRole("radio", { name: "rare" }).check();
  await first.getByRole("radio", { name: "medium", exact: true }).check();
  await page.getByRole("button", { name: "One more Ribeye Steak" }).click();
  await waiter.shot("composing");

  // No cooking on the steak: refused here, with the dish and the group named.
  await page.getByRole("button", { name: "Send to kitchen" }).click();
  const refusal = page.getByTestId("composer-refusal");
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute("role"), "alert");
  assert.equal(await refusal.innerText(), "Before sending: Ribeye Steak: Steak cooking, choose 1");
  const steakLine = page.getByRole("group", { name: "Ribeye Steak choices", exact: true });
  assert.equal(await steakLine.locator('fieldset[aria-invalid="true"]').count(), 1, "the unmet group is marked");
  assert.equal(await first.locator('fieldset[aria-invalid="true"]').count(), 0, "the burger's optional cooking is not");
  await waiter.shot("refused");
  assert.equal((await api("GET", "/api/orders?tableId=6")).body.orders.length, 0, "nothing was sent");

  await steakLine.getByRole("radio", { name: "medium rare" }).check();
  await refusal.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Send to kitchen" }).click();
  const ticket = kitchen.page.locator('[data-testid^="ticket-"]').first();
  await ticket.waitFor({ timeout: 3000 });
  await page.getByRole("alert").filter({ hasText: "sent to the kitchen" }).waitFor();

  // The kitchen: choices under the dish, the seat, the allergens in words in a warning box.
  const withCheese = ticket.locator('[data-testid^="kitchen-line-"]').nth(0);
  const rare = ticket.locator('[data-testid^="kitchen-line-"]').nth(1);
  const cheeseText = await withCheese.innerText();
  assert.match(cheeseText, /Classic Burger/);
  assert.deepEqual(await withCheese.getByRole("list", { name: "Choices for Classic Burger" }).locator("li").allInnerTexts(), ["medium", "cheese"]);
  assert.match(cheeseText, /Seat 2/);
  assert.match(await rare.innerText(), /rare/);
  assert.doesNotMatch(await rare.innerText(), /Seat/, "the second burger is for the table");
  assert.match(await ticket.locator('[data-testid^="kitchen-line-"]').nth(2).innerText(), /Ribeye Steak[\s\S]*medium rare/);
  const warning = withCheese.getByTestId("allergen-alert");
  const warningText = await warning.innerText();
  assert.match(warningText, /Allergens/i, "the warning says what it is in words");
  for (const code of burger.allergens) assert.ok(warningText.includes(allergenLabels[code]), `${code} is named on the ticket`);
  const look = await warning.evaluate((el) => {
    const style = getComputedStyle(el);
    const title = getComputedStyle(el.querySelector(".allergen-alert-title"));
    return { border: style.borderTopStyle, background: style.backgroundColor, titleWeight: Number(title.fontWeight) };
  });
  assert.equal(look.border, "solid", "the warning is boxed");
  assert.notEqual(look.background, "rgba(0, 0, 0, 0)", "the warning has a background of its own");
  assert.ok(look.titleWeight >= 700, "the warning's title is bold");
  await kitchen.shot("ticket");

  // The order as the server keeps it: the +1.50 is in the line and the totals.
  const [order] = (await api("GET", "/api/orders?tableId=6")).body.orders;
  const [mediumLine, rareLine, steakItem] = order.items;
  assert.deepEqual(mediumLine.modifiers.map((m) => m.name), ["medium", "cheese"]);
  assert.equal(mediumLine.seat, 2);
  assert.equal(mediumLine.course, burger.course);
  assert.deepEqual(mediumLine.allergens, burger.allergens);
  assert.equal(cents(mediumLine.lineTotal), cents(burger.price) + 150);
  assert.deepEqual(rareLine.modifiers.map((m) => m.name), ["rare"]);
  assert.equal(rareLine.seat, null);
  assert.deepEqual(steakItem.modifiers.map((m) => m.name), ["medium rare"]);
  assert.equal(cents(order.totalAmount), 2 * cents(burger.price) + 150 + cents(steak.price));

  // The waiter's card says the same under each item.
  const card = page.locator(`[data-testid="order-${order.orderId}"]`);
  await card.waitFor();
  const cardText = await card.innerText();
  assert.match(cardText, /medium · cheese \+1\.50 · Seat 2/);
  assert.match(cardText, new RegExp((burger.price + 1.5).toFixed(2).replace(".", "\\.")));
  await waiter.shot("sent");
  assert.deepEqual(waiter.consoleErrors, []);
  assert.deepEqual(kitchen.consoleErrors, []);
});

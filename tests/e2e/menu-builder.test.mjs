// The menu editor in a real browser, on a tablet (issue 18): a restaurant
// made with `brigade restaurant create` starts with nothing; its manager adds
// a station and a table (/floor), then builds a menu (/menu): a category, a
// modifier group with its options, a dish with allergens, the group and the
// station. The page and GET /api/menu both show it. An import with errors
// lists every error by line and field and changes nothing; a good one says
// what it added. Screenshots go to tests/e2e/artifacts/menu-builder/.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

import { brigadeBinary } from "../integration/support/server.mjs";
import { launchBrowser, logIn, openScreen } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer({ demo: false });
const created = spawnSync(
  brigadeBinary(),
  ["restaurant", "create", "--db", server.db, "--name", "Le Zinc", "--timezone", "Europe/Paris", "--currency", "EUR",
    "--manager", "olivier", "--manager-name", "Olivier Owner", "--password-stdin"],
  { encoding: "utf8", input: "olivierpass\n" }, // logIn() types `${username}pass`
);
assert.equal(created.status, 0, created.stderr);

const browser = await launchBrowser();
const group = "menu-builder";
const tablet = { width: 1024, height: 768 };

async function menuOf(page) {
  const token = await page.evaluate(() => localStorage.getItem("brigade.session.token"));
  const res = await fetch(`${server.url}/api/menu`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return res.json();
}

/** Opens a list's "Add …" form inside `section` and returns the form. */
async function openAddForm(section, label) {
  await section.getByRole("button", { name: label }).click();
  return section.getByRole("form", { name: label });
}

const manager = await openScreen(browser, { baseUrl: server.url, name: "manager", group, viewport: tablet });
const { page } = manager;

test("a manager adds a station and a table; a taken name is refused at its field", async () => {
  await logIn(manager, "olivier", "/waiter");
  await page.getByRole("button", { name: "Tables & stations" }).click();
  await page.waitForURL("**/floor");

  const stations = page.getByRole("region", { name: "Stations" });
  await stations.getByText("No station yet").waitFor();
  const stationForm = await openAddForm(stations, "Add a station");
  await stationForm.getByLabel("Name").fill("Grill");
  await stationForm.getByRole("button", { name: "Add station" }).click();
  await stations.locator("li").filter({ hasText: "Grill" }).waitFor({ timeout: 3000 });

  const tables = page.getByRole("region", { name: "Tables" });
  for (const attempt of ["T1", "T1"]) {
    const form = await openAddForm(tables, "Add a table");
    await form.getByLabel("Name").fill(attempt);
    await form.getByLabel("Seats").fill("4");
    await form.getByLabel("Area (e.g. Terrace)").fill("Terrace");
    await form.getByRole("button", { name: "Add table" }).click();
  }
  // The second T1 is refused next to its name; the form stays open.
  const nameError = page.locator("#table-new-name-error");
  await nameError.waitFor({ timeout: 3000 });
  assert.match(await nameError.innerText(), /T1|name/i);
  await manager.shot("table-name-taken");
  assert.equal(await tables.locator("li").count(), 1);
  assert.match(await tables.locator("li").innerText(), /Table T1[\s\S]*4 seats[\s\S]*Terrace/);
});

test("a manager builds a menu from nothing: category, modifier group, dish with allergens", async () => {
  await page.getByRole("button", { name: "Menu", exact: true }).click();
  await page.waitForURL("**/menu");
  const categories = page.getByRole("region", { name: "Categories" });
  await categories.getByText("No category yet").waitFor();
  assert.deepEqual((await menuOf(page)).menu, []);

  for (const name of ["Mains", "Starters"]) {
    const form = await openAddForm(categories, "Add a category");
    await form.getByLabel("Category name").fill(name);
    await form.getByRole("button", { name: "Add category" }).click();
    await categories.locator("li").filter({ hasText: name }).waitFor({ timeout: 3000 });
  }
  // Starters first: moved up, in the order the waiters see.
  await categories.getByRole("button", { name: "Move Starters up" }).click();
  await categories.locator("li").first().filter({ hasText: "Starters" }).waitFor({ timeout: 3000 });

  const groups = page.getByRole("region", { name: "Modifier groups" });
  const groupForm = await openAddForm(groups, "Add a modifier group");
  await groupForm.getByLabel("Group name").fill("Cooking");
  await groupForm.getByLabel("At least").fill("1");
  await groupForm.getByLabel("At most").fill("1");
  assert.match(await groupForm.getByTestId("choice-rule").innerText(), /pick 1, required/);
  for (const [index, option] of ["rare", "medium", "well done"].entries()) {
    if (index > 0) await groupForm.getByRole("button", { name: "Add option" }).click();
    await groupForm.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
  }
  await manager.shot("modifier-group-form");
  await groupForm.getByRole("button", { name: "Add group" }).click();
  const cookingRow = groups.locator("li").filter({ hasText: "Cooking" });
  await cookingRow.waitFor({ timeout: 3000 });
  assert.match(await cookingRow.innerText(), /pick 1, required[\s\S]*rare · medium · well done/);

  const extrasForm = await openAddForm(groups, "Add a modifier group");
  await extrasForm.getByLabel("Group name").fill("Extras");
  await extrasForm.getByLabel("At least").fill("0");
  await extrasForm.getByLabel("At most").fill("2");
  await extrasForm.getByLabel("Option 1", { exact: true }).fill("cheese");
  await extrasForm.getByLabel("Option 1 price change").fill("1.5");
  await extrasForm.getByRole("button", { name: "Add group" }).click();
  await groups.locator("li").filter({ hasText: "cheese +1.50" }).waitFor({ timeout: 3000 });

  const dishes = page.getByRole("region", { name: "Dishes" });
  const dishForm = await openAddForm(dishes, "Add a dish");
  await dishForm.getByLabel("Dish name").fill("Classic Burger");
  await dishForm.getByLabel("Price").fill("14.50");
  await dishForm.getByLabel("Category").selectOption({ label: "Mains" });
  await dishForm.getByLabel("Station").selectOption({ label: "Grill" });
  await dishForm.getByLabel("Course").selectOption("2");
  await dishForm.getByLabel("Description").fill("Beef, cheddar, pickles");
  assert.equal(await dishForm.getByRole("group", { name: "Allergens" }).getByRole("checkbox").count(), 14);
  for (const allergen of ["Gluten (cereals)", "Milk", "Mustard"]) await dishForm.getByLabel(allergen, { exact: true }).check();
  await dishForm.getByRole("checkbox", { name: /^Cooking/ }).check();
  await dishForm.getByRole("checkbox", { name: /^Extras/ }).check();
  await dishForm.getByLabel("Tags (separated by spaces)").fill("Signature");
  await manager.shot("dish-form");
  await dishForm.getByRole("button", { name: "Add dish" }).click();

  const burgerRow = dishes.locator("li").filter({ hasText: "Classic Burger" });
  await burgerRow.waitFor({ timeout: 3000 });
  assert.match(await burgerRow.innerText(), /14\.50 EUR[\s\S]*Mains[\s\S]*to Grill/);
  assert.match(await burgerRow.innerText(), /Allergens: Gluten \(cereals\), Milk, Mustard/);
  assert.match(await burgerRow.innerText(), /Choices: Cooking \(pick 1, required\), Extras \(pick 0–2\)/);
  await manager.shot("menu-built");

  const menu = await menuOf(page);
  assert.deepEqual(menu.categories.map((c) => c.name), ["Starters", "Mains"]);
  assert.equal(menu.menu.length, 1);
  const [burger] = menu.menu;
  const station = (await (await fetch(`${server.url}/api/stations`, { headers: { Authorization: `Bearer ${await page.evaluate(() => localStorage.getItem("brigade.session.token"))}` } })).json()).stations[0];
  assert.deepEqual(
    {
      name: burger.name, price: burger.price, category: burger.category, stationId: burger.stationId, course: burger.course,
      description: burger.description, allergens: burger.allergens, tags: burger.tags, available: burger.available,
    },
    {
      name: "Classic Burger", price: 14.5, category: "Mains", stationId: station.stationId, course: 2,
      description: "Beef, cheddar, pickles", allergens: ["gluten", "milk", "mustard"], tags: ["signature"], available: true,
    },
  );
  assert.deepEqual(
    burger.modifierGroups.map((g) => ({ name: g.name, min: g.minChoices, max: g.maxChoices, required: g.required, options: g.options.map((o) => [o.name, o.priceDelta]) })),
    [
      { name: "Cooking", min: 1, max: 1, required: true, options: [["rare", 0], ["medium", 0], ["well done", 0]] },
      { name: "Extras", min: 0, max: 2, required: false, options: [["cheese", 1.5]] },
    ],
  );

  // A category with dishes in it cannot be deleted: the row says why.
  const mainsRow = categories.locator("li").filter({ hasText: "Mains" });
  await mainsRow.getByRole("button", { name: "Delete Mains" }).click();
  await mainsRow.getByRole("button", { name: "Yes, delete Mains" }).click();
  await mainsRow.getByRole("alert").waitFor({ timeout: 3000 });
  assert.equal((await menuOf(page)).categories.length, 2);
});

test("an import with errors lists each by line and field and changes nothing; a good one says what it did", async () => {
  const before = await menuOf(page);
  const transfer = page.getByRole("region", { name: "Import and export" });
  const importForm = transfer.getByRole("form", { name: "Import a menu" });

  const badCsv = [
    "category,name,price,station,allergens",
    "Mains,Steak frites,abc,Grill,",
    "Mains,,9.00,,",
    "Desserts,Tiramisu,7.00,Pastry,eggs;milk",
  ].join("\n");
  await importForm.getByLabel("Menu file (JSON or CSV)").setInputFiles({ name: "menu.csv", mimeType: "text/csv", buffer: Buffer.from(badCsv) });
  await importForm.getByRole("button", { name: "Import" }).click();
  const table = transfer.getByTestId("import-errors");
  await table.waitFor({ timeout: 3000 });
  const rows = (await table.locator("tbody tr").allInnerTexts()).map((row) => row.replace(/\s+/g, " "));
  assert.ok(rows.length >= 3, `every error is listed: ${rows.join(" / ")}`);
  assert.ok(rows.some((row) => /^Line 2 price /.test(row)), rows.join(" / "));
  assert.ok(rows.some((row) => /^Line 3 name /.test(row)), rows.join(" / "));
  assert.ok(rows.some((row) => /^Line 4 station /.test(row)), rows.join(" / "));
  assert.match(await transfer.getByRole("alert").innerText(), /nothing was changed/);
  await manager.shot("import-refused");
  assert.deepEqual(await menuOf(page), before, "a refused import changes nothing");

  const goodCsv = ["category,name,price,allergens,course", "Desserts,Tiramisu,7.00,eggs;milk,3"].join("\n");
  await importForm.getByLabel("Menu file (JSON or CSV)").setInputFiles({ name: "desserts.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) });
  await importForm.getByRole("button", { name: "Import" }).click();
  await transfer.getByRole("status").filter({ hasText: "Dishes: 1 added, 0 updated, 0 archived" }).waitFor({ timeout: 3000 });
  assert.equal(await transfer.getByTestId("import-errors").count(), 0);
  await page.getByRole("region", { name: "Dishes" }).locator("li").filter({ hasText: "Tiramisu" }).waitFor({ timeout: 3000 });
  await manager.shot("import-applied");

  const after = await menuOf(page);
  assert.deepEqual(after.menu.map((i) => i.name).sort(), ["Classic Burger", "Tiramisu"]);
  assert.deepEqual(after.menu.find((i) => i.name === "Tiramisu").allergens, ["eggs", "milk"]);
  assert.deepEqual(manager.consoleErrors.filter((e) => !/\b(400|409)\b/.test(e)), []);
});

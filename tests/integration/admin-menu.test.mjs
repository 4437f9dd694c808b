// The menu's back office (issue 18; docs/api.md "Back office: menu" and
// "Menu import and export"), as a new restaurant would use it: a restaurant
// made with the CLI on a fresh database, a menu built through the REST API
// with categories, modifier groups and allergens, an order with modifiers
// checked in REST and on the kitchen's socket, a later price change that
// leaves the order alone, and imports: one with errors (each listed, nothing
// applied), one applied, and an export that imports back unchanged.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { apiClient, tempDir } from "./support/api.mjs";
import { login } from "./support/auth.mjs";
import { EventLog, join, staffSocket } from "./support/rooms.mjs";
import { brigadeBinary, isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer && "Brigade only";
const dir = skip ? null : tempDir("brigade-menu-");

/** A 2xx answer's body, or a failed assertion naming the call. */
async function ok(call, status = 200) {
  const res = await call;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** A server on a fresh database with one restaurant, its manager, a waiter and a chef. */
async function newRestaurant(t, name) {
  const db = path.join(dir, `${name}.db`);
  const server = await startKitchenServer({ db, demo: false });
  t.after(() => server.stop());
  const created = spawnSync(
    brigadeBinary(),
    ["restaurant", "create", "--db", db, "--name", "Le Zinc", "--timezone", "Europe/Paris", "--currency", "EUR",
      "--manager", "owner", "--password-stdin"],
    { encoding: "utf8", input: "owner's own password\n" },
  );
  assert.equal(created.status, 0, created.stderr);
  const manager = apiClient(server.url, (await login(server.url, "owner", "owner's own password")).body.token);
  for (const [username, role] of [["wes", "waiter"], ["cora", "chef"]]) {
    await ok(manager("POST", "/api/admin/staff", { json: { name: username, username, role, password: `${username} password` } }), 201);
  }
  const tokenOf = async (u) => (await login(server.url, u, `${u} password`)).body.token;
  const table = await ok(manager("POST", "/api/admin/tables", { json: { name: "T1", seats: 4, area: "Terrace" } }), 201);
  const grill = await ok(manager("POST", "/api/admin/stations", { json: { name: "grill", colour: "#e4572e" } }), 201);
  return { server, manager, waiterToken: await tokenOf("wes"), chefToken: await tokenOf("cora"), table, grill };
}

test("a manager builds a menu with modifiers and allergens; an order keeps what it was taken with", { skip }, async (t) => {
  const { server, manager, waiterToken, chefToken, table, grill } = await newRestaurant(t, "build");
  const waiter = apiClient(server.url, waiterToken);

  const mains = await ok(manager("POST", "/api/admin/menu/categories", { json: { name: "Mains" } }), 201);
  const cooking = await ok(manager("POST", "/api/admin/menu/modifier-groups", {
    json: { name: "Cooking", minChoices: 1, maxChoices: 1, options: [{ name: "rare" }, { name: "medium" }, { name: "well done" }] },
  }), 201);
  const extras = await ok(manager("POST", "/api/admin/menu/modifier-groups", {
    json: { name: "Extras", minChoices: 0, maxChoices: 3, options: [{ name: "cheese", priceDelta: 1.5 }, { name: "bacon", priceDelta: 2 }] },
  }), 201);
  assert.equal(cooking.required, true);
  assert.equal(extras.required, false);
  const burger = await ok(manager("POST", "/api/admin/menu/items", {
    json: {
      name: "Burger", price: 14, categoryId: mains.categoryId, stationId: grill.stationId, course: 2,
      description: "Beef, brioche", allergens: ["milk", "gluten"], tags: ["signature"],
      modifierGroupIds: [cooking.modifierGroupId, extras.modifierGroupId],
    },
  }), 201);
  assert.deepEqual(burger.allergens, ["gluten", "milk"], "allergens in the regulation's order");
  assert.deepEqual(burger.modifierGroups.map((g) => g.name), ["Cooking", "Extras"]);

  // Refusals name the field; a waiter may not touch the menu.
  const badAllergen = await manager("POST", "/api/admin/menu/items", { json: { name: "Soup", price: 5, allergens: ["shellfish"] } });
  assert.equal(badAllergen.status, 400);
  assert.equal(badAllergen.body.error.field, "allergens");
  const twice = await manager("POST", "/api/admin/menu/items", { json: { name: "Burger", price: 5 } });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, "name_taken");
  assert.equal((await waiter("POST", "/api/admin/menu/categories", { json: { name: "Sides" } })).status, 403);
  assert.equal((await manager("DELETE", `/api/admin/menu/categories/${mains.categoryId}`)).body.error.code, "in_use");

  const menu = await ok(waiter("GET", "/api/menu"));
  assert.equal(menu.currency, "EUR");
  assert.deepEqual(menu.categories.map((c) => c.name), ["Mains"]);
  assert.equal(menu.menu[0].category, "Mains");
  assert.deepEqual(menu.menu[0].modifierGroups[1].options.map((o) => [o.name, o.priceDelta]), [["cheese", 1.5], ["bacon", 2]]);

  // The kitchen's screen hears the order with its modifiers, seat and allergens.
  const kitchen = await staffSocket(t, server.url, chefToken);
  const heard = new EventLog(kitchen, "kitchen");
  await join(kitchen, "join:kitchen");
  const option = (group, name) => group.options.find((o) => o.name === name).optionId;
  const missing = await waiter("POST", "/api/orders", { json: { tableId: table.tableId, items: [{ menuItemId: burger.menuItemId, quantity: 1 }] } });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.field, "items[0].modifiers");
  assert.match(missing.body.error.message, /Cooking/);
  const order = await ok(waiter("POST", "/api/orders", {
    json: {
      tableId: table.tableId,
      items: [{ menuItemId: burger.menuItemId, quantity: 2, seat: 2,
        modifiers: [{ optionId: option(cooking, "medium") }, { optionId: option(extras, "cheese") }] }],
    },
  }), 201);
  const line = order.items[0];
  assert.deepEqual(line.modifiers.map((m) => [m.group, m.name, m.priceDelta]), [["Cooking", "medium", 0], ["Extras", "cheese", 1.5]]);
  assert.equal(line.seat, 2);
  assert.equal(line.course, 2);
  assert.deepEqual(line.allergens, ["gluten", "milk"]);
  assert.equal(line.unitPrice, 14);
  assert.equal(line.lineTotal, 31);
  assert.equal(order.totalAmount, 31);
  await ok(waiter("POST", `/api/orders/${order.orderId}/confirm`));
  const isTicket = (e) => e.event === "order:new" && e.payload.orderId === order.orderId;
  const entries = await heard.until((all) => all.some(isTicket), { what: "order:new" });
  const ticketItem = entries.find(isTicket).payload.items[0];
  assert.deepEqual(ticketItem.modifiers, line.modifiers);
  assert.deepEqual(ticketItem.allergens, ["gluten", "milk"]);
  assert.equal(ticketItem.seat, 2);

  // A later price and option change leaves the order as it was taken.
  await ok(manager("PATCH", `/api/admin/menu/items/${burger.menuItemId}`, { json: { price: 16.5 } }));
  await ok(manager("PATCH", `/api/admin/menu/modifier-groups/${extras.modifierGroupId}`, {
    json: { options: [{ optionId: option(extras, "cheese"), name: "cheddar", priceDelta: 2 }, { name: "egg", priceDelta: 1 }] },
  }));
  const kept = await ok(waiter("GET", `/api/orders/${order.orderId}`));
  assert.equal(kept.items[0].unitPrice, 14);
  assert.deepEqual(kept.items[0].modifiers.map((m) => [m.name, m.priceDelta]), [["medium", 0], ["cheese", 1.5]]);
  assert.equal(kept.totalAmount, 31);

  // A deleted dish leaves the menu; orders keep it; it cannot be ordered again.
  await ok(manager("DELETE", `/api/admin/menu/items/${burger.menuItemId}`));
  assert.equal((await ok(waiter("GET", "/api/menu"))).menu.length, 0);
  const gone = await waiter("POST", "/api/orders", { json: { tableId: table.tableId, items: [{ menuItemId: burger.menuItemId, quantity: 1 }] } });
  assert.equal(gone.status, 400);
  assert.equal((await ok(waiter("GET", `/api/orders/${order.orderId}`))).items[0].name, "Burger");

  // Every change is in the audit log.
  const actions = (await ok(manager("GET", "/api/admin/audit"))).entries.map((e) => e.action);
  for (const action of ["category.created", "modifier_group.created", "menu_item.created", "menu_item.updated", "modifier_group.updated", "menu_item.deleted"]) {
    assert.ok(actions.includes(action), `${action} in ${actions}`);
  }
});

const goodCsv = [
  "category,name,description,price,station,course,allergens,tags,modifiers,available",
  'Starters,Soup of the day,"Ask your waiter, it changes",6.50,grill,1,celery;milk,vegetarian,,yes',
  "Mains,Steak,,24.00,grill,2,,,Cooking [1-1]: rare | medium | well done; Sides [0-2]: fries +3.00 | salad,yes",
  "Mains,Fish,,19.00,,2,fish,,Sides,no",
  "",
].join("\r\n");

test("a menu file with errors lists every one and changes nothing; a good one applies; an export imports back unchanged", { skip }, async (t) => {
  const { server, manager } = await newRestaurant(t, "import");
  const importCsv = (text, mode = "merge") =>
    manager("POST", `/api/admin/menu/import?mode=${mode}`, { headers: { "Content-Type": "text/csv" }, body: text });

  const bad = [
    "category,name,price,station,allergens,modifiers",
    "Mains,Pie,abc,grill,shellfish,",
    "Mains,Tart,9.50,oven,,Size [1-x]: small | large",
    "Mains,Pie,9.50,,,Sauce",
    ",,3,,,",
  ].join("\n");
  const refused = await importCsv(bad);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, "invalid_menu");
  assert.deepEqual(
    refused.body.error.errors.map((e) => [e.line, e.field]),
    [[2, "price"], [2, "allergens"], [3, "modifiers"], [3, "station"], [4, "name"], [4, "modifiers"], [5, "name"]],
    JSON.stringify(refused.body.error.errors, null, 1),
  );
  const untouched = await ok(manager("GET", "/api/menu"));
  assert.deepEqual([untouched.menu.length, untouched.categories.length, untouched.modifierGroups.length], [0, 0, 0]);

  const applied = await ok(importCsv(goodCsv));
  assert.deepEqual(applied, {
    categories: { created: 2, updated: 0 },
    modifierGroups: { created: 2, updated: 0 },
    items: { created: 3, updated: 0, archived: 0 },
  });
  const menu = await ok(manager("GET", "/api/menu"));
  const steak = menu.menu.find((m) => m.name === "Steak");
  assert.deepEqual(steak.modifierGroups.map((g) => [g.name, g.minChoices, g.maxChoices]), [["Cooking", 1, 1], ["Sides", 0, 2]]);
  assert.equal(menu.menu.find((m) => m.name === "Soup of the day").description, "Ask your waiter, it changes");
  assert.equal(menu.menu.find((m) => m.name === "Fish").available, false);

  // What the export writes, in either form, is what the import reads.
  for (const format of ["csv", "json"]) {
    const exported = await manager("GET", `/api/admin/menu/export?format=${format}`);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get("content-disposition"), new RegExp(`menu\\.${format}`));
    const file = typeof exported.body === "string" ? exported.body : JSON.stringify(exported.body);
    const again = await ok(manager("POST", "/api/admin/menu/import", {
      headers: { "Content-Type": format === "csv" ? "text/csv" : "application/json" },
      body: file,
    }));
    assert.deepEqual(again, {
      categories: { created: 0, updated: 0 },
      modifierGroups: { created: 0, updated: 0 },
      items: { created: 0, updated: 0, archived: 0 },
    }, format);
  }

  // replace archives the dishes the file leaves out.
  const replaced = await ok(importCsv("name,price,category\r\nSoup of the day,7.00,Starters\r\n", "replace"));
  assert.deepEqual(replaced.items, { created: 0, updated: 1, archived: 2 });
  assert.deepEqual((await ok(manager("GET", "/api/menu"))).menu.map((m) => [m.name, m.price]), [["Soup of the day", 7]]);
});

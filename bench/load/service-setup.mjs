// Sets up the `service` scenario's restaurants on a server as a restaurant's
// manager would (docs/restaurant-quick-start.md): the restaurant and its
// manager from the server's own tool, then over REST the tables, two
// stations, a small menu, a waiter and a chef, and a paired screen for each
// kitchen display and table display. Waiter phones use the waiter's login.

import { restClient } from "./service-http.mjs";

const PASSWORD = "service-bench-password";

async function expect(answer, status, what) {
  const res = await answer;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/** One restaurant, set up; its screens as {kind, token, tableId?}. */
async function setUpOne(server, call, index, { kitchens, waiters, tables }, tag) {
  const prefix = `svc${tag}-r${index}`;
  await server.createRestaurant({ name: `Service ${index}`, manager: `${prefix}-manager`, password: PASSWORD });
  const login = async (username) => {
    // Brigade checks a few passwords at once per address and answers 429 with Retry-After beyond.
    for (let attempt = 1; ; attempt++) {
      const res = await call("POST", "/api/auth/login", { body: { username, password: PASSWORD } });
      if (res.status !== 429 || attempt === 5) return (await expect(res, 200, `login ${username}`)).token;
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.body?.error?.retryAfter ?? 1)));
    }
  };
  const manager = await login(`${prefix}-manager`);
  const admin = (path, body) => expect(call("POST", path, { token: manager, body }), 201, `POST ${path}`);

  const tableIds = [];
  for (let t = 1; t <= Math.max(1, tables); t++) tableIds.push((await admin("/api/admin/tables", { name: String(t), seats: 4 })).tableId);
  const grill = (await admin("/api/admin/stations", { name: "grill", colour: "#e4572e" })).stationId;
  const cold = (await admin("/api/admin/stations", { name: "cold", colour: "#2e86ab" })).stationId;
  const dishes = [
    { name: "Garden Salad", price: 8.5, stationId: cold, allergens: ["mustard"] },
    { name: "Classic Burger", price: 14.5, stationId: grill, allergens: ["gluten", "milk"] },
    { name: "Grilled Salmon", price: 19, stationId: grill, allergens: ["fish"] },
    { name: "Fries", price: 4.5, stationId: grill },
  ];
  const dishIds = [];
  for (const dish of dishes) dishIds.push((await admin("/api/admin/menu/items", { ...dish, course: 1 })).menuItemId);
  for (const role of ["waiter", "chef"]) await admin("/api/admin/staff", { name: `${role} ${index}`, username: `${prefix}-${role}`, role, password: PASSWORD });
  const waiterToken = await login(`${prefix}-waiter`);
  const chefToken = await login(`${prefix}-chef`);

  const screens = [];
  for (let k = 1; k <= kitchens; k++) {
    const { token } = await admin("/api/auth/devices", { role: "kitchen_display", name: `Kitchen ${k}` });
    screens.push({ kind: "kitchen", token });
  }
  for (let w = 1; w <= waiters; w++) screens.push({ kind: "waiter", token: waiterToken });
  for (let t = 0; t < tables; t++) {
    const { token } = await admin("/api/auth/devices", { role: "table_display", tableId: tableIds[t], name: `Table ${t + 1}` });
    screens.push({ kind: "table", token, tableId: tableIds[t] });
  }
  return { index, tableIds, dishIds, tokens: { waiter: waiterToken, chef: chefToken }, screens };
}

/**
 * Sets up `count` restaurants, `lanes` at a time (Brigade checks at most 4
 * logins at once from one address). Resolves to the restaurants in index order.
 */
export async function setUpRestaurants(server, count, shape, { lanes = 3, log = () => {} } = {}) {
  const call = restClient(server.base, { connections: lanes });
  const tag = Date.now().toString(36);
  const restaurants = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      restaurants[index] = await setUpOne(server, call, index, shape, tag);
      if ((index + 1) % 50 === 0) log(`${index + 1}/${count} restaurants set up`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  } finally {
    call.close();
  }
  return restaurants;
}

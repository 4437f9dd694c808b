// Restaurants and what they are set up with, in memory: staff, screens,
// tables, stations and menu items. Enough of Brigade's back office for the
// benchmark to set a restaurant up through the same routes.

import { timingSafeEqual } from "node:crypto";

import { ApiError, notFound, requirePermission, validation } from "./access.mjs";

const text = (value, field, max, { optional = false } = {}) => {
  if (value === undefined && optional) return "";
  if (typeof value !== "string" || value.length < (optional ? 0 : 1) || value.length > max) {
    throw validation(field, `${field} must be a string of ${optional ? 0 : 1}–${max} characters`);
  }
  return value;
};

const positiveId = (value, field) => {
  if (!Number.isInteger(value) || value < 1) throw validation(field, `${field} must be a positive integer`);
  return value;
};

export class Catalog {
  restaurants = new Map();
  staffByName = new Map();
  #nextStaff = 1;
  #nextDevice = 1;
  #nextTable = 1;
  #nextStation = 1;
  #nextMenuItem = 1;

  /** The stand-in for `brigade restaurant create … --password-stdin --json`. */
  createRestaurant({ name, timezone = "UTC", currency = "EUR", manager } = {}) {
    text(name, "name", 80);
    const id = this.restaurants.size + 1;
    const staff = this.#addStaff(id, { name: manager?.name ?? manager?.username, username: manager?.username, role: "manager", password: manager?.password });
    this.restaurants.set(id, {
      id,
      name,
      timezone,
      currency,
      orderPrefix: "A",
      tables: new Map(),
      stations: new Map(),
      menu: new Map(),
    });
    return { restaurant: { id, name, timezone, currency }, manager: { id: staff.id, name: staff.name, username: staff.username }, oneTimePassword: null };
  }

  restaurant(id) {
    const r = this.restaurants.get(id);
    if (!r) throw notFound("restaurant");
    return r;
  }

  /** The staff member a username and password name, or 401 as Brigade answers it. */
  login(username, password) {
    const staff = this.staffByName.get(username);
    const given = Buffer.from(String(password ?? ""));
    const known = Buffer.from(staff?.password ?? "");
    if (!staff || !staff.active || given.length !== known.length || !timingSafeEqual(given, known)) {
      throw new ApiError(401, "unauthenticated", "Wrong username or password");
    }
    return staff;
  }

  addStaff(actor, body) {
    requirePermission(actor, "manage_staff");
    const staff = this.#addStaff(actor.restaurantId, body);
    return { staffId: staff.id, name: staff.name, username: staff.username, role: staff.role, active: true };
  }

  #addStaff(restaurantId, { name, username, role, password }) {
    text(name, "name", 80);
    if (typeof username !== "string" || !/^[a-z0-9._-]{3,64}$/.test(username)) throw validation("username", "username: 3–64 of a-z 0-9 . _ -");
    if (!["waiter", "chef", "manager"].includes(role)) throw validation("role", "role must be waiter, chef or manager");
    if (typeof password !== "string" || password.length < 8) throw validation("password", "password: at least 8 characters");
    if (this.staffByName.has(username)) throw new ApiError(409, "username_taken", "That username is taken", { field: "username" });
    const staff = { id: this.#nextStaff++, name, username, role, password, restaurantId, active: true };
    this.staffByName.set(username, staff);
    return staff;
  }

  /** POST /api/auth/devices: a screen of the manager's restaurant, as the actor its token names. */
  addDevice(actor, { role, tableId, name }) {
    requirePermission(actor, "issue_device_tokens");
    if (role !== "kitchen_display" && role !== "table_display") throw validation("role", "role must be kitchen_display or table_display");
    if (role === "table_display") this.table(actor.restaurantId, positiveId(tableId, "tableId"));
    text(name, "name", 80);
    return { id: this.#nextDevice++, name, role, tableId: role === "table_display" ? tableId : undefined, restaurantId: actor.restaurantId };
  }

  addTable(actor, { name, seats = 0, area = "" }) {
    requirePermission(actor, "manage_floor");
    const table = { tableId: this.#nextTable++, name: text(name, "name", 40), seats, area: text(area, "area", 40, { optional: true }) };
    this.restaurant(actor.restaurantId).tables.set(table.tableId, table);
    return table;
  }

  table(restaurantId, tableId) {
    const table = this.restaurant(restaurantId).tables.get(tableId);
    if (!table) throw validation("tableId", "No such table");
    return table;
  }

  addStation(actor, { name, colour = "" }) {
    requirePermission(actor, "manage_floor");
    const station = { stationId: this.#nextStation++, name: text(name, "name", 40), colour };
    this.restaurant(actor.restaurantId).stations.set(station.stationId, station);
    return station;
  }

  addMenuItem(actor, { name, price, stationId = null, course = 1, prepMinutes = 0, allergens = [], description = "" }) {
    requirePermission(actor, "manage_menu");
    const r = this.restaurant(actor.restaurantId);
    if (typeof price !== "number" || !(price >= 0)) throw validation("price", "price must be a number ≥ 0");
    if (stationId !== null && !r.stations.has(stationId)) throw validation("stationId", "No such station");
    const item = {
      menuItemId: this.#nextMenuItem++,
      name: text(name, "name", 80),
      priceCents: Math.round(price * 100),
      stationId,
      course,
      prepMinutes,
      allergens,
      description,
      available: true,
    };
    r.menu.set(item.menuItemId, item);
    return menuItemJson(item);
  }

  tablesOf(actor) {
    requirePermission(actor, "read_catalog");
    return { tables: [...this.restaurant(actor.restaurantId).tables.values()] };
  }

  stationsOf(actor) {
    requirePermission(actor, "read_catalog");
    return { stations: [...this.restaurant(actor.restaurantId).stations.values()] };
  }

  menuOf(actor) {
    requirePermission(actor, "read_catalog");
    const r = this.restaurant(actor.restaurantId);
    return { menu: [...r.menu.values()].map(menuItemJson), categories: [], modifierGroups: [], currency: r.currency };
  }
}

function menuItemJson(m) {
  return {
    menuItemId: m.menuItemId,
    name: m.name,
    price: m.priceCents / 100,
    category: "",
    stationId: m.stationId,
    available: m.available,
    categoryId: null,
    description: m.description,
    course: m.course,
    prepMinutes: m.prepMinutes,
    allergens: m.allergens,
    tags: [],
    position: 0,
    modifierGroups: [],
  };
}

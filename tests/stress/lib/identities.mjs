// Who connects during the stress test, and which rooms each may join: the
// demo's staff (logged in through POST /api/auth/login) and screens (device
// tokens from POST /api/auth/devices, issued by the manager), with the room
// rules of docs/security.md's access table.

import assert from "node:assert/strict";

import { apiClient } from "../../integration/support/api.mjs";
import { tokenFor } from "../../integration/support/auth.mjs";

/** An order id no run creates: joining it is `not_found`. */
const missingOrderId = 999_999_999;

/**
 * Every identity the demo offers: {label, role, token, tableId?}. One table
 * display per table, one kitchen display.
 */
export async function demoIdentities(url, tableIds) {
  const manager = apiClient(url, "manager1");
  const device = async (json) => {
    const res = await manager("POST", "/api/auth/devices", { json });
    assert.equal(res.status, 201, `device token: ${JSON.stringify(res.body)}`);
    return res.body.token;
  };
  const staff = async (username, role) => ({ label: username, role, token: await tokenFor(url, username) });
  const identities = [
    await staff("waiter1", "waiter"),
    await staff("chef1", "chef"),
    await staff("manager1", "manager"),
    { label: "kitchen-display", role: "kitchen_display", token: await device({ role: "kitchen_display", name: "Pass" }) },
  ];
  for (const tableId of tableIds) {
    const token = await device({ role: "table_display", tableId, name: `Table ${tableId}` });
    identities.push({ label: `table-display-${tableId}`, role: "table_display", token, tableId });
  }
  return identities;
}

/**
 * A room command for `who` and the ack it must get: {event, args, expect},
 * where expect is {ok: true, room} or {ok: false, code}. Mostly rooms the
 * role may join (those read a snapshot on a database thread, the race under
 * test); sometimes a refused one, a missing order or a bad payload.
 * `orders`: the orders created so far ({orderId, tableId}).
 */
export function pickRoomCommand(rng, who, orders, tableIds) {
  const order = orders.length > 0 ? rng.pick(orders) : undefined;
  const table = rng.pick(tableIds);
  const kind = rng.weighted({ kitchen: 4, table: 3, order: 3, waiters: 2, missingOrder: 1, badPayload: 1 });
  const leave = rng.chance(0.1) && kind !== "badPayload" ? "leave" : "join";
  const command = (room, args) => ({ event: `${leave}:${room.split(":")[0]}`, args });

  switch (kind) {
    case "kitchen":
      return { ...command("kitchen", []), expect: access(who, "kitchen", leave) };
    case "waiters":
      return { ...command("waiters", []), expect: access(who, "waiters", leave) };
    case "table": {
      const tableId = who.role === "table_display" && rng.chance(0.7) ? who.tableId : table;
      return { ...command("table", [{ tableId }]), expect: access(who, `table:${tableId}`, leave) };
    }
    case "order":
      if (order === undefined) return { ...command("kitchen", []), expect: access(who, "kitchen", leave) };
      return {
        ...command("order", [{ orderId: order.orderId }]),
        expect: access(who, `order:${order.orderId}`, leave, order.tableId),
      };
    case "missingOrder":
      return {
        ...command("order", [{ orderId: missingOrderId }]),
        expect: leave === "leave" ? { ok: true, room: `order:${missingOrderId}` } : { ok: false, code: "not_found" },
      };
    default:
      return { event: "join:table", args: [rng.pick(badTablePayloads)], expect: { ok: false, code: "validation" } };
  }
}

const badTablePayloads = [{ tableId: "7" }, { tableId: -1 }, { tableId: 1.5 }, {}, { tableId: 1, extra: true }, { tableId: null }];

/**
 * The ack docs/security.md promises `who` for a room: joins need the role's
 * watch_* permission (a table display: its own table, and orders of it, any
 * other order does not exist for it); leaving always succeeds.
 */
function access(who, room, leave, orderTableId) {
  if (leave === "leave") return { ok: true, room };
  const [kind, id] = room.split(":");
  const may = {
    waiter: ["waiters", "table", "order"],
    chef: ["kitchen", "order"],
    manager: ["kitchen", "waiters", "table", "order"],
    kitchen_display: ["kitchen", "order"],
    table_display: ["table", "order"],
  }[who.role];
  if (who.role === "table_display") {
    if (kind === "order" && orderTableId !== who.tableId) return { ok: false, code: "not_found" };
    if (kind === "table" && Number(id) !== who.tableId) return { ok: false, code: "forbidden" };
  }
  return may.includes(kind) ? { ok: true, room } : { ok: false, code: "forbidden" };
}

/** Undefined when `ack` is what `expect` says, else a description of the difference. */
export function ackMismatch(ack, expect) {
  if (expect.ok) return ack?.ok === true && ack.room === expect.room ? undefined : `expected ok room ${expect.room}`;
  return ack?.ok === false && ack.error?.code === expect.code ? undefined : `expected error ${expect.code}`;
}

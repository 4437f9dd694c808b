// The Socket.IO side of docs/events.md: a token in the handshake's
// `auth.token`, and the room commands with their acks and snapshots. Rooms are
// scoped to the restaurant ("r7/kitchen"), as in Brigade.

import { allowed, notFound } from "./access.mjs";
import { orderJson } from "./order-json.mjs";

const failure = (code, message, field) => ({ ok: false, error: { code, message, ...(field ? { field } : {}) } });

export function attachSockets(io, { tokens, catalog, orders }) {
  io.use((socket, next) => {
    try {
      socket.data.actor = tokens.verify(socket.handshake.auth?.token);
      next();
    } catch (err) {
      const refusal = new Error("Authentication error");
      refusal.data = { code: err.code ?? "token_invalid", message: err.message };
      next(refusal);
    }
  });

  io.on("connection", (socket) => {
    const actor = socket.data.actor;
    const scope = `r${actor.restaurantId}/`;

    /** A room command: checks the payload and the role, joins, then reads the snapshot (nothing falls between). */
    const command = (kind, permission, { idField, snapshot } = {}) =>
      function handle(payload, ack) {
        if (typeof payload === "function") [payload, ack] = [undefined, payload];
        if (typeof ack !== "function") return;
        let room = kind;
        let id;
        if (idField) {
          id = payload?.[idField];
          if (!Number.isInteger(id) || id < 1) return ack(failure("validation", `${idField} must be a positive integer`, idField));
          room = `${kind}:${id}`;
        }
        if (!allowed(actor, permission)) return ack(failure("forbidden", `A ${actor.role} may not join ${room}`));
        if (kind === "table" && actor.role === "table_display" && actor.tableId !== id) return ack(failure("forbidden", "Not this screen's table"));
        socket.join(scope + room);
        try {
          ack(snapshot ? { ok: true, room, snapshot: snapshot(id) } : { ok: true, room });
        } catch (err) {
          socket.leave(scope + room);
          ack(failure(err.code ?? "internal", err.message));
        }
      };
    const leave = (kind, idField) => (payload, ack) => {
      if (typeof payload === "function") [payload, ack] = [undefined, payload];
      const room = idField ? `${kind}:${payload?.[idField]}` : kind;
      socket.leave(scope + room);
      if (typeof ack === "function") ack({ ok: true, room });
    };

    socket.on("join:kitchen", command("kitchen", "watch_kitchen", { snapshot: () => orders.kitchenSnapshot(actor.restaurantId) }));
    socket.on("join:waiters", command("waiters", "watch_waiters"));
    const tableSnapshot = (tableId) => {
      if (!catalog.restaurant(actor.restaurantId).tables.has(tableId)) throw notFound("table");
      return orders.tableSnapshot(actor.restaurantId, tableId);
    };
    socket.on("join:table", command("table", "watch_table", { idField: "tableId", snapshot: tableSnapshot }));
    socket.on("join:order", command("order", "watch_order", { idField: "orderId", snapshot: (orderId) => ({ order: orderJson(orders.order(actor, orderId)) }) }));
    socket.on("leave:kitchen", leave("kitchen"));
    socket.on("leave:waiters", leave("waiters"));
    socket.on("leave:table", leave("table", "tableId"));
    socket.on("leave:order", leave("order", "orderId"));
  });
}

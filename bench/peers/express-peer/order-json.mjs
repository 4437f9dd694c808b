// An order as Brigade's REST API and events show it (docs/api.md, "Order"):
// money in decimal units, instants as ISO 8601 strings or null, every key
// present, in Brigade's key order.

const money = (cents) => cents / 100;
const instant = (ms) => (ms === null ? null : new Date(ms).toISOString());

/** The named times of a record as ISO strings, in that order. */
const instants = (record, names) => Object.fromEntries(names.map((name) => [name, instant(record[name])]));

export const lineTotalCents = (line) => line.quantity * line.unitPriceCents;

/** The station that cooks a line: its own, else the ticket's. */
const lineStation = (order, line) => line.stationId ?? order.ticket?.stationId ?? null;

export function itemJson(line) {
  return {
    itemId: line.itemId,
    menuItemId: line.menuItemId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: money(line.unitPriceCents),
    notes: line.notes,
    status: line.status,
    modifiers: [],
    seat: line.seat,
    course: line.course,
    allergens: line.allergens,
    lineTotal: money(lineTotalCents(line)),
    stationId: line.stationId,
    stationName: line.stationName,
    held: line.held,
    // Fire by prep time is off in the benchmark (Brigade's default): no line waits for its turn.
    prepMinutes: line.prepMinutes,
    releaseAt: null,
    ...instants(line, ["firedAt", "startedAt", "readyAt", "servedAt"]),
  };
}

/** Each station's part of a ticket (its lines not cancelled), by station id. */
function stationsJson(order) {
  const parts = new Map();
  for (const line of order.items) {
    if (line.status === "cancelled") continue;
    const stationId = lineStation(order, line);
    let part = parts.get(stationId);
    if (!part) parts.set(stationId, (part = { stationId, stationName: line.stationName ?? order.ticket.stationName, lines: [] }));
    part.lines.push(line);
  }
  return [...parts.values()]
    .sort((a, b) => (a.stationId ?? 0) - (b.stationId ?? 0))
    .map(({ stationId, stationName, lines }) => {
      const fired = lines.filter((l) => !l.held);
      const done = (l) => l.status === "ready" || l.status === "served";
      const started = fired.map((l) => l.startedAt).filter((t) => t !== null);
      let status = "pending";
      if (fired.length === 0) status = "held";
      else if (fired.every(done)) status = "ready";
      else if (fired.some((l) => l.status !== "pending")) status = "preparing";
      return {
        stationId,
        stationName,
        status,
        items: lines.length,
        readyItems: lines.filter(done).length,
        heldItems: lines.length - fired.length,
        startedAt: instant(started.length ? Math.min(...started) : null),
        readyAt: instant(status === "ready" ? Math.max(...fired.map((l) => l.readyAt ?? 0)) : null),
        nextReleaseAt: null,
      };
    });
}

export function ticketJson(order) {
  const t = order.ticket;
  return {
    kitchenOrderId: t.kitchenOrderId,
    orderId: order.orderId,
    tableId: order.tableId,
    status: t.status,
    priority: t.priority,
    stationId: t.stationId,
    stationName: t.stationName,
    chefId: t.chefId,
    chefName: t.chefName,
    changed: t.changed,
    ...instants(t, ["createdAt", "acknowledgedAt", "startedAt", "readyAt", "completedAt", "cancelledAt"]),
    prepTime: t.prepTime,
    stations: stationsJson(order),
  };
}

export function orderJson(order) {
  const c = order.cancelRequest;
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    tableId: order.tableId,
    status: order.status,
    items: order.items.map(itemJson),
    notes: order.notes,
    totalAmount: money(order.totalCents),
    finalAmount: money(order.totalCents),
    createdBy: order.createdBy,
    ...instants(order, ["createdAt", "confirmedAt", "preparingAt", "readyAt", "servedAt", "completedAt", "cancelledAt"]),
    kitchenOrder: order.ticket ? ticketJson(order) : null,
    cancelRequest: c
      ? {
          reason: c.reason,
          status: c.status,
          requestedBy: c.requestedBy,
          requestedAt: instant(c.requestedAt),
          rejectionReason: c.rejectionReason,
          decidedAt: instant(c.decidedAt),
        }
      : null,
  };
}

export { money };

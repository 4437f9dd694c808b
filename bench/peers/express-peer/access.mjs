// Errors in Brigade's shape and the part of its access table (docs/security.md)
// that the peer's routes and rooms need.

export class ApiError extends Error {
  /** status: HTTP status; code: Brigade's error code; extra: more fields of `error` (field, from, to). */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  get body() {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const notFound = (what) => new ApiError(404, "not_found", `No such ${what}`);
export const validation = (field, message) => new ApiError(400, "validation", message, { field });
export const conflict = (message, field) => new ApiError(409, "conflict", message, field ? { field } : {});
export const invalidTransition = (from, to) =>
  new ApiError(409, "invalid_transition", `Cannot go from ${from} to ${to}`, { from, to });

const STAFF = ["waiter", "chef", "manager"];
const KITCHEN = ["chef", "manager", "kitchen_display"];
const FLOOR = ["waiter", "manager"];

/** permission → roles (docs/security.md, "access table"); "own table" rows are checked by the caller. */
const roles = {
  read_catalog: [...STAFF, "kitchen_display"],
  read_orders: [...STAFF, "kitchen_display", "table_display"],
  create_order: FLOOR,
  add_items: FLOOR,
  request_cancellation: FLOOR,
  read_kitchen: KITCHEN,
  acknowledge_ticket: KITCHEN,
  start_ticket: KITCHEN,
  ready_ticket: KITCHEN,
  complete_ticket: KITCHEN,
  decide_cancellation: KITCHEN,
  set_priority: KITCHEN,
  issue_device_tokens: ["manager"],
  manage_staff: ["manager"],
  manage_floor: ["manager"],
  manage_menu: ["manager"],
  watch_kitchen: KITCHEN,
  watch_waiters: FLOOR,
  watch_table: [...FLOOR, "table_display"],
  watch_order: [...STAFF, "kitchen_display", "table_display"],
};

export function allowed(actor, permission) {
  return roles[permission].includes(actor.role);
}

export function requirePermission(actor, permission) {
  if (!allowed(actor, permission)) throw new ApiError(403, "forbidden", `A ${actor.role} may not ${permission.replaceAll("_", " ")}`);
}

/** A table display sees only its own table. */
export function requireTable(actor, tableId) {
  if (actor.role === "table_display" && actor.tableId !== tableId) throw notFound("order");
}

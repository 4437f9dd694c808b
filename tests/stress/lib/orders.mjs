// The order flow during the churn: orders taken by the waiter and driven
// through every kitchen state over the REST API (docs/api.md), by the chef,
// the manager or the kitchen display, so that the observers have events to
// receive and the room snapshots the churners read keep changing.

/** Ways through the kitchen, and how often each is taken. */
const paths = {
  bumped: 6, // confirm … start, ready, complete (ticket), completed (paid); recall and items added on the way
  servedByWaiter: 2, // … ready, then the waiter marks the order served
  cancelledAtOnce: 1, // cancellation asked before the order reached the kitchen
  cancelRejected: 2, // the kitchen refuses a cancellation and goes on
  cancelAccepted: 2,
  itemCancelled: 1,
  leftOpen: 2, // stays on the kitchen's screen: bigger kitchen snapshots
};

/**
 * One worker: order lifecycles until ctx.done(). ctx: {api: {waiter, chef,
 * manager, kitchenDisplay} (apiClient), menuItemIds, tableIds, stationIds,
 * orders (shared list of {orderId, tableId}), watchOrder(order), stats, fail, done}.
 */
export async function orderWorker(ctx, rng) {
  while (!ctx.done()) {
    try {
      await lifecycle(ctx, rng);
    } catch (err) {
      ctx.fail(`order flow: ${err.message}`);
    }
  }
}

async function lifecycle(ctx, rng) {
  const flow = new OrderFlow(ctx, rng);
  await flow.create();
  // Order-room observers join before anything else happens to the order.
  await ctx.watchOrder(flow.order);
  await flow[rng.weighted(paths)]();
}

/** One order and the REST commands that move it, each checked for its documented status. */
class OrderFlow {
  constructor(ctx, rng) {
    this.ctx = ctx;
    this.rng = rng;
    this.order = undefined;
  }

  async call(who, method, path, json, status = 200) {
    const res = await this.ctx.api[who](method, path, json === undefined ? {} : { json });
    this.ctx.stats.restCalls += 1;
    if (res.status !== status) {
      throw new Error(`${method} ${path} as ${who} → ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
    }
    return res.body;
  }

  /** A kitchen actor: a cook, the manager, or the kitchen's screen. */
  kitchen() {
    return this.rng.weighted({ chef: 3, manager: 1, kitchenDisplay: 2 });
  }

  items() {
    return Array.from({ length: this.rng.int(1, 4) }, () => ({
      menuItemId: this.rng.pick(this.ctx.menuItemIds),
      quantity: this.rng.int(1, 3),
    }));
  }

  async create() {
    const json = { tableId: this.rng.pick(this.ctx.tableIds), items: this.items() };
    if (this.rng.chance(0.3)) json.notes = "stress";
    this.order = await this.call("waiter", "POST", "/api/orders", json, 201);
    this.ctx.orders.push({ orderId: this.order.orderId, tableId: this.order.tableId });
    this.ctx.stats.orders += 1;
  }

  async orderCommand(who, method, action, json) {
    this.order = await this.call(who, method, `/api/orders/${this.order.orderId}${action}`, json);
  }

  async ticket(action, json, method = "POST") {
    const id = this.order.kitchenOrder.kitchenOrderId;
    this.order = await this.call(this.kitchen(), method, `/api/kitchen/orders/${id}/${action}`, json);
  }

  confirm = () => this.orderCommand("waiter", "POST", "/confirm");
  status = (status) => this.orderCommand("waiter", "PATCH", "/status", { status });
  addItems = () => this.orderCommand("waiter", "POST", "/items", { items: this.items() });
  askToCancel = () => this.orderCommand("waiter", "POST", "/cancel-request", { reason: "guest left" });
  itemStatus = (who, itemId, status) => this.orderCommand(who, "PATCH", `/items/${itemId}`, { status });

  /** Acknowledge, priority and station, each sometimes, before cooking starts. */
  async prepare() {
    if (this.rng.chance(0.6)) await this.ticket("acknowledge");
    if (this.rng.chance(0.3)) await this.ticket("priority", { priority: this.rng.pick(["express", "vip", "normal"]) }, "PATCH");
    if (this.rng.chance(0.3)) await this.ticket("station", { stationId: this.rng.pick(this.ctx.stationIds) }, "PUT");
    await this.ticket("start");
  }

  /** The waiter fires every course still held (docs/kitchen.md "Stations and courses"). */
  async fireHeldCourses() {
    const held = [...new Set(this.order.items.filter((i) => i.held && i.status !== "cancelled").map((i) => i.course))];
    for (const course of held.sort()) await this.orderCommand("waiter", "POST", `/courses/${course}/fire`);
  }

  /** Expo's bump to the pass, unless the stations' own progress already made the ticket ready. */
  async readyUnlessReady() {
    if (this.order.kitchenOrder.status !== "ready") await this.ticket("ready");
  }

  async cookAndServe() {
    await this.prepare();
    await this.fireHeldCourses();
    if (this.rng.chance(0.5)) {
      // One station says it is done; the ticket is ready once every station is.
      const part = this.rng.pick(this.order.kitchenOrder.stations.filter((p) => p.stationId !== null));
      if (part) await this.ticket(`stations/${part.stationId}/ready`);
    }
    await this.readyUnlessReady();
    if (this.rng.chance(0.3)) {
      await this.addItems(); // lines of a fired course send a ready ticket back to preparing
      await this.fireHeldCourses();
      await this.readyUnlessReady();
    }
  }

  async bumped() {
    await this.confirm();
    await this.cookAndServe();
    await this.ticket("complete");
    if (this.rng.chance(0.2)) {
      await this.ticket("recall");
      await this.ticket("complete");
    }
    await this.status("completed");
  }

  async servedByWaiter() {
    await this.confirm();
    await this.cookAndServe();
    await this.status("served");
    await this.status("completed");
  }

  async cancelledAtOnce() {
    await this.askToCancel();
  }

  async cancelRejected() {
    await this.confirm();
    await this.askToCancel();
    await this.ticket("cancel/reject", { reason: "already on the grill" });
    await this.cookAndServe();
    await this.ticket("complete");
    await this.status("completed");
  }

  async cancelAccepted() {
    await this.confirm();
    if (this.rng.chance(0.5)) await this.ticket("acknowledge");
    await this.askToCancel();
    await this.ticket("cancel/accept");
  }

  async itemCancelled() {
    await this.confirm();
    if (this.order.items.length > 1) await this.itemStatus("waiter", this.order.items.at(-1).itemId, "cancelled");
    await this.cookAndServe();
    await this.ticket("complete");
    await this.status("completed");
  }

  async leftOpen() {
    await this.confirm();
    if (this.rng.chance(0.5)) await this.prepare();
  }
}

// The REST routes of docs/api.md that the `service` benchmark and the staff
// apps' reads use, on Express 4: bearer tokens, JSON bodies, Brigade's error
// shape. Every command answers the whole order and hands its domain events to
// `publish` once the answer is decided, as Brigade publishes after commit.

import express from "express";

import { ApiError } from "./access.mjs";
import { orderJson } from "./order-json.mjs";

const id = (value) => (/^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : NaN);

/** Query integers: absent or empty → undefined; anything else must be a positive integer. */
function queryId(query, name) {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  const n = id(String(value));
  if (Number.isNaN(n)) throw new ApiError(400, "validation", `${name} must be a positive integer`, { field: name });
  return n;
}

export function restApi({ catalog, orders, tokens, publish, clients }) {
  const app = express();
  app.disable("x-powered-by");
  // Brigade answers no-store and computes no ETag; neither does the peer.
  app.set("etag", false);
  app.use(express.json({ limit: "1mb" }));
  app.use((req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  app.get("/healthz", (req, res) => res.json({ status: "ok", clients: clients() }));

  // The stand-in for `brigade restaurant create` (the peer has no command line): loopback only.
  app.post("/peer/restaurants", (req, res) => {
    if (!["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress)) throw new ApiError(403, "forbidden", "Loopback only");
    res.status(201).json(catalog.createRestaurant(req.body));
  });

  app.post("/api/auth/login", (req, res) => {
    const staff = catalog.login(req.body?.username, req.body?.password);
    const actor = { id: staff.id, name: staff.name, role: staff.role, restaurantId: staff.restaurantId };
    res.json({ ...tokens.issue(actor), staff: actor, passwordChangeRequired: false });
  });

  // Every other /api route needs a token.
  app.use("/api", (req, res, next) => {
    const header = req.get("authorization") ?? "";
    try {
      req.actor = tokens.verify(header.startsWith("Bearer ") ? header.slice(7) : "");
    } catch (err) {
      throw new ApiError(401, err.code, err.message);
    }
    next();
  });

  app.get("/api/auth/me", (req, res) => res.json({ actor: req.actor }));
  app.post("/api/auth/devices", (req, res) => {
    const device = catalog.addDevice(req.actor, req.body ?? {});
    res.status(201).json({ ...tokens.issue(device), device });
  });
  app.post("/api/admin/staff", (req, res) => res.status(201).json(catalog.addStaff(req.actor, req.body ?? {})));
  app.post("/api/admin/tables", (req, res) => res.status(201).json(catalog.addTable(req.actor, req.body ?? {})));
  app.post("/api/admin/stations", (req, res) => res.status(201).json(catalog.addStation(req.actor, req.body ?? {})));
  app.post("/api/admin/menu/items", (req, res) => res.status(201).json(catalog.addMenuItem(req.actor, req.body ?? {})));
  app.get("/api/tables", (req, res) => res.json(catalog.tablesOf(req.actor)));
  app.get("/api/stations", (req, res) => res.json(catalog.stationsOf(req.actor)));
  app.get("/api/menu", (req, res) => res.json(catalog.menuOf(req.actor)));

  /** Answers a command's order, then announces its events. */
  const answer = (res, status, { order, events, replayed }) => {
    if (replayed) res.set("Idempotent-Replayed", "true");
    res.status(status).json(orderJson(order));
    publish(events);
  };
  const orderId = (req) => {
    const n = id(req.params.orderId);
    if (Number.isNaN(n)) throw new ApiError(404, "not_found", "No such order");
    return n;
  };
  const ticketId = (req) => {
    const n = id(req.params.kitchenOrderId);
    if (Number.isNaN(n)) throw new ApiError(404, "not_found", "No such ticket");
    return n;
  };

  app.post("/api/orders", (req, res) => answer(res, 201, orders.create(req.actor, req.body, req.get("idempotency-key"))));
  app.get("/api/orders", (req, res) => {
    const limit = queryId(req.query, "limit") ?? 50;
    res.json(orders.list(req.actor, { status: req.query.status || undefined, tableId: queryId(req.query, "tableId"), limit: Math.min(limit, 200) }));
  });
  app.get("/api/orders/:orderId", (req, res) => res.json(orderJson(orders.order(req.actor, orderId(req)))));
  app.post("/api/orders/:orderId/confirm", (req, res) => answer(res, 200, orders.confirm(req.actor, orderId(req))));
  app.post("/api/orders/:orderId/items", (req, res) => answer(res, 200, orders.addItems(req.actor, orderId(req), req.body)));
  app.post("/api/orders/:orderId/cancel-request", (req, res) => answer(res, 200, orders.requestCancellation(req.actor, orderId(req), req.body)));

  app.get("/api/kitchen/orders", (req, res) => res.json(orders.kitchen(req.actor, { stationId: queryId(req.query, "stationId") })));
  app.get("/api/kitchen/stats", (req, res) => res.json(orders.stats(req.actor.restaurantId)));
  const ticketCommands = {
    acknowledge: "acknowledge",
    start: "start",
    ready: "ready",
    complete: "complete",
    "cancel/accept": "acceptCancellation",
    "cancel/reject": "rejectCancellation",
  };
  for (const [path, command] of Object.entries(ticketCommands)) {
    app.post(`/api/kitchen/orders/:kitchenOrderId/${path}`, (req, res) => answer(res, 200, orders[command](req.actor, ticketId(req), req.body)));
  }
  app.patch("/api/kitchen/orders/:kitchenOrderId/priority", (req, res) => answer(res, 200, orders.setPriority(req.actor, ticketId(req), req.body)));

  app.use((req, res) => res.status(404).json({ error: { code: "not_found", message: "No such endpoint" } }));
  // Express 4 passes a handler's throw here; body-parser's syntax errors too.
  app.use((err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) return res.status(err.status).json(err.body);
    if (err.type === "entity.parse.failed") return res.status(400).json({ error: { code: "invalid_json", message: "The body is not JSON" } });
    if (err.type === "entity.too.large") return res.status(413).json({ error: { code: "payload_too_large", message: "Body too large" } });
    process.stderr.write(`express-peer: ${err.stack ?? err}\n`);
    return res.status(500).json({ error: { code: "internal", message: "Internal error" } });
  });
  return app;
}

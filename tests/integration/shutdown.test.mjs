// Graceful shutdown (issue 7): on SIGTERM the server stops accepting, tells
// every client to reconnect (a transport close, never the "io server
// disconnect" that would stop socket.io-client from reconnecting), answers
// the requests already in flight, and exits 0 within its drain timeout;
// every order it acknowledged is in the database afterwards.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { test } from "node:test";

import { apiClient, orderableAsIs, tempDir } from "./support/api.mjs";
import { tokenFor } from "./support/auth.mjs";
import { connectSocket, waitFor } from "./support/clients.mjs";
import { isNodePeer, startKitchenServer } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade's own shutdown" : false;

test("SIGTERM drains: clients told to reconnect, in-flight orders answered and kept", { skip }, async (t) => {
  const db = path.join(tempDir("brigade-shutdown-"), "shutdown.db");
  const server = await startKitchenServer({ db, extraArgs: ["--shutdown-timeout", "2s"] });
  const api = apiClient(server.url);
  const dish = (await api("GET", "/api/menu")).body.menu.find(orderableAsIs);
  const table = (await api("GET", "/api/tables")).body.tables[0].tableId;

  const chef = await tokenFor(server.url, "chef1");
  // Reconnecting as the apps do: the point is that they try again.
  const reconnecting = { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100 };
  const websocket = await connectSocket(t, server.url, { auth: { token: chef }, transports: ["websocket"], ...reconnecting });
  const polling = await connectSocket(t, server.url, { auth: { token: chef }, transports: ["polling"], ...reconnecting });
  const websocketGone = waitFor(websocket, "disconnect", { timeoutMs: 8000 });
  const pollingGone = waitFor(polling, "disconnect", { timeoutMs: 8000 });
  const websocketRetries = waitFor(websocket.io, "reconnect_attempt", { timeoutMs: 8000 });
  const pollingRetries = waitFor(polling.io, "reconnect_attempt", { timeoutMs: 8000 });

  // A burst of orders; SIGTERM as soon as the first is answered, so the
  // others are somewhere between the socket and the database.
  const keys = Array.from({ length: 20 }, () => randomUUID());
  const outcomes = keys.map((key) =>
    api("POST", "/api/orders", {
      json: { tableId: table, items: [{ menuItemId: dish.menuItemId, quantity: 1 }] },
      headers: { "Idempotency-Key": key },
    }).then(
      (res) => ({ key, status: res.status, orderId: res.body.orderId }),
      (error) => ({ key, error: error.cause?.code ?? String(error) }),
    ),
  );
  await Promise.race(outcomes);
  const stopped = server.stop();  // SIGTERM; resolves once it exited 0

  // A WebSocket gets its close frame after what was queued; a long poll its
  // close packet, or, when it was between two polls, a closed connection.
  // Either way not "io server disconnect", after which a client gives up.
  assert.equal((await websocketGone)[0], "transport close", "the WebSocket client is told to reconnect");
  assert.match((await pollingGone)[0], /^transport (close|error)$/, "the polling client is told to reconnect");
  await websocketRetries;
  await pollingRetries;
  await stopped;
  assert.match(server.stderr(), /shutdown_started .*signal=15/);
  assert.match(server.stderr(), /shutdown_drained ms=\d+/);

  const results = await Promise.all(outcomes);
  const acknowledged = results.filter((r) => r.status === 201);
  assert.ok(acknowledged.length >= 1);
  for (const r of results) {
    assert.ok(r.status === 201 || r.error, `each request is answered 201 or refused at the door: ${JSON.stringify(r)}`);
  }

  // Nothing acknowledged was lost, and nothing half-answered was kept.
  const again = await startKitchenServer({ db });
  const reread = apiClient(again.url);
  const orders = (await reread("GET", "/api/orders?limit=200")).body.orders;
  const stored = new Set(orders.map((o) => o.orderId));
  for (const r of acknowledged) assert.ok(stored.has(r.orderId), `acknowledged order ${r.orderId} survived`);
  assert.equal(orders.length, acknowledged.length, "no order was stored without its answer");
});

// The churn: socket.io-client connections as the demo's staff and screens
// that join rooms and go away at random moments — before, during and right
// after the acks of room commands, which read a snapshot on a database thread
// while the connection closes (the race behind the SIGSEGV this test was
// written for) — plus event floods the server must cut off.

import { io } from "socket.io-client";

import { connected, waitFor } from "../../integration/support/clients.mjs";
import { ackMismatch, pickRoomCommand } from "./identities.mjs";
import { jitter } from "./random.mjs";

/** Generous: a server that takes this long to answer is stuck, not slow. */
export const patienceMs = 15_000;

const transports = { websocket: ["websocket"], polling: ["polling"], upgrade: ["polling", "websocket"] };

const scenarios = {
  abortedCommands,
  abortOnAck,
  abortWhileConnecting,
  steady,
  flood,
};

/** Weights of the scenarios: mostly commands cut off by a disconnect. */
const scenarioWeights = { abortedCommands: 8, abortOnAck: 3, abortWhileConnecting: 2, steady: 4, flood: 1 };

/**
 * One worker: runs random scenarios, one connection each, until ctx.done().
 * ctx: {url, identities, orders, tableIds, stats, fail, done, floodSize}.
 */
export async function churnWorker(ctx, rng) {
  while (!ctx.done()) {
    const name = rng.weighted(scenarioWeights);
    try {
      await scenarios[name](ctx, rng);
    } catch (err) {
      ctx.fail(`churn ${name}: ${err.message}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Connections

/**
 * A connection as a random identity over a random transport, counted as
 * opened now and closed when its Engine.IO connection closes (`closed`
 * resolves then). Reconnection is off: each cycle is one connection.
 */
function openClient(ctx, rng) {
  const who = rng.pick(ctx.identities);
  const transport = rng.weighted({ websocket: 5, polling: 2, upgrade: 3 });
  const socket = io(ctx.url, {
    auth: { token: who.token },
    transports: transports[transport],
    forceNew: true,
    reconnection: false,
    timeout: patienceMs,
  });
  ctx.stats.opened += 1;
  // A cycle waits at most `patienceMs` to connect and as long again for each
  // step after; a connection still open after several of those is a cycle
  // stuck on something the server never sent.
  const lifetimeMs = 4 * patienceMs;
  const closed = waitFor(socket.io, "close", { timeoutMs: lifetimeMs }).then(
    () => {
      ctx.stats.closed += 1;
    },
    () => ctx.fail(`a ${transport} connection as ${who.label} did not close within ${lifetimeMs} ms`),
  );
  return { socket, who, closed, pending: new Set() };
}

/**
 * Ends the connection one of three ways: a Socket.IO DISCONNECT, an
 * Engine.IO close, or (WebSocket) a TCP teardown without a close frame.
 */
function abort(client, rng) {
  const engine = client.socket.io.engine;
  const how = rng.weighted({ disconnect: 3, engineClose: 2, terminate: 3 });
  if (how === "terminate" && engine?.transport?.ws) engine.transport.ws.terminate();
  else if (how === "engineClose" && engine) engine.close();
  else client.socket.disconnect();
}

/** Waits until the connection is gone; commands sent but never answered were aborted. */
async function finish(ctx, client) {
  client.socket.close();
  await client.closed;
  for (const cmd of client.pending) {
    if (cmd.flooding) continue; // a flood's unanswered tail is the point of the flood
    if (cmd.event.startsWith("join:")) ctx.stats.abortedJoins += 1;
    else ctx.stats.abortedLeaves += 1;
  }
}

/**
 * Sends a random room command (join or leave) with an ack callback that
 * checks the answer against docs/security.md's access table; `onAck` runs
 * right after, inside the callback.
 */
function sendCommand(ctx, client, rng, { onAck, flooding = false } = {}) {
  const cmd = { ...pickRoomCommand(rng, client.who, ctx.orders, ctx.tableIds), flooding };
  client.pending.add(cmd);
  client.socket.emit(cmd.event, ...cmd.args, (ack) => {
    client.pending.delete(cmd);
    if (!flooding) ctx.stats[cmd.event.startsWith("join:") ? "joins" : "leaves"] += 1;
    // In a flood, the commands over the rate are refused instead.
    const refused = flooding && ack?.error?.code === "rate_limited";
    const wrong = !refused && ackMismatch(ack, cmd.expect);
    if (wrong) ctx.fail(`${client.who.label} ${cmd.event} ${JSON.stringify(cmd.args)} → ${JSON.stringify(ack)}: ${wrong}`);
    onAck?.();
  });
}

/** Sends a room command and resolves once it is answered; rejects if the connection goes first. */
function commandAnswered(ctx, client, rng) {
  const { socket, who } = client;
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      socket.off("disconnect", onGone);
    };
    const onGone = (reason) => {
      done();
      reject(new Error(`${who.label}: disconnected (${reason}) before a command's ack`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${who.label}: a room command got no ack within ${patienceMs} ms`));
    }, patienceMs);
    socket.on("disconnect", onGone);
    sendCommand(ctx, client, rng, {
      onAck: () => {
        done();
        resolve();
      },
    });
  });
}

// ---------------------------------------------------------------------------
// Scenarios

/** Room commands in flight (snapshot reads on a database thread) when the connection goes. */
async function abortedCommands(ctx, rng) {
  const client = openClient(ctx, rng);
  try {
    await connected(client.socket, { timeoutMs: patienceMs });
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) sendCommand(ctx, client, rng);
    const wait = jitter(rng, 6);
    if (wait) await wait;
    abort(client, rng);
  } finally {
    await finish(ctx, client);
  }
}

/** Gone right after an ack: another command is sent from inside the ack callback, then the disconnect. */
async function abortOnAck(ctx, rng) {
  const client = openClient(ctx, rng);
  try {
    await connected(client.socket, { timeoutMs: patienceMs });
    const acked = new Promise((resolve) =>
      sendCommand(ctx, client, rng, {
        onAck: () => {
          if (rng.chance(0.7)) sendCommand(ctx, client, rng);
          abort(client, rng);
          resolve();
        },
      }),
    );
    await Promise.race([acked, waitFor(client.socket, "disconnect", { timeoutMs: patienceMs })]);
  } finally {
    await finish(ctx, client);
  }
}

/** Commands queued before the handshake is done, and the connection dropped while it runs. */
async function abortWhileConnecting(ctx, rng) {
  const client = openClient(ctx, rng);
  try {
    // socket.io-client buffers these and sends them right after CONNECT.
    for (let i = rng.int(0, 3); i > 0; i--) sendCommand(ctx, client, rng);
    const wait = jitter(rng, 15);
    if (wait) await wait;
    abort(client, rng);
  } finally {
    await finish(ctx, client);
  }
}

/**
 * A well-behaved screen: commands awaited one by one, a token refresh, then
 * a while in its rooms receiving the order flow's events before it leaves.
 */
async function steady(ctx, rng) {
  const client = openClient(ctx, rng);
  try {
    await connected(client.socket, { timeoutMs: patienceMs });
    for (let i = rng.int(1, 4); i > 0; i--) await commandAnswered(ctx, client, rng);
    if (rng.chance(0.3)) {
      const ack = await client.socket.timeout(patienceMs).emitWithAck("auth:refresh", { token: client.who.token });
      if (ack?.ok !== true) ctx.fail(`auth:refresh with the same token → ${JSON.stringify(ack)}`);
    }
    // A random time in its rooms, events arriving, before it goes.
    await new Promise((resolve) => setTimeout(resolve, rng.int(0, 1500)));
    abort(client, rng);
  } finally {
    await finish(ctx, client);
  }
}

/**
 * More events than the rate limit lets through (--event-burst, then
 * --max-refused-events refusals): the server must disconnect the connection
 * ("io server disconnect"). Most are room commands, so snapshot reads are
 * still running when it does. Sometimes the client gives up first.
 */
async function flood(ctx, rng) {
  const client = openClient(ctx, rng);
  try {
    await connected(client.socket, { timeoutMs: patienceMs });
    const cut = waitFor(client.socket, "disconnect", { timeoutMs: patienceMs });
    cut.catch(() => {});
    for (let i = 0; i < ctx.floodSize; i++) {
      if (rng.chance(0.7)) sendCommand(ctx, client, rng, { flooding: true });
      else client.socket.emit("spam", i);
    }
    ctx.stats.floods += 1;
    if (rng.chance(0.25)) {
      const wait = jitter(rng, 10);
      if (wait) await wait;
      abort(client, rng);
      return;
    }
    const [reason] = await cut;
    if (reason !== "io server disconnect") ctx.fail(`a flood ended with "${reason}", not the server's disconnect`);
    else ctx.stats.floodsCut += 1;
  } finally {
    await finish(ctx, client);
  }
}

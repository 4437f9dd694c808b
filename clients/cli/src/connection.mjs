// The Socket.IO side shared by every command: opening the socket with the
// handshake's auth {token}, awaiting the first connection, emitting with an
// ack deadline, and reporting connection state changes.

import { io } from "socket.io-client";

import { CliError } from "./errors.mjs";

/**
 * A socket.io-client socket to `origin` + `namespace`, the token sent as the
 * handshake's auth {token} (docs/security.md). forceNew: each command owns its
 * connection.
 */
export function openSocket(origin, { token, namespace = "/", transport, reconnection = true }) {
  return io(origin + namespace, {
    forceNew: true,
    reconnection,
    auth: token === undefined ? undefined : { token },
    transports: transport === undefined ? undefined : [transport],
  });
}

/** "websocket" or "polling": the transport the connection uses now. */
export const transportName = (socket) => socket.io.engine?.transport?.name ?? "none";

/**
 * A connect_error in words. The server's refusal: "Authentication error
 * (token_invalid: …)" from a CONNECT_ERROR's message and data {code, message};
 * a transport's failure: "websocket error (connect ECONNREFUSED …)", the cause
 * dug out of engine.io-client's error (for polling, the XHR's statusText).
 */
export function describeConnectError(err) {
  const data = err?.data;
  const refusal = data && typeof data === "object" ? [data.code, data.message].filter(Boolean).join(": ") : "";
  const { description, context } = err ?? {};
  const httpStatus = typeof description === "number" && description > 0 ? `HTTP ${description}` : "";
  const cause = refusal || description?.message || context?.statusText?.message || httpStatus;
  const message = err?.message ?? String(err);
  return cause ? `${message} (${cause})` : message;
}

/**
 * Resolves once `socket` is connected; rejects with a CliError on its first
 * connect_error: a refusal, an unreachable server, or no answer within
 * socket.io-client's connection timeout (20 s).
 */
export function firstConnection(socket) {
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
      settle(value);
    };
    const onConnect = () => done(resolve, socket);
    const onError = (err) =>
      done(reject, new CliError(`could not connect to ${socket.io.uri}: ${describeConnectError(err)}`));
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/**
 * Emits `event` with `args` and resolves to the server's ack (its first
 * argument); rejects with a CliError after `timeoutMs` (a server that has no
 * handler for an event never answers) or when the connection drops first.
 */
export async function emitWithAck(socket, event, args, timeoutMs) {
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, ...args);
  } catch (err) {
    const why = err.message === "operation has timed out" ? `within ${timeoutMs} ms` : `(${err.message})`;
    throw new CliError(`no ack for ${event} ${why}`);
  }
}

// A recoverable event's last argument is its offset, "<sequence>.<part>"
// (connection state recovery, docs/reliability.md): socket.io-client keeps
// it to recover the session; it is not part of the payload.
const isOffset = (value) => typeof value === "string" && /^\d+\.\d+$/.test(value);

/** An event's arguments as one JSON value: null, the one payload, or the list (without a recovery offset). */
export const payloadOf = (args) => {
  const payload = args.length > 1 && isOffset(args.at(-1)) ? args.slice(0, -1) : args;
  return payload.length === 0 ? null : payload.length === 1 ? payload[0] : payload;
};

/**
 * Reports each connection state change of `socket` with `report(text)`:
 * connected, disconnected (reason), connect_error (the server's message),
 * reconnection attempts and reconnected. Calls `onReconnect()` after each
 * reconnection and `fatal(text)` once when the connection cannot come back:
 * the server refused it, ended the session, or retrying gave up.
 */
export function watchConnection(socket, { report, fatal, onReconnect = () => {} }) {
  let everConnected = socket.connected;
  socket.on("connect", () => {
    report(`${everConnected ? "reconnected" : "connected"}: id ${socket.id}, transport ${transportName(socket)}`);
    if (everConnected) onReconnect();
    everConnected = true;
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return; // we closed it
    if (reason === "io server disconnect") fatal("disconnected by the server (io server disconnect)");
    else report(`disconnected: ${reason}; reconnecting`);
  });
  socket.on("connect_error", (err) => {
    // socket.io-client stops retrying (socket.active turns false) when the
    // server itself refused the connection, e.g. a bad token.
    if (socket.active) report(`connect_error: ${describeConnectError(err)}`);
    else fatal(`connection refused: ${describeConnectError(err)}`);
  });
  socket.io.on("reconnect_attempt", (attempt) => report(`reconnecting (attempt ${attempt})`));
  socket.io.on("reconnect_failed", () => fatal("gave up reconnecting"));
}

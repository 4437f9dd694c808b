// Client-side helpers for the integration tests: awaiting events with a
// deadline (never sleeping), recording what arrived, opening socket.io-client
// sockets and raw Engine.IO WebSocket connections that close themselves when
// the test ends.

import { io, Manager } from "socket.io-client";
import WebSocket from "ws";

export const defaultTimeoutMs = 3000;

/**
 * Resolves with the argument list of the next `event` on `emitter` (a
 * socket.io-client Emitter or a Node EventEmitter), or rejects after
 * `timeoutMs`. `filter(...args)` may skip events that do not match.
 */
export function waitFor(emitter, event, { timeoutMs = defaultTimeoutMs, filter } = {}) {
  return new Promise((resolve, reject) => {
    const listener = (...args) => {
      if (filter && !filter(...args)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}"`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/**
 * Resolves with `log.entries` once `predicate(log.entries)` holds, checked now
 * and whenever the log calls the `check` of each member of `log.waiters` (on
 * every arrival); rejects with `timeoutMessage()` after `timeoutMs`.
 */
export function waitForEntries(log, predicate, timeoutMs, timeoutMessage) {
  return new Promise((resolve, reject) => {
    const waiter = {
      check: () => {
        if (!predicate(log.entries)) return;
        clearTimeout(timer);
        log.waiters.delete(waiter);
        resolve(log.entries);
      },
    };
    const timer = setTimeout(() => {
      log.waiters.delete(waiter);
      reject(new Error(timeoutMessage()));
    }, timeoutMs);
    log.waiters.add(waiter);
    waiter.check();
  });
}

/**
 * Records every `event` from `emitter` (each entry is the argument list) and
 * lets a test await a condition over what arrived so far.
 */
export class Recorder {
  constructor(emitter, event) {
    this.entries = [];
    this.waiters = new Set();
    this.listener = (...args) => {
      this.entries.push(args);
      for (const w of [...this.waiters]) w.check();
    };
    this.emitter = emitter;
    this.event = event;
    emitter.on(event, this.listener);
  }

  /** Payloads when each event carries one argument. */
  get firsts() {
    return this.entries.map((args) => args[0]);
  }

  /** Resolves once `predicate(entries)` is true; rejects after the timeout. */
  until(predicate, { timeoutMs = defaultTimeoutMs, what = "condition" } = {}) {
    return waitForEntries(
      this,
      predicate,
      timeoutMs,
      () =>
        `timed out after ${timeoutMs} ms waiting for ${what} on "${this.event}"; ` +
        `got ${this.entries.length} event(s): ${preview(this.entries)}`,
    );
  }

  /** Resolves once an event whose first argument deep-equals-ish `value` (===) arrived. */
  untilFirstArg(value, options) {
    return this.until((entries) => entries.some((args) => args[0] === value), {
      what: JSON.stringify(value),
      ...options,
    });
  }

  stop() {
    this.emitter.off(this.event, this.listener);
  }
}

function preview(entries) {
  const text = JSON.stringify(entries, (_k, v) =>
    typeof v === "string" && v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v,
  );
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/**
 * Opens a socket.io-client socket to `url` + `nsp` that is closed when the
 * test `t` ends. Reconnection is off unless asked for; a new Manager (engine
 * connection) per call unless `manager` is given.
 */
export function openSocket(t, url, { nsp = "/", ...opts } = {}) {
  const socket = io(url + nsp, { forceNew: true, reconnection: false, ...opts });
  t.after(() => socket.close());
  return socket;
}

/** A Manager (one Engine.IO connection) closed when the test `t` ends. */
export function openManager(t, url, opts = {}) {
  const manager = new Manager(url, { reconnection: false, ...opts });
  t.after(() => manager.engine?.close());
  return manager;
}

/** Opens a socket and resolves once it is connected; rejects on connect_error. */
export async function connectSocket(t, url, opts = {}) {
  const socket = openSocket(t, url, opts);
  await connected(socket);
  return socket;
}

/** Resolves when `socket` is connected, rejects on connect_error or timeout. */
export function connected(socket, { timeoutMs = defaultTimeoutMs } = {}) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
    };
    const onConnect = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (err) => {
      cleanup();
      reject(new Error(`connect_error: ${err.message} ${JSON.stringify(err.data ?? null)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`socket did not connect within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/**
 * A raw WebSocket speaking Engine.IO v4 by hand (no socket.io-client), for
 * checks on the wire format: every received frame is recorded as a string
 * (text frames) or Buffer (binary frames).
 */
export class RawEngineSocket {
  /** Opens `ws://…{path}?EIO=4&transport=websocket` and resolves once open. */
  static async open(t, baseUrl, path = "/socket.io/", query = "EIO=4&transport=websocket") {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${path}?${query}`);
    const raw = new RawEngineSocket(ws);
    t.after(() => ws.terminate());
    await waitFor(ws, "open");
    return raw;
  }

  constructor(ws) {
    this.ws = ws;
    this.closed = false;
    this.errors = [];
    ws.on("error", (err) => this.errors.push(err));
    this.frames = new Recorder(ws, "message");
    ws.once("close", () => {
      this.closed = true;
    });
  }

  /** Decoded frames: text as string, binary as Buffer. */
  get messages() {
    return this.frames.entries.map(([data, isBinary]) => (isBinary ? data : data.toString()));
  }

  /** Resolves with the first received frame (from `from` on) matching `predicate`. */
  async frame(predicate, { from = 0, timeoutMs, what = "frame" } = {}) {
    let found;
    await this.frames.until(
      (entries) => {
        for (let i = from; i < entries.length; i++) {
          const [data, isBinary] = entries[i];
          const msg = isBinary ? data : data.toString();
          if (predicate(msg)) {
            found = { msg, index: i };
            return true;
          }
        }
        return false;
      },
      { timeoutMs, what },
    );
    return found;
  }

  send(data) {
    this.ws.send(data);
  }
}

/** Parses an Engine.IO open packet ("0{...}"). */
export function parseOpenPacket(frame) {
  if (typeof frame !== "string" || frame[0] !== "0") throw new Error(`not an open packet: ${frame}`);
  return JSON.parse(frame.slice(1));
}

/**
 * Parses a Socket.IO v5 text packet: type digit, optional "N-" attachment
 * count, optional "/nsp," namespace, optional ack id, optional JSON data.
 */
export function parseSocketIoPacket(frame) {
  const m = /^(\d)(?:(\d+)-)?(?:(\/[^,]*),)?(\d+)?(.*)$/s.exec(frame);
  if (!m) throw new Error(`not a Socket.IO packet: ${frame}`);
  return {
    type: Number(m[1]),
    attachments: m[2] === undefined ? 0 : Number(m[2]),
    nsp: m[3] ?? "/",
    id: m[4] === undefined ? undefined : Number(m[4]),
    data: m[5] === "" ? undefined : JSON.parse(m[5]),
  };
}

/**
 * The Socket.IO packet inside an Engine.IO "message" frame ("4…"), or
 * undefined for other Engine.IO packets and binary frames.
 */
export function socketIoPacketOf(frame) {
  if (typeof frame !== "string" || frame[0] !== "4") return undefined;
  return parseSocketIoPacket(frame.slice(1));
}

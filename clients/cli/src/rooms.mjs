// Rooms as a person types them ("kitchen", "table 4", "order:42") mapped to
// the server's room commands (docs/events.md, "Joining and leaving rooms"):
// join:kitchen, join:waiters, join:table {tableId}, join:order {orderId} and
// their leave: twins. A RoomSet remembers the rooms joined so that they can be
// joined again after a reconnection: the server forgets a socket's rooms when
// its connection ends.

import { emitWithAck } from "./connection.mjs";

const kinds = {
  kitchen: null,
  waiters: null,
  table: "tableId",
  order: "orderId",
};

export const roomSyntax = "kitchen | waiters | table N | order N";

/**
 * Parses "kitchen", "waiters", "table 4", "table:4", "order 42" or "order:42"
 * into {kind, id, name}, name being the server's room name ("table:4").
 * Throws an Error saying what is wrong.
 */
export function parseRoom(text) {
  const words = text.trim().split(/[\s:]+/).filter(Boolean);
  const [kind, id, ...extra] = words;
  if (!(kind in kinds)) throw new Error(`unknown room "${text.trim()}" (rooms: ${roomSyntax})`);
  const idKey = kinds[kind];
  if (idKey === null) {
    if (id !== undefined) throw new Error(`the ${kind} room takes no id`);
    return { kind, id: undefined, name: kind };
  }
  if (id === undefined || extra.length > 0 || !/^[1-9]\d*$/.test(id) || !Number.isSafeInteger(Number(id))) {
    throw new Error(`the ${kind} room needs one positive integer id: ${kind} N`);
  }
  return { kind, id: Number(id), name: `${kind}:${id}` };
}

/** The event and payload of the server's join/leave command for `room`. */
export function roomCommand(action, room) {
  const idKey = kinds[room.kind];
  return {
    event: `${action}:${room.kind}`,
    args: idKey === null ? [] : [{ [idKey]: room.id }],
  };
}

/** The rooms a socket is in, joined and left through the server's commands. */
export class RoomSet {
  #rooms = new Map();

  get names() {
    return [...this.#rooms.keys()];
  }

  /** Sends the join command; resolves to the server's ack and remembers the room when ok. */
  async join(socket, room, timeoutMs) {
    const ack = await send(socket, "join", room, timeoutMs);
    if (ack?.ok === true) this.#rooms.set(room.name, room);
    return ack;
  }

  /** Sends the leave command; the room is forgotten whatever the ack says. */
  async leave(socket, room, timeoutMs) {
    this.#rooms.delete(room.name);
    return send(socket, "leave", room, timeoutMs);
  }

  /**
   * Joins every remembered room again (after a reconnection), reporting each
   * outcome with `report(text)`. A room refused now is forgotten.
   */
  async rejoin(socket, timeoutMs, report) {
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    await Promise.all(
      rooms.map((room) =>
        this.join(socket, room, timeoutMs).then(
          (ack) => report(ack?.ok === true ? `rejoined ${room.name}` : `could not rejoin ${room.name}: ${ackError(ack)}`),
          (error) => report(`could not rejoin ${room.name}: ${error.message}`),
        ),
      ),
    );
  }
}

function send(socket, action, room, timeoutMs) {
  const { event, args } = roomCommand(action, room);
  return emitWithAck(socket, event, args, timeoutMs);
}

/** "forbidden: a waiter may not …" from a failed command's ack. */
export function ackError(ack) {
  const error = ack?.error;
  if (!error) return JSON.stringify(ack);
  return [error.code, error.message].filter(Boolean).join(": ") + (error.field ? ` (field ${error.field})` : "");
}

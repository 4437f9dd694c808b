// `brigade-cli listen`: join the rooms, then print each incoming event as one
// JSON line on stdout ({"event", "data", "at"}) for jq and friends, until
// SIGINT or SIGTERM. Everything else (connection state, joins) goes to stderr
// so that stdout stays pure JSON lines.

import { CliError } from "./errors.mjs";
import { firstConnection, payloadOf } from "./connection.mjs";
import { RoomSet, ackError } from "./rooms.mjs";
import { session } from "./session.mjs";

/**
 * Resolves to the exit status: 0 after SIGINT/SIGTERM (or when stdout's
 * reader goes away, as with `| head -1`), 1 when the connection is refused or
 * lost for good. Rejects with a CliError when the first connection or a join
 * fails.
 */
export async function listen(socket, { rooms, events, timeoutMs, stdout = process.stdout, stderr = process.stderr }) {
  const note = (text) => stderr.write(`${text}\n`);
  const wanted = new Set(events);
  const joined = new RoomSet();

  await firstConnection(socket);
  note(`connected: id ${socket.id}`);
  // Print from the start: an event that follows a join's snapshot must not be missed.
  socket.onAny((event, ...args) => {
    if (wanted.size > 0 && !wanted.has(event)) return;
    stdout.write(`${JSON.stringify({ event, data: payloadOf(args), at: new Date().toISOString() })}\n`);
  });
  for (const room of rooms) {
    const ack = await joined.join(socket, room, timeoutMs);
    if (ack?.ok !== true) throw new CliError(`could not join ${room.name}: ${ackError(ack)}`);
    note(`joined ${room.name}`);
  }
  note(`listening for ${wanted.size > 0 ? [...wanted].join(", ") : "all events"} (Ctrl-C to stop)`);

  const { ended, end } = session(socket, { rooms: joined, timeoutMs, report: note });
  // A closed pipe (`| head -1`) is the reader saying it has enough.
  stdout.on("error", (err) => end(err.code === "EPIPE" ? 0 : 1));
  return ended;
}

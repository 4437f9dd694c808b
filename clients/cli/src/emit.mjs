// `brigade-cli emit`: one event, one ack, then exit; for scripts and for
// checking a single command by hand.

import { emitWithAck, firstConnection } from "./connection.mjs";

/**
 * Connects, emits `event` with `args`, prints the ack as one JSON line on
 * stdout and resolves to the exit status: 0 when the ack says ok:true (every
 * Brigade command's ack carries `ok`), 1 otherwise. Rejects with a CliError
 * when the connection fails or no ack comes.
 */
export async function emitOnce(socket, { event, args, timeoutMs, stdout = process.stdout }) {
  try {
    await firstConnection(socket);
    const ack = await emitWithAck(socket, event, args, timeoutMs);
    stdout.write(`${JSON.stringify(ack ?? null)}\n`);
    return ack?.ok === true ? 0 : 1;
  } finally {
    socket.close();
  }
}

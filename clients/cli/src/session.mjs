// How the long-running commands (connect, listen) end: SIGINT or SIGTERM is
// a clean stop (0); a connection that cannot come back (refused, ended by the
// server) is a failure (1). Meanwhile connection changes are reported and the
// rooms joined again after each reconnection.

import { watchConnection } from "./connection.mjs";

/**
 * Watches `socket` until the session ends. Returns {ended, end, over}:
 * `ended` resolves to the exit status, `end(status)` ends it (closing the
 * socket, after `onEnd()`), `over()` says whether it has ended.
 */
export function session(socket, { rooms, timeoutMs, report, onEnd = () => {} }) {
  let status;
  let resolveEnded;
  const ended = new Promise((resolve) => (resolveEnded = resolve));
  const onSignal = () => end(0);
  function end(exitStatus) {
    if (status !== undefined) return;
    status = exitStatus;
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    onEnd();
    socket.close();
    resolveEnded(status);
  }
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  watchConnection(socket, {
    report,
    fatal: (text) => {
      report(`brigade-cli: ${text}`);
      end(1);
    },
    onReconnect: () => rooms.rejoin(socket, timeoutMs, report),
  });
  return { ended, end, over: () => status !== undefined };
}

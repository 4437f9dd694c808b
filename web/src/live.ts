// The screen's one Socket.IO connection (@brigade/client's OrderSocketClient)
// and what the connection banner shows. socket.io-client reconnects by
// itself and the client re-joins its rooms with fresh snapshots; this hook
// also retries a connection that was lost outright (server down at start-up,
// or restarted for longer than the client's patience), and hands auth
// failures to the app so it can ask for a new login.

import { ConnectError, OrderSocketClient, type ConnectionState } from "@brigade/client";
import { useEffect, useRef, useState } from "react";

import type { Session } from "./session";

export interface LiveStatus {
  state: ConnectionState;
  /** Connected and the screen's rooms joined: what it shows is live. */
  live: boolean;
  /** When the screen last lost its connection (ms since the epoch), null while connected. */
  offlineSince: number | null;
}

const retryLostAfterMs = 3000;

/**
 * Connects for as long as the component is mounted. `start(client)` registers
 * listeners (before the connection, so nothing is missed) and returns what to
 * do once connected: join the rooms and load the state. It runs again after a
 * lost connection is re-established.
 */
export function useLiveClient(
  session: Session,
  start: (client: OrderSocketClient) => () => Promise<void>,
  onAuthFailure: () => void,
): { client: OrderSocketClient | null; status: LiveStatus } {
  const [status, setStatus] = useState<LiveStatus>({ state: "idle", live: false, offlineSince: null });
  const [client, setClient] = useState<OrderSocketClient | null>(null);
  // The latest callbacks, without reconnecting when they change identity.
  const startRef = useRef(start);
  const authRef = useRef(onAuthFailure);
  startRef.current = start;
  authRef.current = onAuthFailure;

  useEffect(() => {
    const live = new OrderSocketClient({ ackTimeoutMs: 8000 });
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // Rooms are joined after a (re)started connection by onConnected, and
    // after a reconnection by the client itself before it reports "connected".
    let joined = false;
    const onConnected = startRef.current(live);
    setClient(live);

    live.onConnectionStateChange((state, change) => {
      if (state === "lost" || state === "connecting") joined = false;
      setStatus((previous) => ({
        state,
        live: state === "connected" && joined,
        offlineSince: state === "connected" ? null : (previous.offlineSince ?? (previous.state === "connected" ? Date.now() : null)),
      }));
      if (state === "lost" && !stopped) {
        const code = change.error instanceof ConnectError ? change.error.code : undefined;
        if (code && (code.startsWith("token_") || code === "unauthenticated")) {
          authRef.current();
          return;
        }
        retry = setTimeout(connect, retryLostAfterMs);
      }
    });
    // A token that expires mid-shift ends the session on the server
    // (auth:expired, then a disconnect): the retry below is then refused
    // with token_expired, which sends the screen to the login.

    async function connect() {
      if (stopped) return;
      try {
        await live.connect(window.location.origin, session.token, {
          reconnectionDelay: 500,
          reconnectionDelayMax: 3000,
        });
        await onConnected();
        joined = true;
        setStatus((previous) => ({ ...previous, live: previous.state === "connected" }));
      } catch {
        // "lost" is reported through the state listener, which schedules the retry.
      }
    }
    void connect();

    return () => {
      stopped = true;
      clearTimeout(retry);
      live.disconnect();
    };
  }, [session.token]);

  return { client, status };
}

// The screen's one Socket.IO connection (@brigade/client's OrderSocketClient)
// and what the connection banner shows. socket.io-client reconnects by
// itself; the server recovers the session (rooms kept, missed events
// replayed) or the client re-joins its rooms with fresh snapshots and replays
// the missed events from GET /api/events, all before it reports "connected".
// This hook also retries a connection that was lost outright (server down at
// start-up, or restarted for longer than the client's patience), and hands
// auth failures to the app so it can ask for a new login.

import { ConnectError, OrderSocketClient, type ConnectionState } from "@brigade/client";
import { useEffect, useRef, useState } from "react";

import type { Session } from "./session";

export interface LiveStatus {
  state: ConnectionState;
  /** Connected and the screen's rooms joined: what it shows is live. */
  live: boolean;
  /** When the screen last lost its connection (ms since the epoch), null while connected. */
  offlineSince: number | null;
  /** Back after being offline, for the last few seconds: the banner says "Reconnected". */
  reconnected: boolean;
}

const retryLostAfterMs = 3000;
const showReconnectedMs = 5000;

/**
 * Connects for as long as the component is mounted. `start(client)` registers
 * listeners (before the connection, so nothing is missed) and returns what to
 * do once connected: join the rooms and load the state. It runs again after a
 * lost connection is re-established.
 */
export function useLiveClient(
  session: Session,
  start: (client: OrderSocketClient) => () => Promise<void>,
  onAuthFailure: (reason?: string) => void,
): { client: OrderSocketClient | null; status: LiveStatus } {
  const [status, setStatus] = useState<LiveStatus>({ state: "idle", live: false, offlineSince: null, reconnected: false });
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
    let reconnectedTimer: ReturnType<typeof setTimeout> | undefined;
    // Rooms are joined after a (re)started connection by onConnected, and
    // after a reconnection by the client itself before it reports "connected".
    let joined = false;
    // Set by auth:revoked, which the server sends just before it disconnects.
    let revokedBecause: string | null = null;
    live.onAuthRevoked(({ message }) => (revokedBecause = message || "Your access was revoked by a manager"));
    const onConnected = startRef.current(live);
    setClient(live);

    // Connected at least once, and lost the connection since: the next
    // "connected" is a reconnection, which the banner announces.
    let wasConnected = false;
    let outage = false;
    live.onConnectionStateChange((state, change) => {
      if (state === "lost" || state === "connecting") joined = false;
      if (state === "reconnecting" || state === "lost") outage ||= wasConnected;
      let reconnected = false;
      if (state === "connected") {
        reconnected = outage;
        outage = false;
        wasConnected = true;
      }
      clearTimeout(reconnectedTimer);
      if (reconnected) reconnectedTimer = setTimeout(() => setStatus((now) => ({ ...now, reconnected: false })), showReconnectedMs);
      setStatus((previous) => ({
        state,
        live: state === "connected" && joined,
        offlineSince: state === "connected" ? null : (previous.offlineSince ?? (previous.state === "connected" ? Date.now() : null)),
        reconnected,
      }));
      if (state === "lost" && !stopped) {
        if (revokedBecause !== null) {
          authRef.current(revokedBecause);
          return;
        }
        const code = change.error instanceof ConnectError ? change.error.code : undefined;
        if (code && (code.startsWith("token_") || code === "unauthenticated")) {
          authRef.current(code === "token_revoked" ? change.error?.message : undefined);
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
        const connected = live.connect(window.location.origin, session.token, {
          reconnectionDelay: 500,
          reconnectionDelayMax: 3000,
        });
        await connected;
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
      clearTimeout(reconnectedTimer);
      live.disconnect();
    };
  }, [session.token]);

  return { client, status };
}

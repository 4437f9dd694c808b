// The managers' live feed: a socket.io-client socket on the server's "/admin"
// namespace (docs/operations.md, "Live admin feed"). It receives the last
// five minutes of samples on connecting (admin:history), then one sample a
// second (admin:metrics); this hook keeps the last five minutes.

import { io } from "socket.io-client";
import { useEffect, useRef, useState } from "react";

import type { Session } from "../session";

export interface StationThroughput {
  stationId: number | null;
  name: string;
  tickets: number;
  averagePrepSeconds: number;
}

export interface Throughput {
  windowMinutes: number;
  ticketsCompleted: number;
  ticketsPerHour: number;
  stations: StationThroughput[];
  computedAt: string;
}

/** A manager's sample: their own restaurant's figures (docs/operations.md, "Live admin feed"). */
export interface AdminSample {
  time: string;
  intervalMs: number;
  scope: "restaurant";
  connections: { total: number };
  eventsPerSecond: number;
  reconnections: number;
  throughput?: Throughput | null;
}

export type FeedState = "connecting" | "live" | "offline";

/** Five minutes of one-second samples, as the server keeps. */
export const historyLength = 300;

export function useAdminFeed(session: Session, onAuthFailure: () => void) {
  const [samples, setSamples] = useState<AdminSample[]>([]);
  const [throughput, setThroughput] = useState<Throughput | null>(null);
  const [state, setState] = useState<FeedState>("connecting");
  const [error, setError] = useState<string | null>(null);
  const authRef = useRef(onAuthFailure);
  authRef.current = onAuthFailure;

  useEffect(() => {
    const socket = io(`${window.location.origin}/admin`, {
      auth: { token: session.token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    socket.on("connect", () => {
      setState("live");
      setError(null);
    });
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => {
      setState("offline");
      const code = err.data?.code;
      if (code && (code.startsWith("token_") || code === "unauthenticated")) {
        authRef.current();
        return;
      }
      setError(err.data?.message ?? err.message);
    });
    socket.on("admin:history", (history: { samples: AdminSample[]; throughput: Throughput | null }) => {
      setSamples(history.samples.slice(-historyLength));
      setThroughput(history.throughput);
    });
    socket.on("admin:metrics", (sample: AdminSample) => {
      setSamples((previous) => [...previous.slice(-(historyLength - 1)), sample]);
      if (sample.throughput) setThroughput(sample.throughput);
    });
    return () => {
      socket.close();
    };
  }, [session.token]);

  return { samples, throughput, state, error };
}

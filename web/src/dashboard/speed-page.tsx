// /speed, for managers: the kitchen's speed of service (docs/apps.md
// "Speed of service"). Pick a day: one chart per station of its lines'
// median and 90th-percentile fired-to-ready times by hour, against the
// target, and the day as CSV. Today's line above is live: re-read whenever
// a line or a ticket is ready in the kitchen room, and every 30 seconds.

import type { OrderSocketClient } from "@brigade/client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { apiFor, saveFile } from "../api";
import { clockTime, ConnectionBanner, ManagerHeader } from "../components";
import { useLiveClient } from "../live";
import type { Session } from "../session";
import { SpeedChart } from "./speed-chart";
import { dayQuery, loadSpeedDay, localDate, minutesSeconds, percent, type SpeedDay, type SpeedReport, type SpeedSummary } from "./speed-report";

const refreshEveryMs = 30_000;

function Figures({ summary, testId }: { summary: SpeedSummary; testId: string }) {
  return (
    <span className="speed-figures" data-testid={testId} data-count={summary.count}>
      {summary.count === 1 ? "1 line" : `${summary.count} lines`} · median {minutesSeconds(summary.medianSeconds)} · p90 {minutesSeconds(summary.p90Seconds)} · {percent(summary.lateShare)} late
    </span>
  );
}

export function SpeedPage({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: (reason?: string) => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [day, setDay] = useState<string | null>(null); // null: today, in the restaurant's zone
  const [shown, setShown] = useState<SpeedDay | null>(null);
  const [today, setToday] = useState<SpeedReport | null>(null);
  const [readAt, setReadAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dayRef = useRef(day);
  dayRef.current = day;

  const loadDay = useCallback(
    (which: string | null) =>
      loadSpeedDay(api, which)
        .then((loaded) => {
          if (dayRef.current === which) setShown(loaded);
        })
        .catch((e: unknown) => setError(String((e as Error).message ?? e))),
    [api],
  );

  // Today's line, and the charts too while they show today.
  const refreshToday = useCallback(() => {
    api
      .get<SpeedReport>(dayQuery(null))
      .then((report) => {
        setToday(report);
        setReadAt(Date.now());
        setError(null);
      })
      .catch((e: unknown) => setError(String((e as Error).message ?? e)));
    if (dayRef.current === null) void loadDay(null);
  }, [api, loadDay]);

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const soon = useCallback(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(refreshToday, 250);
  }, [refreshToday]);

  const start = useCallback(
    (client: OrderSocketClient) => {
      client.onKitchenOrderReady(() => soon());
      client.onOrderItemStatusChanged(({ status }) => {
        if (status === "ready") soon();
      });
      client.onRejoined(() => soon());
      return async () => {
        await client.joinKitchenRoom();
        soon();
      };
    },
    [soon],
  );
  const { status } = useLiveClient(session, start, onAuthFailure);

  useEffect(() => {
    refreshToday();
    const timer = setInterval(refreshToday, refreshEveryMs);
    return () => {
      clearInterval(timer);
      clearTimeout(pending.current);
    };
  }, [refreshToday]);

  useEffect(() => {
    setShown(null);
    void loadDay(day);
  }, [day, loadDay]);

  const pickedDate = day ?? (today ? localDate(today.from, today.timeZone) : "");

  async function downloadCsv() {
    try {
      const { blob, filename } = await api.download(dayQuery(day, { format: "csv" }));
      saveFile(blob, filename ?? "speed-of-service.csv");
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  }

  return (
    <main className="dashboard-page speed-page">
      <ManagerHeader title="Speed of service" current="/speed" who={session.name} onLogout={onLogout} />
      <ConnectionBanner status={status} />
      {error && (
        <p className="error panel" role="alert">
          {error}
        </p>
      )}
      <section className="panel speed-today" aria-label="Today so far">
        <h2>Today so far</h2>
        {today ? <Figures summary={today.total} testId="speed-today" /> : <span className="muted">Loading…</span>}
        {readAt && <p className="muted">Fired to ready, target {today?.targetMinutes} minutes · read at {clockTime(readAt)}</p>}
      </section>
      <section className="panel speed-controls" aria-label="Day">
        <label>
          Day{" "}
          <input type="date" value={pickedDate} onChange={(e) => setDay(e.target.value || null)} data-testid="speed-day" />
        </label>{" "}
        <button type="button" className="quiet" onClick={() => setDay(null)} disabled={day === null}>
          Today
        </button>{" "}
        <button type="button" onClick={() => void downloadCsv()} data-testid="speed-csv">
          Download CSV
        </button>
        {shown && (
          <p>
            All stations: <Figures summary={shown.report.total} testId="speed-day-total" />
          </p>
        )}
      </section>
      {shown && shown.stations.length === 0 && (
        <p className="panel muted" data-testid="speed-empty">
          No line was ready this day.
        </p>
      )}
      <div className="speed-stations">
        {shown?.stations.map(({ station, hours }) => (
          <section key={station.key} className="panel speed-station" aria-label={station.name} data-testid="speed-station" data-station={station.name}>
            <h2>{station.name}</h2>
            <Figures summary={station} testId="speed-station-figures" />
            <SpeedChart name={station.name} hours={hours} targetMinutes={shown.report.targetMinutes} testId="speed-chart" />
            <p className="speed-legend muted">
              <span className="speed-key-median">median</span> · <span className="speed-key-p90">90th percentile</span> ·{" "}
              <span className="speed-key-target">target {shown.report.targetMinutes} min</span>
            </p>
          </section>
        ))}
      </div>
    </main>
  );
}

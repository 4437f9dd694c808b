// /dashboard, for managers: the server's live numbers (connections, events
// per second, broadcast latency, errors) with charts of the last minutes,
// and the kitchen's throughput over the last hour, from the "/admin" feed.

import type { ReactNode } from "react";

import { clockTime, ManagerHeader } from "../components";
import type { Session } from "../session";
import { useAdminFeed, type AdminSample } from "./admin-feed";
import { formatNumber, Sparkline } from "./sparkline";

const errorKinds = ["handshake_refused", "validation", "rate_limited", "internal"] as const;

function totalErrors(s: AdminSample): number {
  return Object.values(s.errorsPerSecond).reduce((a, b) => a + b, 0);
}

function Stat({ label, value, unit, testId, children }: { label: string; value: string; unit?: string; testId: string; children?: ReactNode }) {
  return (
    <section className="stat panel" aria-label={label}>
      <h2>{label}</h2>
      <p className="stat-value">
        <span data-testid={testId}>{value}</span>
        {unit && <span className="stat-unit"> {unit}</span>}
      </p>
      {children}
    </section>
  );
}

function minutesSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function DashboardPage({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const { samples, throughput, state, error } = useAdminFeed(session, onAuthFailure);
  const latest = samples.at(-1);
  // Latency exists only in seconds that broadcast something: show the last
  // such second rather than a 0 between orders.
  const lastBroadcast = [...samples].reverse().find((s) => s.messagesPerSecond > 0);
  const series = (pick: (s: AdminSample) => number) => samples.map(pick);

  return (
    <main className="dashboard-page">
      <ManagerHeader title="Dashboard" current="/dashboard" who={session.name} onLogout={onLogout} />
      <div
        className={`banner banner-${state === "live" ? "ok" : state === "connecting" ? "pending" : "bad"}`}
        role="status"
        aria-live="polite"
        data-testid="dash-state"
        data-state={state}
      >
        <span className="banner-dot" aria-hidden="true" />
        {state === "live" ? "Live, one sample a second" : state === "connecting" ? "Connecting…" : "Offline, retrying"}
      </div>
      {error && (
        <p className="error panel" role="alert">
          {error}
        </p>
      )}
      <div className="stat-grid">
        <Stat label="Connections" value={latest ? String(latest.connections.total) : "–"} testId="dash-connections">
          <p className="muted" data-testid="dash-connections-split">
            {latest ? `${latest.connections.websocket} WebSocket, ${latest.connections.polling} polling` : ""}
          </p>
          <Sparkline values={series((s) => s.connections.total)} label="Connections over the last minutes" testId="dash-connections-chart" />
        </Stat>
        <Stat label="Events per second" value={latest ? formatNumber(latest.eventsPerSecond) : "–"} unit="/s" testId="dash-events-per-second">
          <p className="muted">{latest ? `${formatNumber(latest.messagesPerSecond)} messages/s delivered` : ""}</p>
          <Sparkline values={series((s) => s.eventsPerSecond)} label="Events per second over the last minutes" testId="dash-events-chart" />
        </Stat>
        <Stat label="Broadcast latency p95" value={lastBroadcast ? formatNumber(lastBroadcast.latencyMs.p95) : "–"} unit="ms" testId="dash-latency-p95">
          <p className="muted">
            p50 <span data-testid="dash-latency-p50">{lastBroadcast ? formatNumber(lastBroadcast.latencyMs.p50) : "–"}</span> ms, p99{" "}
            <span data-testid="dash-latency-p99">{lastBroadcast ? formatNumber(lastBroadcast.latencyMs.p99) : "–"}</span> ms
            {lastBroadcast && <> at {clockTime(Date.parse(lastBroadcast.time))}</>}
          </p>
          <Sparkline values={series((s) => s.latencyMs.p95)} label="Latency p95 over the last minutes" testId="dash-latency-chart" />
        </Stat>
        <Stat label="Errors per second" value={latest ? formatNumber(totalErrors(latest)) : "–"} unit="/s" testId="dash-error-rate">
          <ul className="muted error-kinds">
            {errorKinds.map((kind) => (
              <li key={kind}>
                {kind.replace("_", " ")}: <span data-testid={`dash-errors-${kind}`}>{latest ? formatNumber(latest.errorsPerSecond[kind] ?? 0) : "–"}</span>
              </li>
            ))}
          </ul>
          <Sparkline values={series(totalErrors)} label="Errors per second over the last minutes" testId="dash-errors-chart" />
        </Stat>
        <Stat label="Server" value={latest ? formatNumber(latest.memory.rssBytes / 1048576) : "–"} unit="MiB" testId="dash-memory">
          <p className="muted">
            {latest ? `${formatNumber(latest.httpRequestsPerSecond)} HTTP requests/s, ${latest.reconnections} reconnections in the last second` : ""}
          </p>
        </Stat>
      </div>
      <section className="panel throughput" aria-label="Kitchen throughput">
        <h2>Kitchen, last hour</h2>
        <p className="stat-value">
          <span data-testid="dash-tickets-per-hour">{throughput ? formatNumber(throughput.ticketsPerHour) : "–"}</span>
          <span className="stat-unit"> tickets per hour</span>
        </p>
        <table className="stations">
          <caption className="muted">Average prep time (creation to bump) by station</caption>
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col">Tickets</th>
              <th scope="col">Average prep time</th>
            </tr>
          </thead>
          <tbody>
            {(throughput?.stations ?? []).map((st) => (
              <tr key={st.stationId ?? "none"} data-testid="dash-station">
                <th scope="row">{st.name || "No station"}</th>
                <td>{st.tickets}</td>
                <td>{minutesSeconds(st.averagePrepSeconds)}</td>
              </tr>
            ))}
            {throughput && throughput.stations.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No tickets bumped in the last hour
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </main>
  );
}

// /dashboard, for managers: their restaurant's live numbers (screens
// connected, events per second, reconnections) with charts of the last
// minutes, and the kitchen's throughput over the last hour, from the "/admin"
// feed. The server's own figures are the operator's (/metrics).

import type { ReactNode } from "react";

import { ManagerHeader } from "../components";
import type { Session } from "../session";
import { useAdminFeed, type AdminSample } from "./admin-feed";
import { formatNumber, Sparkline } from "./sparkline";
import { minutesSeconds } from "./speed-report";

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

export function DashboardPage({ session, onLogout, onAuthFailure }: { session: Session; onLogout: () => void; onAuthFailure: () => void }) {
  const { samples, throughput, state, error } = useAdminFeed(session, onAuthFailure);
  const latest = samples.at(-1);
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
          <p className="muted">Your restaurant's screens and dashboards</p>
          <Sparkline values={series((s) => s.connections.total)} label="Connections over the last minutes" testId="dash-connections-chart" />
        </Stat>
        <Stat label="Events per second" value={latest ? formatNumber(latest.eventsPerSecond) : "–"} unit="/s" testId="dash-events-per-second">
          <p className="muted">Sent to your restaurant's rooms</p>
          <Sparkline values={series((s) => s.eventsPerSecond)} label="Events per second over the last minutes" testId="dash-events-chart" />
        </Stat>
        <Stat label="Reconnections" value={latest ? String(latest.reconnections) : "–"} testId="dash-reconnections">
          <p className="muted">Screens back within moments of dropping, in the last second</p>
          <Sparkline values={series((s) => s.reconnections)} label="Reconnections over the last minutes" testId="dash-reconnections-chart" />
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

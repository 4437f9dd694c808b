// /audit, for managers: every back-office change, newest first, a page at a
// time ("Load older" follows the server's `next`), each as a sentence.

import { useCallback, useEffect, useMemo, useState } from "react";

import { apiFor } from "../api";
import { ManagerHeader } from "../components";
import type { Session } from "../session";
import { auditSentence } from "./audit-sentence";
import { listStaff, messageOf, readAudit, shortDateTime, type AuditEntry } from "./back-office";

const pageSize = 50;

export function AuditPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [staffNames, setStaffNames] = useState<ReadonlyMap<number, string>>(new Map());

  const load = useCallback(
    async (before: number | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await readAudit(api, before, pageSize);
        setEntries((all) => (before ? [...all, ...page.entries] : page.entries));
        setNext(page.next);
        setLoaded(true);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void load(null);
    listStaff(api)
      .then((staff) => setStaffNames(new Map(staff.map((m) => [m.staffId, m.name]))))
      .catch(() => {}); // Without names the sentences say "staff:7": still true.
  }, [api, load]);

  return (
    <main className="admin-page">
      <ManagerHeader title="Audit log" current="/audit" who={session.name} onLogout={onLogout} />
      <section className="panel" aria-label="Audit log">
        <h2>Changes, newest first</h2>
        {loaded && entries.length === 0 && <p className="muted">Nothing has been changed yet.</p>}
        <ol className="audit-list">
          {entries.map((entry) => (
            <li key={entry.auditId} data-testid="audit-entry">
              <time dateTime={entry.at} className="muted">
                {shortDateTime(entry.at)}
              </time>
              <span>{auditSentence(entry, staffNames)}</span>
            </li>
          ))}
        </ol>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {next !== null && (
          <button type="button" disabled={busy} onClick={() => void load(next)}>
            {busy ? "Loading…" : "Load older"}
          </button>
        )}
      </section>
    </main>
  );
}

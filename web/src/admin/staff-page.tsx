// /staff, for managers: the restaurant's staff, deactivated members too, with
// the form to add one and each member's controls (staff-row.tsx). Every
// change is in the audit log (/audit).

import { useEffect, useMemo, useState } from "react";

import { apiFor } from "../api";
import { ManagerHeader } from "../components";
import type { Session } from "../session";
import { AddStaffForm } from "./add-staff-form";
import { listStaff, messageOf, type StaffMember } from "./back-office";
import { StaffRow } from "./staff-row";

export function StaffPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listStaff(api)
      .then(setStaff)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [api]);

  const replace = (member: StaffMember) =>
    setStaff((all) => (all ?? []).map((m) => (m.staffId === member.staffId ? member : m)));
  const add = (member: StaffMember) => setStaff((all) => [...(all ?? []), member]);

  return (
    <main className="admin-page">
      <ManagerHeader title="Staff" current="/staff" who={session.name} onLogout={onLogout} />
      <AddStaffForm api={api} onAdded={add} />
      <section className="panel" aria-label="Staff">
        <h2>Staff</h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {staff === null && !error && <p className="muted">Loading…</p>}
        <ul className="staff-list">
          {(staff ?? []).map((member) => (
            <StaffRow key={member.staffId} api={api} member={member} isSelf={String(member.staffId) === session.id} onChanged={replace} />
          ))}
        </ul>
      </section>
    </main>
  );
}

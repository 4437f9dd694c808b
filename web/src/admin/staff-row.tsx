// One member of staff and what a manager may do to them: rename, change the
// role, deactivate or reactivate (their phones are logged out at once), reset
// the password. A manager's own role and account are locked here, as on the
// server (409 own_account), so a restaurant always keeps a manager.

import { useState } from "react";

import type { Api } from "../api";
import { messageOf, staffRoles, type StaffMember, type StaffRole } from "./back-office";
import { ConfirmAction } from "./confirm-action";
import { PasswordForm, RenameForm } from "./staff-edit-forms";

export function StaffRow({
  api,
  member,
  isSelf,
  onChanged,
}: {
  api: Api;
  member: StaffMember;
  isSelf: boolean;
  onChanged: (member: StaffMember) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function change(body: Partial<Pick<StaffMember, "name" | "role" | "active">>, what: string): Promise<boolean> {
    setError(null);
    setDone(null);
    try {
      onChanged(await api.patch<StaffMember>(`/api/admin/staff/${member.staffId}`, body));
      setDone(what);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  }

  async function resetPassword(password: string): Promise<boolean> {
    setError(null);
    setDone(null);
    try {
      await api.post(`/api/admin/staff/${member.staffId}/password`, { password });
      setDone(`${member.name}'s password was changed; their phones were logged out.`);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  }

  const rowId = `staff-${member.username}`;
  return (
    <li className={`staff-row${member.active ? "" : " inactive"}`} data-testid={rowId} aria-labelledby={`${rowId}-name`}>
      <div className="staff-who">
        <strong id={`${rowId}-name`}>{member.name}</strong>
        <span className="muted">{member.username}</span>
        <span className="badge">{member.role}</span>
        <span className={`badge ${member.active ? "badge-ready" : "badge-cancelled"}`}>{member.active ? "Active" : "Deactivated"}</span>
        {isSelf && <span className="muted small">You</span>}
      </div>
      <div className="actions">
        <RenameForm name={member.name} onSave={(name) => change({ name }, `Renamed to ${name}.`)} />
        <label className="inline-label">
          Role
          <select
            value={member.role}
            disabled={isSelf}
            aria-label={`Role of ${member.name}`}
            onChange={(e) => {
              const role = e.target.value as StaffRole;
              void change({ role }, `${member.name} is now a ${role}; their phones were logged out.`);
            }}
          >
            {staffRoles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        {member.active ? (
          <ConfirmAction
            label={`Deactivate ${member.name}`}
            confirmLabel={`Yes, deactivate ${member.name}`}
            warning={`${member.name} will be logged out of every phone and screen at once, and cannot log in until reactivated.`}
            disabled={isSelf}
            onConfirm={async () => void (await change({ active: false }, `${member.name} was deactivated and logged out.`))}
          />
        ) : (
          <ConfirmAction
            label={`Reactivate ${member.name}`}
            confirmLabel={`Yes, reactivate ${member.name}`}
            warning={`${member.name} will be able to log in again.`}
            onConfirm={async () => void (await change({ active: true }, `${member.name} can log in again.`))}
          />
        )}
        <PasswordForm name={member.name} onSave={resetPassword} />
      </div>
      {isSelf && <p className="muted small">You cannot change your own role or deactivate yourself: ask another manager.</p>}
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

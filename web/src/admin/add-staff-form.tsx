// Adding a member of staff: name, username, role and a first password. The
// server checks every field (docs/api.md); its answer to a bad one is shown
// next to that field, "username taken" included.

import { useState, type FormEvent } from "react";

import { ApiError, type Api } from "../api";
import { staffRoles, type StaffMember, type StaffRole } from "./back-office";

type Field = "name" | "username" | "role" | "password";
const fields: readonly Field[] = ["name", "username", "role", "password"];

function fieldOf(error: ApiError): Field | null {
  if (error.code === "username_taken") return "username";
  const field = error.field;
  return fields.includes(field as Field) ? (field as Field) : null;
}

export function AddStaffForm({ api, onAdded }: { api: Api; onAdded: (member: StaffMember) => void }) {
  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<StaffRole>("waiter");
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<{ field: Field; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFieldError(null);
    setError(null);
    try {
      const member = await api.post<StaffMember>("/api/admin/staff", { name, username, role, password });
      setName("");
      setUsername("");
      setPassword("");
      onAdded(member);
    } catch (e) {
      const field = e instanceof ApiError ? fieldOf(e) : null;
      if (field) setFieldError({ field, message: (e as ApiError).message });
      else setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const hint = (field: Field) =>
    fieldError?.field === field ? (
      <span className="field-error" id={`add-${field}-error`} role="alert">
        {fieldError.message}
      </span>
    ) : null;
  const described = (field: Field) => (fieldError?.field === field ? `add-${field}-error` : undefined);

  return (
    <form className="panel form-grid" onSubmit={submit} aria-label="Add a member of staff">
      <h2 className="form-title">Add a member of staff</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} aria-describedby={described("name")} />
        {hint("name")}
      </label>
      <label>
        Username
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoCapitalize="none"
          autoComplete="off"
          aria-describedby={described("username")}
        />
        {hint("username")}
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)} aria-describedby={described("role")}>
          {staffRoles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {hint("role")}
      </label>
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="new-password"
          aria-describedby={described("password")}
        />
        {hint("password")}
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Add
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

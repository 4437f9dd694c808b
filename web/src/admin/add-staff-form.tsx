// Adding a member of staff: name, username, role and a first password. The
// server checks every field (docs/api.md); its answer to a bad one is shown
// next to that field, "username taken" included.

import { useState } from "react";

import type { Api } from "../api";
import { staffRoles, type StaffMember, type StaffRole } from "./back-office";
import { Field, FormButtons, SelectField, useApiForm } from "./form-kit";

export function AddStaffForm({ api, onAdded }: { api: Api; onAdded: (member: StaffMember) => void }) {
  const [name, setName] = useState("");
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<StaffRole>("waiter");
  const [password, setPassword] = useState("");
  const form = useApiForm("add", ["name", "username", "role", "password"] as const);

  const add = async () => {
    const member = await api.post<StaffMember>("/api/admin/staff", { name, username, role, password });
    setName("");
    setUsername("");
    setPassword("");
    onAdded(member);
  };

  return (
    <form className="panel form-grid" onSubmit={form.onSubmit(add)} aria-label="Add a member of staff">
      <h2 className="form-title">Add a member of staff</h2>
      <Field form={form} field="name" label="Name" value={name} onChange={setName} required maxLength={80} />
      <Field
        form={form}
        field="username"
        label="Username"
        value={username}
        onChange={setUsername}
        required
        autoCapitalize="none"
        autoComplete="off"
      />
      <SelectField
        form={form}
        field="role"
        label="Role"
        value={role}
        onChange={(value) => setRole(value as StaffRole)}
        choices={staffRoles.map((r) => [r, r] as const)}
      />
      <Field
        form={form}
        field="password"
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        required
        autoComplete="new-password"
      />
      <FormButtons form={form} submitLabel="Add" />
    </form>
  );
}

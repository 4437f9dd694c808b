// The two small in-place forms of a staff row: a new name, a new password.
// Each opens from a button, and saves or cancels; the row shows errors.

import { useState, type FormEvent } from "react";

function InlineForm({
  label,
  inputLabel,
  initial,
  type = "text",
  submitLabel,
  onSave,
}: {
  label: string;
  inputLabel: string;
  initial: string;
  type?: "text" | "password";
  submitLabel: string;
  onSave: (value: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" onClick={() => { setValue(initial); setOpen(true); }}>
        {label}
      </button>
    );
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const saved = await onSave(value);
    setBusy(false);
    if (saved) setOpen(false);
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={label}>
      <label>
        {inputLabel}
        <input
          type={type}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          autoFocus
          autoComplete={type === "password" ? "new-password" : "off"}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

export function RenameForm({ name, onSave }: { name: string; onSave: (name: string) => Promise<boolean> }) {
  return <InlineForm label={`Rename ${name}`} inputLabel="New name" initial={name} submitLabel="Save name" onSave={onSave} />;
}

export function PasswordForm({ name, onSave }: { name: string; onSave: (password: string) => Promise<boolean> }) {
  return (
    <InlineForm
      label={`Reset ${name}'s password`}
      inputLabel="New password (8 characters or more)"
      initial=""
      type="password"
      submitLabel="Set password"
      onSave={onSave}
    />
  );
}

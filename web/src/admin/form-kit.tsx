// What every back-office form shares: sending one request at a time, and
// showing the server's refusal next to the field it names (docs/api.md
// "Errors": `field`), or above the buttons when it names none.

import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";

import { ApiError } from "../api";
import { messageOf } from "./back-office";

/** A message when there is one: an error is announced at once, what was done politely. */
function Message({ children, error }: { children: ReactNode; error: boolean }) {
  return children ? (
    <p className={error ? "error" : "muted"} role={error ? "alert" : "status"}>
      {children}
    </p>
  ) : null;
}

export const Alert = ({ children }: { children: ReactNode }) => <Message error>{children}</Message>;
export const Done = ({ children }: { children: ReactNode }) => <Message error={false}>{children}</Message>;

/**
 * A form's state: `submit(action)` runs one request, and a refusal naming one
 * of `fields` (`items[2].price` names `items`... so the part before a dot or
 * bracket counts) shows at that field through `hint` and `describedBy`; any
 * other error is `error`. Element ids start with `idPrefix`, unique per page.
 */
export function useApiForm<F extends string>(idPrefix: string, fields: readonly F[]) {
  const [fieldError, setFieldError] = useState<{ field: F; message: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function fieldOf(e: unknown): F | null {
    if (!(e instanceof ApiError) || !e.field) return null;
    const field = e.field.split(/[.[]/)[0] as F;
    return fields.includes(field) ? field : null;
  }

  /** Runs `action` (the form's request); true when it succeeded. */
  async function submit(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setFieldError(null);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      const field = fieldOf(e);
      if (field) setFieldError({ field, message: messageOf(e) });
      else setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const errorId = (field: F) => `${idPrefix}-${field}-error`;
  return {
    busy,
    error,
    submit,
    onSubmit: (action: () => Promise<void>) => (event: FormEvent) => {
      event.preventDefault();
      void submit(action);
    },
    hint: (field: F) =>
      fieldError?.field === field ? (
        <span className="field-error" id={errorId(field)} role="alert">
          {fieldError.message}
        </span>
      ) : null,
    describedBy: (field: F) => (fieldError?.field === field ? errorId(field) : undefined),
  };
}

export type ApiForm<F extends string> = ReturnType<typeof useApiForm<F>>;

/** A labelled input whose server error shows under it. */
export function Field<F extends string>({
  form,
  field,
  label,
  value,
  onChange,
  ...input
}: {
  form: ApiForm<F>;
  field: F;
  label: string;
  value: string | number;
  onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "form" | "value" | "onChange">) {
  return (
    <label>
      {label}
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={form.describedBy(field)} />
      {form.hint(field)}
    </label>
  );
}

/** A labelled select of `choices` ([value, label]) whose server error shows under it. */
export function SelectField<F extends string>({
  form,
  field,
  label,
  value,
  onChange,
  choices,
}: {
  form: ApiForm<F>;
  field: F;
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly (readonly [value: string | number, label: string])[];
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={form.describedBy(field)}>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
      {form.hint(field)}
    </label>
  );
}

/** A form's buttons and its error: the submit button, and Cancel when the form can close. */
export function FormButtons({
  form,
  submitLabel,
  onCancel,
}: {
  form: Pick<ApiForm<string>, "busy" | "error">;
  submitLabel: string;
  onCancel?: () => void;
}) {
  return (
    <>
      <div className="actions form-buttons">
        <button type="submit" className="primary" disabled={form.busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" disabled={form.busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <Alert>{form.error}</Alert>
    </>
  );
}

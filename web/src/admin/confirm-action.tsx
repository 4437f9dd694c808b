// A button whose action is asked about first, in place (no hover, no browser
// dialog): a tap shows what will happen with "Yes, …" and "Keep" buttons,
// large enough for a finger on a tablet.

import { useState, type ReactNode } from "react";

export function ConfirmAction({
  label,
  confirmLabel,
  warning,
  disabled = false,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  warning: ReactNode;
  disabled?: boolean;
  onConfirm: () => Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p className="notice">{warning}</p>
      <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
        {confirmLabel}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        Keep
      </button>
    </div>
  );
}

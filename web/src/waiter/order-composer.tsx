// Taking an order (or adding to one) from the menu: quantities and a note per
// line, a note for the order. Idempotency-Key on creation is not needed here:
// the button is disabled while the request runs, and a retry after an error is
// the waiter's decision.

import { useMemo, useState, type FormEvent } from "react";

import type { MenuItem } from "../catalog";
import { money } from "../components";

export interface ComposedLine {
  menuItemId: number;
  quantity: number;
  notes?: string;
}

export function OrderComposer({
  menu,
  title,
  mode,
  onSubmit,
  onCancel,
}: {
  menu: MenuItem[];
  title: string;
  mode: "create" | "add";
  onSubmit: (lines: ComposedLine[], notes: string, sendToKitchen: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [lineNotes, setLineNotes] = useState<Record<number, string>>({});
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);

  const categories = useMemo(() => {
    const groups = new Map<string, MenuItem[]>();
    for (const item of menu) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
    return [...groups.entries()];
  }, [menu]);

  const lines: ComposedLine[] = menu
    .filter((item) => (quantities[item.menuItemId] ?? 0) > 0)
    .map((item) => {
      const note = lineNotes[item.menuItemId]?.trim();
      return { menuItemId: item.menuItemId, quantity: quantities[item.menuItemId]!, ...(note ? { notes: note } : {}) };
    });
  const total = lines.reduce((sum, line) => sum + line.quantity * (menu.find((m) => m.menuItemId === line.menuItemId)?.price ?? 0), 0);

  const change = (id: number, delta: number) =>
    setQuantities((q) => ({ ...q, [id]: Math.max(0, Math.min(99, (q[id] ?? 0) + delta)) }));

  async function submit(sendToKitchen: boolean, event?: FormEvent) {
    event?.preventDefault();
    if (lines.length === 0) return;
    setBusy(true);
    try {
      await onSubmit(lines, notes.trim(), sendToKitchen);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="composer" onSubmit={(e) => void submit(true, e)} aria-label={title}>
      <h2>{title}</h2>
      {categories.map(([category, items]) => (
        <fieldset key={category}>
          <legend>{category}</legend>
          {items.map((item) => {
            const quantity = quantities[item.menuItemId] ?? 0;
            return (
              <div key={item.menuItemId} className={`menu-line${item.available ? "" : " sold-out"}`}>
                <span className="name">{item.name}</span>
                <span className="price">{item.available ? money(item.price) : "Sold out"}</span>
                <div className="stepper" role="group" aria-label={`Quantity of ${item.name}`}>
                  <button type="button" aria-label={`One less ${item.name}`} disabled={quantity === 0} onClick={() => change(item.menuItemId, -1)}>
                    −
                  </button>
                  <output aria-live="polite" data-testid={`qty-${item.menuItemId}`}>
                    {quantity}
                  </output>
                  <button type="button" aria-label={`One more ${item.name}`} disabled={!item.available} onClick={() => change(item.menuItemId, 1)}>
                    +
                  </button>
                </div>
                {quantity > 0 && (
                  <input
                    className="line-note"
                    aria-label={`Note for ${item.name}`}
                    placeholder="Note (e.g. no onions)"
                    maxLength={200}
                    value={lineNotes[item.menuItemId] ?? ""}
                    onChange={(e) => setLineNotes((n) => ({ ...n, [item.menuItemId]: e.target.value }))}
                  />
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      {mode === "create" && (
        <label>
          Order note
          <input value={notes} maxLength={1000} onChange={(e) => setNotes(e.target.value)} placeholder="e.g. birthday" />
        </label>
      )}
      <div className="composer-footer">
        <span className="amount">
          {lines.reduce((n, l) => n + l.quantity, 0)} items · {money(total)}
        </span>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
        {mode === "create" && (
          <button type="button" disabled={busy || lines.length === 0} onClick={() => void submit(false)}>
            Save without sending
          </button>
        )}
        <button type="submit" className="primary" disabled={busy || lines.length === 0}>
          {mode === "create" ? "Send to kitchen" : "Add to order"}
        </button>
      </div>
    </form>
  );
}

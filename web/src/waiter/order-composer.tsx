// Taking an order (or adding to one) from the menu: per dish its lines, each
// with its quantity, chosen options, seat, course and note, and a note for the
// order. A dish's "+" adds to its last line; "Another … with other choices"
// starts a new line. Sending is refused here, with a message, while a line
// misses a required choice or a dish is sold out. Idempotency-Key on creation
// is not needed here: the button is disabled while the request runs, and a
// retry after an error is the waiter's decision.

import type { MenuItem, OrderLineRequest } from "@brigade/client";
import { useMemo, useState, type FormEvent } from "react";

import { money } from "../components";
import { AllergenBadges } from "../menu-details";
import { lineLabel, linePrice, newLine, toRequest, whyNotSendable, type DraftLine } from "./draft-lines";
import { LineEditor } from "./line-editor";

export type ComposedLine = OrderLineRequest;

export function OrderComposer({
  menu,
  seats,
  title,
  mode,
  onSubmit,
  onCancel,
}: {
  menu: MenuItem[];
  /** The table's seats, for the seat picker. */
  seats: number;
  title: string;
  mode: "create" | "add";
  onSubmit: (lines: ComposedLine[], notes: string, sendToKitchen: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  // Once a send was refused, the message follows the lines: it goes when they are fixed.
  const [refused, setRefused] = useState(false);
  const refusal = refused ? whyNotSendable(lines, menu) : null;

  const categories = useMemo(() => {
    const groups = new Map<string, MenuItem[]>();
    for (const item of menu) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
    return [...groups.entries()];
  }, [menu]);

  const itemOf = (line: DraftLine) => menu.find((m) => m.menuItemId === line.menuItemId);
  const total = lines.reduce((sum, line) => {
    const item = itemOf(line);
    return sum + (item ? linePrice(line, item) : 0);
  }, 0);

  const update = (next: DraftLine) => setLines((all) => all.map((l) => (l.key === next.key ? next : l)));
  const remove = (key: number) => setLines((all) => all.filter((l) => l.key !== key));
  const linesOf = (item: MenuItem) => lines.filter((l) => l.menuItemId === item.menuItemId);

  /** "+" on a dish: one more on its last line, or its first line. */
  function more(item: MenuItem) {
    const last = linesOf(item).at(-1);
    if (!last) setLines((all) => [...all, newLine(item)]);
    else if (last.quantity < 99) update({ ...last, quantity: last.quantity + 1 });
  }

  /** "−" on a dish: one less on its last line, which goes at zero. */
  function less(item: MenuItem) {
    const last = linesOf(item).at(-1);
    if (!last) return;
    if (last.quantity > 1) update({ ...last, quantity: last.quantity - 1 });
    else remove(last.key);
  }

  async function submit(sendToKitchen: boolean, event?: FormEvent) {
    event?.preventDefault();
    if (lines.length === 0) return;
    setRefused(true);
    if (whyNotSendable(lines, menu) !== null) return;
    setBusy(true);
    try {
      await onSubmit(lines.map((line) => toRequest(line, itemOf(line)!)), notes.trim(), sendToKitchen);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="composer" onSubmit={(e) => void submit(true, e)} aria-label={title} noValidate>
      <h2>{title}</h2>
      {categories.map(([category, items]) => (
        <fieldset key={category}>
          <legend>{category || "Other"}</legend>
          {items.map((item) => {
            const own = linesOf(item);
            const quantity = own.reduce((n, l) => n + l.quantity, 0);
            return (
              <div key={item.menuItemId} className={`menu-line${item.available ? "" : " sold-out"}`}>
                <span className="name">
                  {item.name}
                  <AllergenBadges codes={item.allergens} />
                </span>
                <span className="price">{item.available ? money(item.price) : "Sold out"}</span>
                <div className="stepper" role="group" aria-label={`Quantity of ${item.name}`}>
                  <button type="button" aria-label={`One less ${item.name}`} disabled={quantity === 0} onClick={() => less(item)}>
                    −
                  </button>
                  <output aria-live="polite" data-testid={`qty-${item.menuItemId}`}>
                    {quantity}
                  </output>
                  <button type="button" aria-label={`One more ${item.name}`} disabled={!item.available} onClick={() => more(item)}>
                    +
                  </button>
                </div>
                {own.map((line) => (
                  <LineEditor
                    key={line.key}
                    line={line}
                    item={item}
                    label={lineLabel(line, lines, item)}
                    seats={seats}
                    showProblems={refusal !== null}
                    several={own.length > 1}
                    onChange={update}
                    onRemove={() => remove(line.key)}
                  />
                ))}
                {own.length > 0 && item.available && (
                  <button type="button" className="small another-line" onClick={() => setLines((all) => [...all, newLine(item)])}>
                    Another {item.name} with other choices
                  </button>
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
        {refusal && (
          <p className="composer-refusal" role="alert" data-testid="composer-refusal">
            {refusal}
          </p>
        )}
        <span className="amount" data-testid="composer-total">
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

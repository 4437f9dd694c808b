// The bump bar: the kitchen's keyboard (a bump bar sends keys). Digits 1–9 or
// the arrow keys select a ticket, Home the oldest; Enter or B bumps the
// selected ticket (its next step), S starts it, P cycles its priority, R
// recalls the last bump. With nothing chosen, the first ticket is selected.
// Keys typed into a field are the field's; Enter on a button reached with
// the keyboard presses that button.

import { useEffect, useRef, useState } from "react";

import type { KitchenPriority } from "@brigade/client";

export interface BumpBarActions {
  bump: (kitchenOrderId: number) => void;
  start: (kitchenOrderId: number) => void;
  cyclePriority: (kitchenOrderId: number) => void;
  recall: () => void;
}

const priorities: readonly KitchenPriority[] = ["normal", "express", "vip"];

/** normal → express → vip → normal. */
export function nextPriority(priority: KitchenPriority): KitchenPriority {
  return priorities[(priorities.indexOf(priority) + 1) % priorities.length]!;
}

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches("input, textarea, select"));
}

/** A control the cook reached with the keyboard: Enter is for it. */
function keyboardFocusedControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches("button, a, summary") && target.matches(":focus-visible");
}

/**
 * `ticketIds`: the board's tickets in the order shown; `oldestId`: the one
 * waiting longest. Returns the selected ticket.
 */
export function useBumpBar(ticketIds: number[], oldestId: number | null, actions: BumpBarActions): number | null {
  const [selection, setSelection] = useState<{ id: number | null; index: number }>({ id: null, index: 0 });
  // A ticket that left the board hands the selection to the one now in its place.
  const selected = selection.id !== null && ticketIds.includes(selection.id) ? selection.id : (ticketIds[Math.min(selection.index, ticketIds.length - 1)] ?? null);
  const state = useRef({ ticketIds, oldestId, actions, selected });
  state.current = { ticketIds, oldestId, actions, selected };

  useEffect(() => {
    const select = (index: number) => {
      const id = state.current.ticketIds[index];
      if (id !== undefined) setSelection({ id, index });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typingIn(event.target)) return;
      const { ticketIds: ids, oldestId: oldest, actions: act, selected: current } = state.current;
      const at = current === null ? -1 : ids.indexOf(current);
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      let handled = true;
      if (/^[1-9]$/.test(key)) select(Number(key) - 1);
      else if (key === "ArrowRight" || key === "ArrowDown") select(Math.min(at + 1, ids.length - 1));
      else if (key === "ArrowLeft" || key === "ArrowUp") select(Math.max(at - 1, 0));
      else if (key === "Home") {
        if (oldest !== null) select(ids.indexOf(oldest));
      } else if (key === "Enter" && keyboardFocusedControl(event.target)) handled = false;
      else if ((key === "Enter" || key === "b") && current !== null) act.bump(current);
      else if (key === "s" && current !== null) act.start(current);
      else if (key === "p" && current !== null) act.cyclePriority(current);
      else if (key === "r") act.recall();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return selected;
}

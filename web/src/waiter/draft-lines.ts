// The lines of an order being composed, before they are sent: a dish with
// its quantity, chosen options, seat, course and note. Two lines of the same
// dish with different choices stay two lines. Pure functions, no React.

import type { MenuItem, ModifierGroup, OrderLineRequest } from "@brigade/client";

export interface DraftLine {
  /** Stable while composing: React's key and the radio buttons' name. */
  key: number;
  menuItemId: number;
  quantity: number;
  /** Chosen options, of any of the dish's groups. */
  optionIds: number[];
  /** null: for the table, shared. */
  seat: number | null;
  course: number;
  notes: string;
}

let nextKey = 1;

export function newLine(item: MenuItem): DraftLine {
  return { key: nextKey++, menuItemId: item.menuItemId, quantity: 1, optionIds: [], seat: null, course: item.course, notes: "" };
}

/** "Classic Burger" for a dish's first line, "Classic Burger #2" for its second, as the composer labels them. */
export function lineLabel(line: DraftLine, lines: DraftLine[], item: MenuItem): string {
  const index = lines.filter((l) => l.menuItemId === line.menuItemId).indexOf(line);
  return index <= 0 ? item.name : `${item.name} #${index + 1}`;
}

/** The fewest choices `group` takes: a required group takes at least one whatever its minimum says. */
export function minimumOf(group: ModifierGroup): number {
  return Math.max(group.minChoices, group.required ? 1 : 0);
}

/** Whether the group is one pick among its options (radio buttons) rather than several (check boxes). */
export function isSingleChoice(group: ModifierGroup): boolean {
  return group.maxChoices === 1;
}

/** "choose 1", "choose 1 to 3", "up to 3 choices". */
export function choiceRule(group: ModifierGroup): string {
  const min = minimumOf(group);
  if (min === group.maxChoices) return `choose ${min}`;
  if (min === 0) return `up to ${group.maxChoices} ${group.maxChoices === 1 ? "choice" : "choices"}`;
  return `choose ${min} to ${group.maxChoices}`;
}

export function chosenIn(group: ModifierGroup, line: DraftLine): number[] {
  return group.options.filter((o) => line.optionIds.includes(o.optionId)).map((o) => o.optionId);
}

/** The line's choices for `group` after a tap on `optionId`: a radio replaces, a check box toggles within the maximum. */
export function toggleOption(line: DraftLine, group: ModifierGroup, optionId: number, on: boolean): DraftLine {
  const ofGroup = new Set(group.options.map((o) => o.optionId));
  const others = line.optionIds.filter((id) => !ofGroup.has(id));
  const mine = chosenIn(group, line);
  let next: number[];
  if (isSingleChoice(group)) next = on ? [optionId] : [];
  else if (!on) next = mine.filter((id) => id !== optionId);
  else next = mine.length < group.maxChoices && !mine.includes(optionId) ? [...mine, optionId] : mine;
  return { ...line, optionIds: [...others, ...next] };
}

/** Whether `group`'s choices on the line are outside its rule. */
export function groupUnmet(group: ModifierGroup, line: DraftLine): boolean {
  const count = chosenIn(group, line).length;
  return count < minimumOf(group) || count > group.maxChoices;
}

/** The price of one unit: the dish's base price and the chosen options' deltas. */
export function unitPriceOf(line: DraftLine, item: MenuItem): number {
  let price = item.price;
  for (const group of item.modifierGroups) {
    for (const option of group.options) if (line.optionIds.includes(option.optionId)) price += option.priceDelta;
  }
  return price;
}

/** quantity × (base price + deltas), rounded to the cent as the server does. */
export function linePrice(line: DraftLine, item: MenuItem): number {
  return Math.round(line.quantity * unitPriceOf(line, item) * 100) / 100;
}

/**
 * Why the lines cannot be sent yet, in words the waiter acts on, or null:
 * a sold-out dish first ("Classic Burger is sold out"), then each unmet
 * group ("Classic Burger: Cooking, choose 1").
 */
export function whyNotSendable(lines: DraftLine[], menu: MenuItem[]): string | null {
  const problems: string[] = [];
  for (const line of lines) {
    const item = menu.find((m) => m.menuItemId === line.menuItemId);
    if (!item) problems.push(`Dish #${line.menuItemId} is no longer on the menu`);
    else if (!item.available) problems.push(`${item.name} is sold out: take it off the order`);
  }
  if (problems.length > 0) return problems.join(". ");
  for (const line of lines) {
    const item = menu.find((m) => m.menuItemId === line.menuItemId)!;
    for (const group of item.modifierGroups) {
      if (groupUnmet(group, line)) problems.push(`${lineLabel(line, lines, item)}: ${group.name}, ${choiceRule(group)}`);
    }
  }
  return problems.length > 0 ? `Before sending: ${problems.join("; ")}` : null;
}

/** The line as POST /api/orders takes it: options in the menu's order, modifiers, seat and note only when there are some. */
export function toRequest(line: DraftLine, item: MenuItem): OrderLineRequest {
  const notes = line.notes.trim();
  const chosen = item.modifierGroups.flatMap((group) => chosenIn(group, line));
  return {
    menuItemId: line.menuItemId,
    quantity: line.quantity,
    ...(notes ? { notes } : {}),
    ...(chosen.length > 0 ? { modifiers: chosen.map((optionId) => ({ optionId })) } : {}),
    ...(line.seat !== null ? { seat: line.seat } : {}),
    course: line.course,
  };
}

// The menu's back office (docs/api.md, /api/admin/menu/…): reading the whole
// menu, the words a manager sees for courses and modifier rules, and the
// answers of an import. Managers only (permission manage_menu).

import type { Api } from "../api";
import type { Menu, ModifierGroup } from "../catalog";
import { courseLabel as kitchenCourseLabel, courses } from "../menu-details";

export const loadMenu = (api: Api) => api.get<Menu>("/api/menu");

export { courses };

/** "Course 2 (mains)", "Course 4": the number a manager sets, with the kitchen's name for it. */
export function courseLabel(course: number): string {
  const named = kitchenCourseLabel(course);
  return named === `Course ${course}` ? named : `Course ${course} (${named.toLowerCase()})`;
}

/** "pick 1, required", "pick 0–3". */
export function choiceRule(group: Pick<ModifierGroup, "minChoices" | "maxChoices">): string {
  const { minChoices: min, maxChoices: max } = group;
  const pick = min === max ? `pick ${min}` : `pick ${min}–${max}`;
  return min >= 1 ? `${pick}, required` : pick;
}

/** A price change as the menu prints it: "+1.50", "-2.00", "+0.00". */
export function priceDelta(amount: number): string {
  return `${amount < 0 ? "-" : "+"}${Math.abs(amount).toFixed(2)}`;
}

/** Tags as typed ("Signature, vegan spicy") → the server's lower-case words. */
export function parseTags(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((tag) => tag !== "");
}

export type ImportMode = "merge" | "replace";

export interface ImportCounts {
  categories: { created: number; updated: number };
  modifierGroups: { created: number; updated: number };
  items: { created: number; updated: number; archived: number };
}

/** One reason a file was refused: CSV errors name a `line` (1 = the header), JSON ones a `path` (JSON pointer). */
export interface ImportError {
  line?: number;
  path?: string;
  field?: string;
  message: string;
}

/** The errors of a 400 invalid_menu, as listed in its `errors`. */
export function importErrorsOf(details: Readonly<Record<string, unknown>>): ImportError[] {
  const errors = details.errors;
  return Array.isArray(errors) ? (errors as ImportError[]).filter((e) => e && typeof e.message === "string") : [];
}

/** What an upload is, for its Content-Type: a .csv is CSV, anything else JSON. */
export function contentTypeOf(file: File): "text/csv" | "application/json" {
  return file.type === "text/csv" || file.name.toLowerCase().endsWith(".csv") ? "text/csv" : "application/json";
}

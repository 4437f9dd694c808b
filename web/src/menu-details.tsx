// What an order line carries besides its dish (modifiers, seat, course,
// allergens), in words the floor and the kitchen read: shared by the waiter's
// cards, the kitchen tickets and the table display.

import { ALLERGEN_CODES, type OrderItem, type OrderItemModifier } from "@brigade/client";

import { allergenLabel } from "./catalog";
import { money } from "./components";

export { allergenLabel };

/** `codes` in the regulation's display order, unknown codes last. */
export function sortedAllergens(codes: readonly string[]): string[] {
  const rank = (code: string) => {
    const at = (ALLERGEN_CODES as readonly string[]).indexOf(code);
    return at < 0 ? ALLERGEN_CODES.length : at;
  };
  return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const courseNames: Record<number, string> = { 1: "Starters", 2: "Mains", 3: "Desserts" };

/** "Starters", "Mains", "Desserts", or "Course 4". */
export function courseLabel(course: number): string {
  return courseNames[course] ?? `Course ${course}`;
}

/** The courses an order line may be sent with. */
export const courses = [1, 2, 3, 4, 5] as const;

/** "medium", "cheese +1.50", "no sauce −0.50". */
export function modifierText(modifier: Pick<OrderItemModifier, "name" | "priceDelta">): string {
  if (modifier.priceDelta === 0) return modifier.name;
  return `${modifier.name} ${modifier.priceDelta > 0 ? "+" : "−"}${money(Math.abs(modifier.priceDelta))}`;
}

/**
 * The allergens of a dish as short badges with their names in text. `alert`
 * (the kitchen) puts them in a bold warning box that says "Allergens" in
 * words, so neither colour nor an icon alone carries the warning.
 */
export function AllergenBadges({ codes, tone = "plain" }: { codes: readonly string[]; tone?: "plain" | "alert" }) {
  if (codes.length === 0) return null;
  const sorted = sortedAllergens(codes);
  if (tone === "alert") {
    return (
      <div className="allergen-alert" data-testid="allergen-alert">
        <strong className="allergen-alert-title">
          <span aria-hidden="true">⚠ </span>Allergens:
        </strong>{" "}
        {sorted.map((code) => (
          <span key={code} className="allergen-alert-name">
            {allergenLabel(code)}
          </span>
        ))}
      </div>
    );
  }
  return (
    <span className="allergens" aria-label={`Allergens: ${sorted.map(allergenLabel).join(", ")}`}>
      {sorted.map((code) => (
        <span key={code} className="allergen-badge" aria-hidden="true">
          {allergenLabel(code)}
        </span>
      ))}
    </span>
  );
}

/** An order line's modifiers, seat and course, on one line under the dish ("medium · cheese +1.50 · Seat 2 · Mains"). */
export function ItemDetails({ item }: { item: Pick<OrderItem, "modifiers" | "seat" | "course"> }) {
  const parts = item.modifiers.map(modifierText);
  if (item.seat !== null) parts.push(`Seat ${item.seat}`);
  parts.push(courseLabel(item.course));
  return <span className="item-details">{parts.join(" · ")}</span>;
}
